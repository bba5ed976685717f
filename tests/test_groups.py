"""analysis.groups: articles grouped by a field become the "articles" every function compares."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main
from analysis.groups import UNLABELLED, group_corpus, group_keys
from analysis.load import load_corpus

TEXTS = {"a": "大厂的团队很保守。创业公司更灵活。", "b": "大模型很贵。", "c": "开源社区很活跃。"}


@pytest.fixture
def folder(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in TEXTS.items():
        (seeds / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    (seeds / "manifest.csv").write_text("article,source\na,晚报\nb,晚报\nc,\n", encoding="utf-8")
    return seeds


def test_groups_hold_their_articles_text_in_order(folder):
    corpus = load_corpus(folder)
    grouped = group_corpus(corpus, by="source")
    arts = grouped.articles.set_index("article")
    assert list(arts.index) == ["晚报", UNLABELLED]
    assert arts.loc["晚报", "n_articles"] == 2 and arts.loc["晚报", "n_sentences"] == 3
    s = grouped.sentences
    assert s[s.article == "晚报"][["paragraph", "sentence", "text"]].values.tolist() == [
        [0, 0, "大厂的团队很保守。"], [0, 1, "创业公司更灵活。"], [1, 2, "大模型很贵。"]]
    assert grouped.body_text("晚报") == "大厂的团队很保守。创业公司更灵活。\n大模型很贵。"
    report = grouped.report.set_index(["article", "step"])
    assert report.loc[("晚报", "line_breaks"), "n_changes"] == 2
    pd.testing.assert_frame_equal(corpus.sentences, load_corpus(folder).sentences)  # input unchanged


def test_date_periods_and_bad_fields():
    arts = pd.DataFrame({"article": ["a", "b"], "date": ["2024-05-20", "2023-01-02"]})
    assert group_keys(arts, by="date:year").tolist() == ["2024", "2023"]
    with pytest.raises(ValueError, match="cannot group by 'publisher'"):
        group_keys(arts, by="publisher")


def test_figures_by_group(folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["figures", "--seeds", str(folder), "--out", str(out), "--group-by", "source", "--quiet"]) == 0
    stance = pd.read_csv(out / "stance.csv")
    assert set(stance.article) == {"晚报", UNLABELLED}
    assert (out / "term_scatter_1v2.png").exists()
