"""Tests of analysis.stance: lists, the scorer's rules, aggregation, and agreement with the hand coding."""
import math

import pandas as pd
import pytest

from analysis.stance import (EVIDENCE_COLUMNS, TABLE_COLUMNS, agreement, bootstrap_ci, cohen_kappa,
                             load_gold, load_targets, match_spans, score_sentences, stance_label,
                             stance_table)


def scores(texts, **kw):
    ev = score_sentences(texts, **kw)
    return [(r.sentence, r.target, r.score) for r in ev.itertuples()]


# ---------------------------------------------------------------- lists

def test_default_targets_have_the_required_aliases():
    t = load_targets()
    aliases = t.groupby("target").alias.apply(set)
    assert {"大模型", "大语言模型", "LLM", "基础模型", "通用大模型"} <= aliases["大模型"]
    assert {"大厂", "科技巨头", "大公司", "互联网巨头"} <= aliases["大厂"]
    assert {"AI Agent", "Agent", "智能体", "AI应用", "应用层"} <= aliases["AI Agent"]
    assert {"创业/独立团队", "开源", "投资/资本"} <= set(aliases.index)


def test_extra_targets_from_mapping_and_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("target,alias\n芯片,GPU\n", encoding="utf-8")
    assert load_targets(extra=path).query("target == '芯片'").alias.tolist() == ["GPU"]
    ev = score_sentences(["GPU很成功。"], targets=load_targets(extra={"芯片": ["GPU"]}))
    assert ev[["target", "score"]].values.tolist() == [["芯片", 0.6]]


@pytest.mark.parametrize("extra", [{"x": "ab"}, 42, {"开源2": ["开源"]}, {"": ["abc"]}])
def test_bad_extra_targets(extra):
    with pytest.raises(ValueError):
        load_targets(extra=extra)


def test_match_spans_whole_words_only():
    assert match_spans(["不断", "有", "AI", " ", "Agent"], {"不": 0, "AI Agent": 1}) == [(2, 5, "AI Agent")]
    with pytest.raises(ValueError):
        match_spans(["a"], {}, max_span=0)


# ---------------------------------------------------------------- scorer rules

def test_negation_flips_to_the_end_of_the_clause():
    assert scores(["大模型有价值。", "大模型没有价值。", "大模型并不能创造价值。", "大模型未必不成功。"]) == [
        (0, "大模型", 0.5), (1, "大模型", -0.5), (2, "大模型", -0.6667), (3, "大模型", 0.5)]
    assert score_sentences(["大模型并不能创造价值。"]).drivers[0] == "创造(不能) -1; 价值(不能) -1"


def test_denied_inference_concedes_at_half_weight():
    # 这并不意味着 X: a negator of weight -0.5 (flips and halves); plain negators weigh -1
    assert score_sentences(["这并不意味着大厂没有机会。"]).drivers[0] == "机会(并不意味着/没有) +0.5"
    assert score_sentences(["大厂并不成功。"]).drivers[0] == "成功(并不) -1"


def test_negator_inside_a_word_is_not_a_negator():
    # 不 inside 不断 must not flip 失败
    assert scores(["大模型不断失败。"]) == [(0, "大模型", -0.5)]


def test_intensifier_and_hedge():
    ev = score_sentences(["大厂非常保守。", "大厂可能保守。"])
    assert ev.raw.tolist() == [-2.0, -0.5]


def test_contrast_clause_after_weighs_more():
    ev = score_sentences(["大厂有优势，但很保守。"])
    assert ev[["score", "raw", "drivers"]].values.tolist() == [[-0.5, -1.0, "优势 +0.5; 保守(很) -1.5"]]


def test_concessive_clause_is_down_weighted():
    assert score_sentences(["虽然大厂有优势，大厂病难治。"]).raw.tolist() == [-1.5]


