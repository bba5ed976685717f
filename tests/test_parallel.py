"""Blocks of whole articles (analysis.parallel): same frames whatever the blocks and workers."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import parallel
from analysis.companies import find_mentions
from analysis.stance import score_sentences, stance_table

SENTENCES = pd.DataFrame({
    "article": ["a", "a", "b", "c", "c", "d"], "paragraph": [0, 0, 0, 0, 1, 0], "sentence": [0, 1, 0, 0, 1, 0],
    "text": ["大厂很保守，腾讯和阿里也一样。", "但大厂也有优势。", "独立团队更自由，字节跳动在招人。",
             "开源很好，BAT都在用。", "但开源有风险。", "今天天气不错。"]})


def test_blocks_never_split_an_article():
    blocks = list(parallel.article_blocks(SENTENCES, size=1))
    assert [b.article.tolist() for b in blocks] == [["a", "a"], ["b"], ["c", "c"], ["d"]]
    assert [b.index.tolist() for b in blocks][0] == [0, 1]
    assert [b.article.tolist() for b in parallel.article_blocks(SENTENCES, size=3)] == [
        ["a", "a", "b"], ["c", "c", "d"]]
    assert [len(b) for b in parallel.article_blocks(SENTENCES.iloc[:0])] == [0]


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2"])
def test_bad_sizes_and_workers(bad):
    with pytest.raises(ValueError, match="size must be a positive integer"):
        list(parallel.article_blocks(SENTENCES, size=bad))
    with pytest.raises(ValueError, match="workers must be a positive integer"):
        parallel.map_blocks(len, SENTENCES, workers=bad)


@pytest.mark.parametrize("size", [1, 2, 100])
def test_stance_and_mentions_are_the_same_in_blocks(monkeypatch, size):
    evidence, mentions = score_sentences(SENTENCES), find_mentions(SENTENCES)
    assert len(evidence) == 5 and mentions["mention"].tolist() == [0, 1, 2, 3, 3, 3]
    monkeypatch.setattr(parallel, "BLOCK_SENTENCES", size)
    pd.testing.assert_frame_equal(score_sentences(SENTENCES), evidence)
    pd.testing.assert_frame_equal(find_mentions(SENTENCES), mentions)


def test_workers_give_the_same_frames():
    pd.testing.assert_frame_equal(score_sentences(SENTENCES, workers=2), score_sentences(SENTENCES))
    pd.testing.assert_frame_equal(find_mentions(SENTENCES, workers=2), find_mentions(SENTENCES))
    pd.testing.assert_frame_equal(stance_table(SENTENCES, workers=2), stance_table(SENTENCES))
    assert find_mentions(SENTENCES.iloc[:0], workers=2).empty and score_sentences(SENTENCES.iloc[:0], workers=2).empty


def test_map_blocks_sends_blocks_when_workers_cannot_inherit_them(monkeypatch):
    from analysis import parallel

    s = pd.DataFrame({"article": list("aab"), "text": ["大厂", "团队", "开源"]})
    monkeypatch.setattr(parallel, "_can_fork", lambda: False)  # as where workers are spawned
    assert parallel.map_blocks(len, s, size=1, workers=2) == [2, 1]
    assert parallel._INHERITED is None
