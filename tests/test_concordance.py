"""Concordance (analysis.concordance): kwic in its three modes, kwic_counts, the command line."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import concordance as C


def tokens_frame():
    return pd.DataFrame({"article": ["A"] * 2, "paragraph": [0] * 2, "sentence": [0] * 2,
                         "token": ["大厂", "团队"], "is_stopword": [False, False]})


# --- concordance on characters (kwic) ----------------------------------------------------------------

def write_corpus(folder, texts):
    from analysis.load import load_corpus

    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return load_corpus(folder)


@pytest.fixture
def small(tmp_path):
    # the first paragraph ends in 。, so it is body, not a title
    return write_corpus(tmp_path, {"a": "大模型创业难。模型不是护城河。\n大模型创业公司要找场景。",
                                   "b": "小模型也有用处，模型越小越便宜。"})


def test_kwic_substring_ignores_segmentation(small):
    lines = C.kwic(small, "模型", window=3)
    assert list(lines.columns) == C.KWIC_COLUMNS
    assert lines[["article", "paragraph", "sentence", "start", "left", "keyword", "right"]].values.tolist() == [
        ["a", 0, 0, 1, "大", "模型", "创业难"],
        ["a", 0, 1, 7, "业难。", "模型", "不是护"],
        ["a", 1, 2, 17, "大", "模型", "创业公"],  # the context stops at the paragraph's start
        ["b", 0, 0, 1, "小", "模型", "也有用"],
        ["b", 0, 0, 8, "用处，", "模型", "越小越"]]  # ， does not end a sentence
    for r in lines.itertuples():
        body = small.body_text(r.article)
        assert body[r.start:r.end] == r.keyword and body[:r.start].endswith(r.left)
    assert len(C.kwic(small, "大模型创业")) == 2  # across token boundaries
    assert len(C.kwic(small, "模型", mode="token")) < len(lines)


def test_kwic_sorts_by_left_or_right_context(small):
    left = C.kwic(small, "模型", window=2, sort="left")
    # nearest character to the left first, code-point order: 。 U+3002 < 大 U+5927 (twice, text order)
    # < 小 U+5C0F < ， U+FF0C
    assert [(r.article, r.start) for r in left.itertuples()] == [("a", 7), ("a", 1), ("a", 17), ("b", 1), ("b", 8)]
    right = C.kwic(small, "模型", window=2, sort="right")
    assert right["right"].tolist() == sorted(right["right"].tolist())
    assert C.kwic(small, "模型")["start"].tolist() == [1, 7, 17, 1, 8]  # None: text order


def test_kwic_counts_every_article(small):
    counts = C.kwic_counts(small, "创业")
    assert counts[["article", "n", "size", "unit"]].values.tolist() == [["a", 2, 28, "characters"],
                                                                      ["b", 0, 16, "characters"]]
    assert counts["rate"].tolist() == pytest.approx([2000 / 28, 0.0])
    tokens = C.kwic_counts(small, "模型", mode="token")
    assert tokens["unit"].tolist() == ["tokens", "tokens"] and (tokens["n"] <= [3, 2]).all()


def test_kwic_regex(small):
    lines = C.kwic(small, r"[大小]模型", mode="regex", window=0)
    assert lines["keyword"].tolist() == ["大模型", "大模型", "小模型"] and (lines["left"] == "").all()
    assert C.kwic(small, r"\p{Han}城河", mode="regex")["keyword"].tolist() == ["护城河"]


def test_kwic_regex_refuses_bad_and_empty_patterns(small):
    with pytest.raises(ValueError, match="bad regular expression") as info:
        C.kwic(small, "模型(", mode="regex")
    assert "\n" not in str(info.value)
    with pytest.raises(ValueError, match="empty string"):
        C.kwic(small, "模?", mode="regex")
    with pytest.raises(ValueError, match="longer than"):
        C.kwic(small, "a" * 600, mode="regex")


def test_kwic_regex_stops_a_runaway_pattern(tmp_path, monkeypatch):
    monkeypatch.setattr(C, "REGEX_TIMEOUT", 0.2)
    corpus = write_corpus(tmp_path, {"a": "大" * 3000 + "。"})
    with pytest.raises(ValueError, match="took more than"):
        C.kwic(corpus, "(大|大大)+小", mode="regex")


def test_kwic_bad_arguments(small):
    for kwargs, match in [({"mode": "fuzzy"}, "mode"), ({"sort": "up"}, "sort"), ({"window": -1}, "window"),
                          ({"window": 2.5}, "window")]:
        with pytest.raises(ValueError, match=match):
            C.kwic(small, "模型", **kwargs)
    with pytest.raises(ValueError, match="query"):
        C.kwic(small, "")
    with pytest.raises(ValueError, match="Corpus"):
        C.kwic(tokens_frame(), "大厂")  # substring needs the clean text
    assert C.kwic(small, "元宇宙").empty and list(C.kwic(small, "元宇宙").columns) == C.KWIC_COLUMNS


def test_kwic_finds_what_segmentation_hides(corpus):
    """Issue 16: token KWIC found 4 of 101 模型 and 0 of 16 大模型创业."""
    for query in ("模型", "大模型创业"):
        expected = sum(corpus.body_text(a).count(query) for a in corpus.articles["article"])
        assert len(C.kwic(corpus, query)) == expected
    assert len(C.kwic(corpus, "模型")) == 101 and len(C.kwic(corpus, "大模型创业")) == 16


def _queries():
    from hypothesis import strategies as st

    alphabet = "大模型创业团队科技厂AI的。，！？：“”()\n 0123"
    return st.text(alphabet=alphabet, min_size=1, max_size=6)


@pytest.mark.parametrize("source", ["random", "slices"])
def test_substring_counts_equal_str_count(corpus, source):
    """For any query, kwic's per-article count is str.count on the clean text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    bodies = {a: corpus.body_text(a) for a in corpus.articles["article"]}
    joined = "\n".join(bodies.values())
    if source == "random":
        queries = _queries()
    else:  # pieces of the real text, so that most queries do occur
        queries = st.tuples(st.integers(0, len(joined) - 1), st.integers(1, 12)).map(
            lambda t: joined[t[0]:t[0] + t[1]])

    @settings(max_examples=60, deadline=None)
    @given(queries)
    def check(query):
        counts = C.kwic_counts(corpus, query)
        assert dict(zip(counts["article"], counts["n"])) == {a: b.count(query) for a, b in bodies.items()}

    check()


def test_kwic_command_line(capsys):
    from analysis.cli import main

    assert main(["kwic", "大模型创业", "--counts", "--csv"]) == 0
    counts = capsys.readouterr().out.splitlines()
    assert counts[0] == "article,label,n,size,unit,rate" and [c.split(",")[2] for c in counts[1:]] == ["0", "16"]
    assert main(["kwic", "模型", "--sort", "right"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 101 and "101 occurrence(s)" in err and "【模型】" in out
    assert main(["kwic", "模型(", "--mode", "regex"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: bad regular expression") and err.count("\n") == 1
