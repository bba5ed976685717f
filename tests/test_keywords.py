"""Tests for analysis.keywords: every statistic against values computed by hand."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import keywords as K

# A: 大厂 1, 未来 3 (4 tokens); B: 大厂 4, 团队 2 (6 tokens); N = 10
COUNTS = pd.DataFrame({"article": ["A", "A", "B", "B"], "term": ["大厂", "未来", "大厂", "团队"],
                       "n": [1, 3, 4, 2]})


def tokens_frame():
    rows = [("A", 0, "大厂"), ("A", 0, "的"), ("A", 0, "未来"), ("A", 1, "未来"), ("A", 1, "未来"),
            ("B", 0, "大厂"), ("B", 0, "团队"), ("B", 0, "大厂"), ("B", 1, "大厂"), ("B", 1, "团队"),
            ("B", 1, "大厂")]
    frame = pd.DataFrame(rows, columns=["article", "sentence", "token"])
    frame["position"] = frame.groupby("article").cumcount()
    frame["is_stopword"] = frame["token"] == "的"
    return frame


def test_count_terms():
    counts = K.count_terms(tokens_frame())
    assert counts.values.tolist() == [["A", "未来", 3, 5], ["A", "大厂", 1, 5],
                                      ["B", "大厂", 4, 6], ["B", "团队", 2, 6]]
    assert len(K.count_terms(tokens_frame(), drop_stopwords=False)) == 5


def test_rate_uses_article_size_including_stopwords():
    rated = K.bind_rate(K.count_terms(tokens_frame()))
    assert rated["rate"].tolist() == pytest.approx([600.0, 200.0, 4000 / 6, 2000 / 6])


def test_log_odds_by_hand():
    # α_w = y_w (大厂 5, 未来 3, 团队 2), α0 = 10.  A/大厂: ω_i = 6/8, ω_j = 9/7, σ² = 1/6 + 1/9
    z_a_dachang = (math.log(6 / 8) - math.log(9 / 7)) / math.sqrt(1 / 6 + 1 / 9)
    # A/未来: ω_i = 6/8, ω_j = 3/13, σ² = 1/6 + 1/3;  B/团队: ω_i = 4/12, ω_j = 2/12, σ² = 1/4 + 1/2
    z_a_weilai = (math.log(6 / 8) - math.log(3 / 13)) / math.sqrt(1 / 6 + 1 / 3)
    z_b_tuandui = math.log(2) / math.sqrt(3 / 4)
    got = K.bind_log_odds(COUNTS)["log_odds_z"].tolist()
    assert got == pytest.approx([z_a_dachang, z_a_weilai, -z_a_dachang, z_b_tuandui])
    assert got[0] == pytest.approx(-1.0227, abs=1e-4)


def test_log_odds_uninformative_and_alpha0():
    # α_w = 1, α0 = 3 (vocabulary).  B/团队: ω_i = 3/(6+3-2-1), ω_j = 1/(4+3-0-1), σ² = 1/3 + 1
    got = K.bind_log_odds(COUNTS, prior="uninformative")["log_odds_z"].iloc[3]
    assert got == pytest.approx((math.log(3 / 6) - math.log(1 / 6)) / math.sqrt(1 / 3 + 1))
    # pooled with α0 = 1: α_大厂 = 0.5; A/大厂: ω_i = 1.5/(4+1-1-0.5), ω_j = 4.5/(6+1-4-0.5)
    got = K.bind_log_odds(COUNTS, alpha0=1)["log_odds_z"].iloc[0]
    assert got == pytest.approx((math.log(1.5 / 3.5) - math.log(4.5 / 2.5)) / math.sqrt(1 / 1.5 + 1 / 4.5))


def test_log_odds_background_prior_favours_rare_words():
    z = K.bind_log_odds(COUNTS, prior="background")
    assert z["log_odds_z"].notna().all()


def test_keyness_by_hand():
    out = K.bind_keyness(COUNTS)
    # A/未来: a=3, b=0, N1=4, N2=6; E = 1.2, 1.8, 2.8, 4.2
    g2 = 2 * (3 * math.log(3 / 1.2) + 1 * math.log(1 / 2.8) + 6 * math.log(6 / 4.2))
    assert out["g2"].iloc[1] == pytest.approx(g2)
    assert out["p_value"].iloc[1] == pytest.approx(math.erfc(math.sqrt(g2 / 2)))
    assert out["log_ratio"].iloc[1] == pytest.approx(math.log2((3 / 4) / (0.5 / 6)))  # 0 → 0.5
    assert out["log_ratio"].iloc[0] == pytest.approx(math.log2((1 / 4) / (4 / 6)))
    # known value: 10 vs 0 in 100 + 100 tokens, G² = 14.3895, p ≈ 1.49e-4
    c = pd.DataFrame({"article": ["A", "B"], "term": ["x", "y"], "n": [10, 5], "n_article": [100, 100]})
    assert K.bind_keyness(c)["g2"].iloc[0] == pytest.approx(14.3895, abs=1e-4)


def test_tf_idf_by_hand():
    c = pd.DataFrame({"article": ["a", "a", "b", "c"], "term": ["大厂", "未来", "大厂", "团队"], "n": [1, 3, 2, 2]})
    out = K.bind_tf_idf(c)
    assert out["tf_idf"].tolist() == pytest.approx([0.25 * math.log(3 / 2), 0.75 * math.log(3), math.log(1.5),
                                                    math.log(3)])


def test_shared_and_overlap():
    assert K.bind_shared(COUNTS)["unique"].tolist() == [False, True, False, True]
    assert K.vocabulary_overlap(COUNTS).values.tolist() == [["A", 2, 1, 1], ["B", 2, 1, 1]]


def test_three_articles_each_vs_rest():
    c = pd.concat([COUNTS, pd.DataFrame({"article": ["C"], "term": ["大厂"], "n": [2]})], ignore_index=True)
    out = K.bind_keyness(K.bind_log_odds(c))
    # C/大厂: a=2, b=5, N1=2, N2=10
    assert out["log_ratio"].iloc[4] == pytest.approx(math.log2((2 / 2) / (5 / 10)))
    assert out[["log_odds_z", "g2"]].notna().all().all()


def test_keyword_table_from_tokens():
    table = K.keyword_table(tokens_frame(), top=1)
    assert list(table.columns) == K.KEYWORD_COLUMNS
    # α0 = 100: B/大厂 z = (ln(54/52) − ln(51/53)) / √(1/54 + 1/51) = 0.390 beats
    # B/团队 z = ln(22/84 ÷ 20/84) / √(1/22 + 1/20) = 0.308
    assert table[["article", "term"]].values.tolist() == [["A", "未来"], ["B", "大厂"]]
    assert table["log_odds_z"].iloc[1] == pytest.approx(
        (math.log(54 / 52) - math.log(51 / 53)) / math.sqrt(1 / 54 + 1 / 51))
    assert len(K.keyword_table(tokens_frame(), top=None)) == 4


def test_kwic_collocates_ngrams_positions():
    t = tokens_frame()
    hits = K.kwic(t, "未来", mode="token", window=1)
    assert hits[["article", "sentence", "left", "keyword", "right"]].values.tolist() == [
        ["A", 0, "的", "未来", ""], ["A", 1, "", "未来", "未来"], ["A", 1, "未来", "未来", ""]]
    col = K.collocates(t, "大厂", window=1, min_n=1)
    # B: 团队 is next to 大厂 4 times (f_xy=4), f_x=4, f_y=2 → logDice = 14 + log2(8/6)
    row = col[(col["article"] == "B") & (col["collocate"] == "团队")]
    assert row["n"].item() == 4 and row["log_dice"].item() == pytest.approx(14 + math.log2(8 / 6))
    assert K.ngrams(t).values.tolist()[:3] == [["A", "未来未来", 1], ["B", "团队大厂", 2], ["B", "大厂团队", 2]]
    pos = K.term_positions(t, "团队")
    assert pos[["position", "relative"]].values.tolist() == [[1, 1 / 6], [4, 4 / 6]]


def test_kwic_from_sentences_keeps_punctuation():
    s = pd.DataFrame({"article": ["a"], "paragraph": [0], "sentence": [0], "text": ["因为大厂“有病”，所以难。"]})
    hits = K.kwic(s, "大厂", mode="token", window=2)
    assert hits[["left", "keyword", "right"]].values.tolist() == [["因为", "大厂", "“有病"]]


def test_empty_and_bad_input():
    empty = K.count_terms(tokens_frame().iloc[:0])
    assert empty.empty and list(empty.columns) == K.COUNT_COLUMNS
    for f in (K.bind_rate, K.bind_log_odds, K.bind_keyness, K.bind_tf_idf):
        assert f(empty).empty
    assert K.keyword_table(tokens_frame().iloc[:0]).empty
    assert K.kwic(tokens_frame(), "元宇宙", mode="token").empty
    with pytest.raises(ValueError, match="prior"):
        K.bind_log_odds(COUNTS, prior="flat")
    with pytest.raises(ValueError, match="alpha0"):
        K.bind_log_odds(COUNTS, alpha0=0)
    with pytest.raises(ValueError, match="lacks columns"):
        K.bind_rate(COUNTS.drop(columns="n"))
    with pytest.raises(ValueError, match="top"):
        K.keyword_table(tokens_frame(), top=0)
    with pytest.raises(ValueError, match="query"):
        K.kwic(tokens_frame(), "")
    with pytest.raises(ValueError):
        K.kwic("大厂", "大厂")
    one = K.bind_log_odds(COUNTS[COUNTS["article"] == "A"])
    assert one["log_odds_z"].isna().all()


def test_inputs_not_mutated():
    before = COUNTS.copy()
    K.bind_keyness(K.bind_log_odds(K.bind_rate(COUNTS)))
    pd.testing.assert_frame_equal(COUNTS, before)


# ---------------------------------------------------------------- peers' published values
def _one_term(a, b, n1, n2):
    return pd.DataFrame({"article": ["x", "y"], "term": ["w", "w"], "n": [a, b], "n_article": [n1, n2]})


@pytest.mark.parametrize("cells, expected", [
    ((1, 0, 0, 1), 2.772589), ((10, 0, 0, 10), 27.72589), ((5, 1995, 0, 100000), 39.33052),
    ((1000, 1995, 1000, 100000), 4730.737), ((1000, 1000, 1000, 100000), 5734.343),
    ((1000, 1000, 1000, 99000), 5714.932),
])
def test_g2_matches_mahouts_log_likelihood_tests(cells, expected):
    k11, k12, k21, k22 = cells
    g2 = K.bind_keyness(_one_term(k11, k21, k11 + k12, k21 + k22))["g2"].iloc[0]
    assert g2 == pytest.approx(expected, abs=1e-3)


def test_g2_and_p_match_quantedas_deducer_case_without_correction():
    # quanteda tests: d1 = "b b b b b b b a a a", d2 = "a a a a a a a b b"; Deducer::likelihood.test
    row = K.bind_keyness(_one_term(3, 7, 10, 9)).iloc[0]
    assert row["g2"] == pytest.approx(4.534939332, abs=1e-9)
    assert row["p_value"] == pytest.approx(0.033209634, abs=1e-9)


def test_corrections_shrink_g2_and_bad_names_are_refused():
    plain, williams, yates = (K.bind_keyness(_one_term(3, 7, 10, 9), correction=c)["g2"].iloc[0]
                              for c in (None, "williams", "yates"))
    assert yates < williams < plain
    assert williams == pytest.approx(4.534939332 / (1 + (19 / 10 + 19 / 9 - 1) * (19 / 10 + 19 / 9 - 1) / 114))
    with pytest.raises(ValueError, match="correction must be one of"):
        K.bind_keyness(_one_term(3, 7, 10, 9), correction="bonferroni")


def test_full_variance_is_larger_so_z_is_smaller():
    c = pd.DataFrame({"article": ["A", "A", "B", "B"], "term": ["大厂", "未来", "大厂", "团队"], "n": [1, 3, 4, 2]})
    monroe, full = K.bind_log_odds(c)["log_odds_z"].abs(), K.bind_log_odds(c, variance="full")["log_odds_z"].abs()
    assert (full < monroe).all()
    with pytest.raises(ValueError, match="variance must be one of"):
        K.bind_log_odds(c, variance="tidylo")


def test_log_dice_can_pass_14_when_the_node_repeats():
    t = pd.DataFrame({"article": ["a"] * 3, "sentence": [0] * 3, "token": ["大厂", "团队", "大厂"]})
    assert K.collocates(t, "大厂", window=1, min_n=1)["log_dice"].round(3).tolist() == [14.415]


def test_proportional_counts_give_g2_zero_not_a_math_error():
    # 1/3 and 2/6 are proportional: rounding may leave G² at about -1e-16
    row = K.bind_keyness(_one_term(1, 2, 3, 6)).iloc[0]
    assert row["g2"] == pytest.approx(0.0, abs=1e-9) and row["p_value"] == pytest.approx(1.0)
