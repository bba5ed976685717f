"""Collocates, n-grams and term positions (analysis.cooccurrence): exact values, empty and bad input."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import cooccurrence as CO

TOKENS = pd.DataFrame({"article": ["a"] * 5 + ["b"] * 2, "sentence": [0, 0, 0, 1, 1, 0, 0],
                       "position": [0, 1, 2, 3, 4, 0, 1],
                       "token": ["大厂", "的", "团队", "大厂", "团队", "创业", "团队"],
                       "is_stopword": [False, True, False, False, False, False, False]})


def test_collocates_log_dice_and_stopwords():
    out = CO.collocates(TOKENS, "大厂", window=2, min_n=1)
    # a: 团队 within 2 tokens of 大厂 in both sentences (f_xy 2), f_x 2, f_y 2 -> 14 + log2(1) = 14
    assert out[["article", "collocate", "n", "log_dice"]].values.tolist() == [["a", "团队", 2, 14.0]]
    with_stop = CO.collocates(TOKENS, "大厂", window=2, min_n=1, drop_stopwords=False)
    assert with_stop["collocate"].tolist() == ["团队", "的"]
    assert with_stop["log_dice"].iloc[1] == pytest.approx(14 + math.log2(2 / 3))


def test_ngrams_and_positions():
    assert CO.ngrams(TOKENS).values.tolist() == [["a", "大厂团队", 1], ["b", "创业团队", 1]]
    assert CO.ngrams(TOKENS, n=3, drop_stopwords=False).values.tolist() == [["a", "大厂的团队", 1]]
    pos = CO.term_positions(TOKENS, "团队")
    assert pos[["article", "position", "relative"]].values.tolist() == [["a", 2, 0.4], ["a", 4, 0.8], ["b", 1, 0.5]]


def test_empty_and_bad_input():
    assert CO.collocates(TOKENS.iloc[:0], "大厂").empty
    assert CO.ngrams(TOKENS.iloc[:0]).empty
    assert CO.term_positions(TOKENS.iloc[:0], ["大厂"]).empty
    assert CO.collocates(TOKENS, "元宇宙").empty
    for call, match in [(lambda: CO.collocates(TOKENS, " "), "term"), (lambda: CO.collocates(TOKENS, "大厂", window=0), ">= 1"),
                        (lambda: CO.ngrams(TOKENS, n=0), "positive"), (lambda: CO.term_positions(TOKENS, []), "terms"),
                        (lambda: CO.ngrams("大厂团队"), "tokens frame")]:
        with pytest.raises(ValueError, match=match):
            call()


def test_inputs_not_mutated():
    before = TOKENS.copy()
    CO.collocates(TOKENS, "大厂", min_n=1), CO.ngrams(TOKENS), CO.term_positions(TOKENS, "大厂")
    pd.testing.assert_frame_equal(TOKENS, before)