def test_conditional_asserts_neither_condition_nor_consequence():
    # 如果/一旦/只要 A，B: the marker's clause and the next one count with weight 0
    assert scores(["如果大厂保守，就会失败。", "大厂一旦成功，就能重生。", "只要大厂保守，就会失败，这是大厂病。"]) == [
        (0, "大厂", 0.0), (1, "大厂", 0.0), (2, "大厂", -0.6667)]
    assert score_sentences(["只要大厂保守，就会失败，这是大厂病。"]).drivers[0] == (
        "保守(只要…) +0; 失败(只要…) +0; 大厂病 -2")


def test_contrast_opening_the_next_sentence_weakens_this_one():
    para = pd.DataFrame({"article": "a", "paragraph": [0, 0, 1], "sentence": [0, 1, 2],
                         "text": ["大厂越来越强大。", "但大厂很保守。", "但大厂很保守。"]})
    ev = score_sentences(para)
    assert ev[["sentence", "raw", "drivers"]].values.tolist() == [
        [0, 0.75, "强大(越来越/→但) +0.75"], [1, -1.5, "保守(很) -1.5"], [2, -1.5, "保守(很) -1.5"]]
    # a new paragraph, or a list of unrelated sentences, is not a continuation
    para.loc[1, "paragraph"] = 1
    assert score_sentences(para).raw.tolist()[0] == 1.5
    assert score_sentences(["大厂越来越强大。", "但大厂很保守。"]).raw.tolist()[0] == 1.5


def test_several_targets_split_by_clause():
    assert scores(["别卷大模型了，机会在AI Agent。"]) == [(0, "大模型", 0.0), (0, "AI Agent", 0.5)]


def test_traditional_input_is_converted():
    ev = score_sentences(["大廠病難以治癒，開源才有機會。"])
    assert ev[["target", "text", "score"]].values.tolist() == [
        ["大厂", "大厂病难以治愈，开源才有机会。", -0.6667], ["开源", "大厂病难以治愈，开源才有机会。", 0.5]]


def test_rhetorical_question_asserts_the_opposite():
    assert scores(["大模型真就是现成的金矿吗？", "难道大厂没有优势？", "谁能保证大厂会成功？"]) == [
        (0, "大模型", -0.5), (1, "大厂", 0.5), (2, "大厂", -0.5)]
    assert score_sentences(["难道大厂没有优势？"]).drivers[0] == "优势(没有/难道？) +1"


def test_question_without_marker_or_question_mark_is_not_flipped():
    # 吗 without a question mark, and an information question (如何) without a rhetorical marker
    assert scores(["大厂有优势吗。", "大厂如何取得优势？"]) == [(0, "大厂", 0.5), (1, "大厂", 0.5)]


def test_rhetorical_question_flips_only_its_own_clauses():
    ev = score_sentences(["大模型是金矿吗？开源有价值。"])
    assert ev[["target", "score", "drivers"]].values.tolist() == [
        ["大模型", -0.5, "金矿(吗？) -1"], ["开源", 0.5, "有价值 +1"]]


def test_privative_verb_absorbs_its_positive_object():
    # 错失机会 is one loss (not -1 + 1 = 0); negated, it is one negated loss
    assert scores(["大厂错失机会。", "大厂不会错过这一历史性机遇。", "大厂错失了机会，也缺乏勇气。"]) == [
        (0, "大厂", -0.5), (1, "大厂", 0.5), (2, "大厂", -0.6667)]
    assert score_sentences(["大厂不会错过这一历史性机遇。"]).drivers[0] == "错过(不会) +1"


def test_defect_noun_needs_the_target_before_it_in_its_clause():
    assert scores(["大厂有病。", "大厂的弊端很多。", "病让大厂停下。", "这种病，大厂也有。",
                   "大厂内部有很多隐患。", "风险留给了大厂。"]) == [
        (0, "大厂", -0.5), (1, "大厂", -0.5), (2, "大厂", 0.0), (3, "大厂", 0.0),
        (4, "大厂", -0.5), (5, "大厂", 0.0)]
    # 问题 is not a defect noun (mostly "a question to solve" in this genre)
    assert scores(["大厂的问题是如何转型。"]) == [(0, "大厂", 0.0)]


