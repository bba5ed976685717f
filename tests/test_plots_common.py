"""Tests for analysis.plots.common: article labels (short, unique, titles not stems), CSV label column."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.plots.common import LABEL_WIDTH, article_labels, labels_for, shorten, text_width, with_label


def articles(*titles):
    return pd.DataFrame({"article": [f"{i:03d}_x" for i in range(len(titles))], "label": list(titles)})


def test_titles_not_stems():
    labels = article_labels(articles("大模型搞砸！烧光3000万，CTO被裁", "电动车价格战：谁在裸泳？"))
    assert labels == {"000_x": "大模型搞砸！烧光3000万，CTO被裁", "001_x": "电动车价格战：谁在裸泳？"}


def test_long_titles_cut_with_ellipsis():
    title = "AI大模型创业展望(2)：大模型团队与科技大厂如何相处"
    (label,) = article_labels(articles(title)).values()
    assert label.endswith("…") and text_width(label) <= LABEL_WIDTH and title.startswith(label[:-1])
    assert article_labels(articles(title), width=None)["000_x"] == title


def test_duplicates_get_their_number():
    labels = article_labels(articles("同一个标题", "另一个", "同一个标题"))
    assert labels == {"000_x": "同一个标题 [1]", "001_x": "另一个", "002_x": "同一个标题 [3]"}
    # titles that differ only past the cut
    labels = article_labels(articles("一" * 30 + "甲", "一" * 30 + "乙"), width=20)
    assert len(set(labels.values())) == 2 and all(text_width(v) <= 20 for v in labels.values())


def test_missing_title_falls_back_to_the_stem():
    frame = pd.DataFrame({"article": ["a1", "a2"], "label": [None, "  "]})
    assert article_labels(frame) == {"a1": "a1", "a2": "a2"}
    assert article_labels(pd.DataFrame({"article": ["a1"]})) == {"a1": "a1"}


def test_from_a_corpus_and_from_ids(corpus):
    labels = article_labels(corpus)
    assert set(labels) == set(corpus.articles["article"])
    assert labels["000_4856daba4f8256cd"] == "大模型搞砸！烧光3000万，CTO被裁"
    assert article_labels(["甲", "乙", "甲"]) == {"甲": "甲", "乙": "乙"}


def test_mathtext_is_escaped_for_charts_only():
    frame = articles("赚了$100万，亏了$50万")
    assert article_labels(frame)["000_x"] == "赚了$100万，亏了$50万"
    assert article_labels(frame, mathtext=True)["000_x"] == r"赚了\$100万，亏了\$50万"


def test_labels_for_mapping_corpus_or_nothing(corpus):
    assert labels_for(["a", "b"]) == {"a": "a", "b": "b"}
    assert labels_for(["a", "b"], {"a": "甲文"}) == {"a": "甲文", "b": "b"}
    assert labels_for(["000_4856daba4f8256cd"], corpus) == {"000_4856daba4f8256cd": "大模型搞砸！烧光3000万，CTO被裁"}


def test_with_label_adds_a_column_and_keeps_the_input():
    frame = pd.DataFrame({"article": ["000_x", "001_x"], "n": [1, 2]})
    out = with_label(frame, articles("甲文", "一" * 60))
    assert out.columns.tolist() == ["article", "label", "n"] and "label" not in frame.columns
    assert out["label"].tolist() == ["甲文", "一" * 60]  # CSVs keep the whole title


def test_bad_input():
    with pytest.raises(ValueError, match="article"):
        article_labels(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="Corpus"):
        article_labels("000_x")
    with pytest.raises(ValueError, match="width"):
        article_labels(articles("甲"), width=3)
    assert article_labels(articles()) == {}
    assert shorten("") == ""


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="大模型一二AI $…[]1 ", max_size=40), min_size=1, max_size=8),
       st.one_of(st.none(), st.integers(min_value=8, max_value=50)))
def test_labels_are_unique_short_and_one_line(titles, width):
    labels = list(article_labels(articles(*titles), width=width).values())
    assert len(set(labels)) == len(labels)
    assert all(label and "\n" not in label for label in labels)
    if width is not None:
        assert all(text_width(label) <= width for label in labels if "(" not in label)


def test_svg_bytes_do_not_depend_on_float_noise(tmp_path):
    """A clip rectangle off in its last bits (a sum taken in another order) draws the same chart:
    the SVG is the same bytes (matplotlib hashes the floats into its ids)."""
    import matplotlib.pyplot as plt

    from analysis.plots.common import save_figure

    svgs = []
    for i, left in enumerate((0.125, 0.125 + 1e-15)):
        fig = plt.figure(figsize=(3, 2))
        ax = fig.add_axes((left, 0.1, 0.8, 0.8))
        ax.plot([0, 1], [0, 1], marker="o")
        save_figure(fig, tmp_path / f"c{i}", formats=("svg",))
        plt.close(fig)
        svgs.append((tmp_path / f"c{i}.svg").read_text(encoding="utf-8"))
    assert svgs[0] == svgs[1] and 'clip-path="url(#p' in svgs[0]