def test_continuation_verb_is_not_a_negator():
    # 不影响 X: X goes on, so 厮杀 keeps its sign (before: 不 flipped it to +1)
    assert scores(["丝毫不影响大模型的激烈厮杀。", "大模型不影响成功。", "大模型不成功。"]) == [
        (0, "大模型", -0.5), (1, "大模型", 0.5), (2, "大模型", -0.5)]
    assert score_sentences(["丝毫不影响大模型的激烈厮杀。"]).drivers[0] == "厮杀 -1"


def test_indirect_reported_speech_is_not_the_authors_view():
    assert scores(["周鸿祎表示大厂不会错过机遇。", "有消息称，大厂错失机会。",
                   "周鸿祎表示：“大厂不会错过机遇。”", "我们宣布大厂不会错过机遇。"]) == [
        (0, "大厂", 0.0), (1, "大厂", 0.0), (2, "大厂", 0.5), (3, "大厂", 0.5)]
    assert score_sentences(["周鸿祎表示大厂不会错过机遇。"]).drivers[0] == "错过(不会/表示…) +0"


def test_advice_frame_does_not_evaluate_the_advised_party():
    ev = score_sentences(["Google的做法值得大厂思考。", "开源值得大厂借鉴。", "开源值得学习。",
                          "大厂最佳的选择是剥离独立团队。"])
    assert ev[["sentence", "target", "score", "drivers"]].values.tolist() == [
        [0, "大厂", 0.0, ""], [1, "开源", 0.5, "值得 +1"], [1, "大厂", 0.0, ""],
        [2, "开源", 0.6667, "值得 +1; 学习 +1"],
        [3, "大厂", 0.0, ""], [3, "创业/独立团队", 0.6667, "最佳的选择是 +2"]]


def test_advice_verb_inside_a_longer_word():
    # jieba keeps 认真思考 / 深刻反思 whole: the advice verb at its end still frames 值得
    assert scores(["Google的做法值得大厂认真思考。", "开源值得大厂深刻反思。"]) == [
        (0, "大厂", 0.0), (1, "开源", 0.5), (1, "大厂", 0.0)]


def test_hardly_anyone_negates():
    targets = pd.DataFrame({"target": ["单车"], "alias": ["单车"]})
    ev = score_sentences(["单车很少有人负责整理。", "单车有人负责整理。"], targets=targets)
    assert ev[["score", "drivers"]].values.tolist() == [[-0.5, "负责(很少有人) -1"], [0.5, "负责 +1"]]


def test_stance_marker_raises_the_weight_of_its_clause():
    ev = score_sentences(["大厂很保守。", "本质上大厂很保守。", "大厂很保守，我认为开源更自由。"])
    assert ev[["target", "raw"]].values.tolist() == [
        ["大厂", -1.5], ["大厂", -2.25], ["大厂", -1.5], ["开源", 2.25]]


def test_descriptive_words_carry_no_stance():
    # 发展 (weight 0 in the domain lexicon) describes change; 肯定 as an adverb only intensifies
    assert scores(["大模型发展很快。", "大厂自主研发。", "大厂被颠覆。"]) == [
        (0, "大模型", 0.0), (1, "大厂", 0.0), (2, "大厂", 0.0)]
    assert score_sentences(["大厂肯定不成功。"]).drivers[0] == "不成功(肯定) -1.5"


def test_application_aliases_name_the_agent_target():
    assert scores(["超级APP是机会。", "把模型下沉到应用场景，才有价值。"]) == [
        (0, "AI Agent", 0.5), (1, "AI Agent", 0.5)]


def test_sentence_without_target_is_not_scored():
    assert score_sentences(["天气很好。"]).empty


def test_cues_point_into_the_text():
    ev = score_sentences(["大厂有优势，但很保守。"])
    text, cues = ev.text[0], ev.cues[0]
    assert [(text[a:b], kind) for a, b, _, kind, _ in cues] == [
        ("大厂", "target"), ("优势", "favour"), ("保守", "against")]


def test_evidence_keeps_ids_and_does_not_mutate():
    frame = pd.DataFrame({"article": ["a", "a"], "paragraph": [0, 1], "sentence": [0, 1],
                          "text": ["大模型烧钱。", "无关。"]})
    before = frame.copy()
    ev = score_sentences(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert ev[["article", "paragraph", "sentence", "target", "score"]].values.tolist() == [
        ["a", 0, 0, "大模型", -0.6667]]


def test_empty_and_bad_input():
    assert score_sentences([]).columns.tolist() == EVIDENCE_COLUMNS
    assert stance_table([]).columns.tolist() == TABLE_COLUMNS and stance_table([]).empty
    for bad in (42, [1, 2], pd.DataFrame({"x": [1]})):
        with pytest.raises(ValueError):
            score_sentences(bad)
    # one string is one sentence (analysis.frames.as_sentences, the same rule everywhere)
    assert score_sentences("大模型烧钱。")[["article", "target"]].values.tolist() == [["input", "大模型"]]


# ---------------------------------------------------------------- aggregation

def test_table_has_every_target_and_absent_targets_are_explicit():
    table = stance_table(["大模型烧钱。", "大模型没有价值。"])
    assert table.target.tolist() == list(dict.fromkeys(load_targets().target))
    row = table.set_index("target").loc["大模型"]
    assert (row.score, row.n_sentences, row.n_against, row.ci_low, row.ci_high, row.label) == (
        -0.5834, 2, 2, -0.6667, -0.5, "against")
    absent = table.set_index("target").loc["开源"]
    assert absent.n_sentences == 0 and absent.score == 0 and absent.label == "not mentioned"
    assert math.isnan(absent.ci_low) and math.isnan(absent.ci_high)


def test_bootstrap_is_deterministic_and_checks_arguments():
    data = [0.5, -0.2, 0.1, 0.3]
    assert bootstrap_ci(data) == bootstrap_ci(data)
    assert bootstrap_ci(data, n_boot=20, seed=1) != bootstrap_ci(data, n_boot=20, seed=2)
    assert all(math.isnan(x) for x in bootstrap_ci([]))
    with pytest.raises(ValueError):
        bootstrap_ci(data, n_boot=0)
    with pytest.raises(ValueError):
        bootstrap_ci(data, level=1.5)


@pytest.mark.parametrize("n_f, n_a, low, high, label", [
    (3, 0, 0.1, 0.5, "favour"), (0, 3, -0.5, -0.1, "against"), (2, 2, -0.3, 0.3, "mixed"),
    (4, 1, -0.1, 0.5, "neutral"), (0, 0, float("nan"), float("nan"), "neutral"),
    # one sentence never takes a side, one dissenting sentence does not make it mixed
    (1, 0, 0.5, 0.5, "neutral"), (0, 1, -0.5, -0.5, "neutral"), (2, 1, -0.2, 0.3, "neutral"),
    (2, 0, 0.5, 0.6, "favour"), (2, 4, -0.4, 0.1, "mixed")])
def test_stance_label(n_f, n_a, low, high, label):
    assert stance_label(n_favour=n_f, n_against=n_a, ci_low=low, ci_high=high) == label


# ---------------------------------------------------------------- validation

def test_cohen_kappa():
    assert cohen_kappa("aabb", "aabb") == 1.0
    assert cohen_kappa(["f", "a", "n", "f"], ["f", "a", "n", "a"]) == 0.6364
    assert cohen_kappa(["a", "b"], ["b", "a"]) == -1.0
    with pytest.raises(ValueError):
        cohen_kappa(["a"], [])


def test_gold_file_is_well_formed():
    gold = load_gold()
    assert len(gold) >= 40
    assert gold.article.nunique() == 2
    assert set(gold.label) == {"favour", "against", "neutral"}
    assert not gold.duplicated(["article", "text", "target"]).any()
    # every coded pair is one the scorer considers (the target is named in the sentence)
    sentences = gold[["article", "sentence", "text"]].drop_duplicates()
    named = score_sentences(sentences)[["article", "text", "target"]]
    assert len(gold.merge(named, on=["article", "text", "target"])) == len(gold)


def _seed_sentences():
    try:
        from analysis.load import load_corpus
    except ImportError:  # loader not written yet: the gold sentences themselves
        return load_gold()[["article", "sentence", "text"]].drop_duplicates()
    return load_corpus()


def test_gold_sentences_are_corpus_sentences():
    pytest.importorskip("analysis.load")
    from analysis.load import load_corpus

    sentences = load_corpus().sentences
    merged = load_gold().merge(sentences[["article", "sentence", "text"]], on=["article", "sentence", "text"])
    assert len(merged) == len(load_gold())


def test_agreement_with_hand_coding(capsys):
    result = agreement(_seed_sentences())
    with capsys.disabled():
        print(f"\nstance scorer vs hand coding: n={result['n']}, accuracy={result['accuracy']:.3f}, "
              f"Cohen's kappa={result['kappa']:.3f}\n{result['confusion']}\n{result['per_class']}")
    assert result["n"] == len(load_gold())
    # The measured figures (moderate agreement, see analysis/data/README.md); a change to the
    # lexicons or rules must update them here knowingly. Before rhetorical questions, privative
    # verbs, defect nouns, stance markers and the descriptive words: 0.6162 / 0.4196; before
    # continuation verbs, indirect reported speech and advice frames: 0.6566 / 0.4794; before
    # conditionals, the contrast opening the next sentence, denied inference, 风险/隐患 as
    # defects and the incumbency vocabulary (颠覆 neutral): 0.6869 / 0.5251.
    assert (result["accuracy"], result["kappa"]) == (0.7374, 0.6014)
    assert result["confusion"].values.tolist() == [[24, 0, 9], [0, 22, 7], [8, 2, 27]]
    assert result["per_class"]["agree"].tolist() == [24, 22, 27]


def test_agreement_per_class_on_a_tiny_gold_set():
    gold = pd.DataFrame({"article": ["input"] * 3, "sentence": [0, 1, 2],
                         "text": ["大模型烧钱。", "大模型有价值。", "大模型。"],
                         "target": ["大模型"] * 3, "label": ["against", "neutral", "neutral"]})
    per_class = agreement(gold, gold=gold)["per_class"]
    assert per_class.loc["against"].tolist() == [1, 1, 1, 1.0, 1.0, 1.0]
    assert per_class.loc["neutral"].tolist() == [2, 1, 1, 1.0, 0.5, 0.6667]
    favour = per_class.loc["favour"]
    assert favour.n_hand == 0 and favour.n_scorer == 1 and favour.precision == 0.0
    assert math.isnan(favour.recall) and math.isnan(favour.f1)



def test_match_spans_is_the_greedy_longest_match():
    import random

    from analysis.stance.rules import match_spans

    def brute(words, entries, max_span=4):
        found, i = [], 0
        while i < len(words):
            stop = next((s for s in range(min(len(words), i + max_span), i, -1) if "".join(words[i:s]) in entries), None)
            found += [(i, stop, "".join(words[i:stop]))] if stop else []
            i = stop or i + 1
        return found

    rng = random.Random(7)
    pieces = ["大", "模型", "不", "看好", "独立", "团队", "很", "好"]
    entries = {"大模型": 1, "不看好": 2, "看好": 3, "独立团队": 4, "很好": 5, "好": 6, "大模型不看好独立": 7}
    for _ in range(300):
        words = [rng.choice(pieces) for _ in range(rng.randint(0, 12))]
        assert match_spans(words, entries) == brute(words, entries)
        entries[rng.choice(pieces) + rng.choice(pieces)] = 0  # the mapping grows: its prefixes follow
