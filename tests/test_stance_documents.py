"""Tests of the stance package's user-facing additions: target files, alias matching, profiles,
guarded one-character words, user lexicons, many documents, and the out-of-domain check."""
import io
import time
import warnings

import pandas as pd
import pytest

from analysis.config import data_path
from analysis.errors import CorpusError
from analysis.stance import (DOCUMENT_COLUMNS, AliasMatcher, evaluate_documents, load_lexicon_file, load_ood,
                             load_targets, score_documents, score_sentences)


@pytest.fixture
def ban():
    return load_targets(extra={"禁摩限电": ["禁摩限电"], "二胎": ["二胎", "全面二孩"], "iPhone SE": ["iPhone SE"]}).query(
        "target in ['禁摩限电', '二胎', 'iPhone SE']").reset_index(drop=True)


def drivers(texts, targets, **kw):
    ev = score_sentences(texts, targets=targets, **kw)
    return [(r.sentence, r.target, r.drivers) for r in ev.itertuples()]


# ---------------------------------------------------------------- target files

def test_targets_file_replaces_defaults_unless_asked(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("target,alias\n限行,尾号限行\n限行,限号\n", encoding="utf-8")
    assert load_targets(path).values.tolist() == [["限行", "尾号限行"], ["限行", "限号"]]
    both = load_targets(path, include_defaults=True)
    assert {"限行", "大模型"} <= set(both.target)


@pytest.mark.parametrize("content, message", [
    ("target,alias\n限行,尾号限行,多余\n", "line 2: expected 2 fields"),
    ("target,alias\n限行,尾号限行\n限行, \n", "line 3: field 'alias' is empty"),
    ("target,alias\n,限号\n", "line 2: field 'target' is empty"),
    ("name,alias\n限行,限号\n", "line 1: the header must be 'target,alias'"),
])
def test_bad_targets_file_names_file_line_and_field(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as err:
        load_targets(path)
    assert "bad.csv" in str(err.value)


def test_missing_targets_file():
    with pytest.raises(CorpusError, match="nope.csv"):
        load_targets("nope.csv")


# ---------------------------------------------------------------- alias matching (rule 7 on characters)

def test_aliases_match_on_folded_characters_not_words():
    m = AliasMatcher({"iPhone SE": "SE", "禁摩限电": "ban", "二胎": "kids", "Agent": "agent"})
    found = lambda text: [(x.target, text[x.start:x.end]) for x in m.find(text)]  # noqa: E731
    assert found("iphone se、ＩＰＨＯＮＥ ＳＥ和iPhoneSE") == [("SE", "iphone se"), ("SE", "ＩＰＨＯＮＥ ＳＥ"), ("SE", "iPhoneSE")]
    assert found("深圳市禁摩限电令") == [("ban", "禁摩限电")]  # jieba: 禁/摩/限/电令
    assert found("想生二胎") == [("kids", "二胎")]  # jieba: one word 生二胎
    assert found("Agents和Agent") == [("agent", "Agent")]  # a Latin edge must not continue a word


def test_alias_inside_a_listed_word_is_not_a_mention():
    # 独立 (alias of 创业/独立团队) inside 独立自主 (an evaluative word): the word is read whole
    ev = score_sentences(["让大模型团队独立自主发展。"])
    assert ev[["target", "drivers"]].values.tolist() == [["大模型", "独立自主 +1"]]
    assert score_sentences(["独立才有自由。"]).target.tolist() == ["创业/独立团队"]


def test_evaluative_word_inside_an_alias_does_not_score(ban):
    # 全面 (+1 in the general lexicon) is part of the alias 全面二孩
    assert drivers(["全面二孩的意思是什么。"], ban) == [(0, "二胎", "")]
    # an alias the domain lexicon scores on purpose still scores (大厂病 = the whole alias)
    assert score_sentences(["这是大厂病。"]).drivers.tolist() == ["大厂病 -2"]


def test_unmatched_alias_warns():
    targets = load_targets(extra={"限行": ["尾号限行", "单双号"]}).query("target == '限行'")
    with pytest.warns(UserWarning, match="单双号"):
        score_documents(["尾号限行很好。"], targets=targets)


# ---------------------------------------------------------------- lexicons

def test_one_character_words_score_only_in_context(ban):
    # rule 1b: after a licenser or modifier (很/太/不 …), or ending the clause
    assert drivers(["禁摩限电很好。", "禁摩限电太差了。", "禁摩限电不好。", "禁摩限电，好！"], ban) == [
        (0, "禁摩限电", "好(很) +1.5"), (1, "禁摩限电", "差(太) -1.5"), (2, "禁摩限电", "不好 -1"),
        (3, "禁摩限电", "好 +1")]
    # runs jieba keeps whole are split: 太好了 = 太 + 好 + 了
    assert drivers(["禁摩限电太好了。"], ban) == [(0, "禁摩限电", "好(太) +1.5")]
    # not as part of a phrase: 好几个, 好多人 (好 + noun/verb after it)
    assert drivers(["禁摩限电有好几个版本。", "禁摩限电好多人讨论。"], ban) == [
        (0, "禁摩限电", ""), (1, "禁摩限电", "")]


def test_domain_profile_only_for_default_targets(ban):
    # 机会 (+1) is in the ai_essays domain lexicon: not applied to your own targets
    assert drivers(["禁摩限电是捞钱的机会。"], ban) == [(0, "禁摩限电", "")]
    assert drivers(["禁摩限电是捞钱的机会。"], ban, profile="ai_essays") == [(0, "禁摩限电", "机会 +1")]
    assert score_sentences(["大模型是机会。"]).drivers.tolist() == ["机会 +1"]
    with pytest.raises(ValueError, match="profile"):
        score_sentences(["大模型。"], profile="news")


def test_profile_per_target_when_defaults_and_your_own_are_mixed(ban):
    # --with-default-targets: 大模型 keeps the ai_essays lexicon (烧钱 -2), 禁摩限电 gets the general one
    both = pd.concat([load_targets(), ban], ignore_index=True)
    ev = score_sentences(["大模型烧钱，禁摩限电也烧钱。"], targets=both)
    assert ev[["target", "drivers"]].values.tolist() == [["大模型", "烧钱 -2"], ["禁摩限电", ""]]


def test_user_lexicon_overrides_and_bad_files(tmp_path, ban):
    path = tmp_path / "lex.csv"
    path.write_text("word,value\n捞钱,-2\n好,-1\n", encoding="utf-8")
    assert drivers(["禁摩限电是捞钱的机会。"], ban, lexicon=path) == [(0, "禁摩限电", "捞钱 -2")]
    assert load_lexicon_file(path).values.tolist() == [["捞钱", -2.0], ["好", -1.0]]
    for content, message in [("word,value\n捞钱,很坏\n", "line 2: field 'value' is not a number"),
                             ("word,value\n,1\n", "line 2: field 'word' is empty"),
                             ("term,score\n捞钱,1\n", "line 1")]:
        path.write_text(content, encoding="utf-8")
        with pytest.raises(CorpusError, match=message):
            load_lexicon_file(path)


# ---------------------------------------------------------------- many documents

def test_score_documents_one_row_per_document_and_target(ban):
    docs = pd.DataFrame({"id": ["a", "b", "c"], "text": ["禁摩限电很好。", "今天天气不错。", "生二胎太累了。"]})
    before = docs.copy()
    table = score_documents(docs, targets=ban, warn=False)
    pd.testing.assert_frame_equal(docs, before)
    assert table.columns.tolist() == DOCUMENT_COLUMNS
    assert len(table) == 3 * 3 and set(table.method) == {"lexicon"}
    got = table.set_index(["id", "target"]).label
    assert (got["a", "禁摩限电"], got["b", "禁摩限电"], got["c", "二胎"], got["a", "二胎"]) == (
        "favour", "not mentioned", "against", "not mentioned")


def test_post_topic_reading_and_unit_rules(ban):
    # rule 7d: a post about 禁摩限电 (named first); its second sentence names nothing and counts for it
    post = ["禁摩限电终于来了。路上安静多了，真好。"]
    row = score_documents(post, targets=ban, warn=False).query("target == '禁摩限电'").iloc[0]
    assert (row.label, row.n_sentences, row.n_favour) == ("favour", 2, 1)
    # essays do not use the topic reading, and need two sentences taking a side
    essay = score_documents(post, targets=ban, unit="essay", warn=False).query("target == '禁摩限电'").iloc[0]
    assert (essay.label, essay.n_sentences) == ("neutral", 1)
    one = score_documents(["禁摩限电很好。"], targets=ban, warn=False, min_sided=2).query("target == '禁摩限电'")
    assert one.label.tolist() == ["neutral"]


def test_score_documents_empty_and_bad_input(ban):
    assert score_documents([], targets=ban, warn=False).empty
    assert score_documents(pd.DataFrame({"id": [], "text": []}), targets=ban, warn=False).empty
    for bad in ("禁摩限电很好", 42, [1], pd.DataFrame({"x": [1]}), pd.DataFrame({"id": ["a", "a"], "text": ["x", "y"]})):
        with pytest.raises(ValueError):
            score_documents(bad, targets=ban, warn=False)
    with pytest.raises(ValueError, match="unit"):
        score_documents(["x"], targets=ban, unit="tweet", warn=False)


def test_thousand_one_line_posts_in_under_30_seconds():
    targets = load_targets(data_path("stance_ood_targets.csv"))
    ood = load_ood()
    posts = [f"{ood.text[i % len(ood)]}第{i}楼。" for i in range(1000)]
    start = time.process_time()
    table = score_documents(posts, targets=targets, warn=False)
    elapsed = time.process_time() - start
    assert len(table) == 1000 * targets.target.nunique()
    assert elapsed < 30, f"{elapsed:.1f} s of CPU for 1,000 posts"


# ---------------------------------------------------------------- the out-of-domain check

def test_ood_set_is_well_formed():
    ood = load_ood()
    assert len(ood) >= 240 and ood.target.nunique() >= 6
    assert set(ood.label) == {"favour", "against", "neutral"} and set(ood.split) == {"dev", "test"}
    assert set(ood.genre) == {"comment", "review", "opinion", "forum"}
    assert not ood.text.duplicated().any()
    assert set(ood.target) == set(load_targets(data_path("stance_ood_targets.csv")).target)
    assert abs((ood.split == "dev").sum() - (ood.split == "test").sum()) <= 7


def test_lexicon_scorer_on_the_ood_set(capsys):
    targets = load_targets(data_path("stance_ood_targets.csv"))
    results = {}
    for split in ("dev", "test"):
        coded = load_ood(split=split)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results[split] = evaluate_documents(coded, score_documents(coded, targets=targets))
    with capsys.disabled():
        for split, r in results.items():
            print(f"\nlexicon scorer on OOD {split} (n={r['n']}): F_avg={r['f_avg']:.3f} "
                  f"(F favour {r['f_favour']:.3f}, F against {r['f_against']:.3f}), "
                  f"accuracy={r['accuracy']:.3f}, kappa={r['kappa']:.3f}")
    # measured 2026-12-02: dev 0.686 / kappa 0.522 (tuned on), held-out test 0.721 / kappa 0.503
    assert results["dev"]["f_avg"] >= 0.66
    assert results["test"]["f_avg"] >= 0.68


def test_classifier_cross_validated_on_the_ood_set(capsys):
    from analysis.stance import cross_validate

    per_target, pooled = cross_validate(load_ood()), cross_validate(load_ood(), pooled=True)
    with capsys.disabled():
        for name, r in (("per target", per_target), ("pooled", pooled)):
            print(f"\nclassifier ({name}), 5-fold CV on OOD (n={r['n']}): F_avg={r['f_avg']:.3f}, "
                  f"accuracy={r['accuracy']:.3f}, kappa={r['kappa']:.3f}")
    assert per_target["f_avg"] >= 0.38 and pooled["f_avg"] >= 0.50


# ---------------------------------------------------------------- command line

def test_cli_stance_with_your_targets_and_a_trained_classifier(tmp_path, capsys):
    from analysis.cli import main

    seeds = tmp_path / "posts"
    seeds.mkdir()
    for i, text in enumerate(["尾号限行很好，空气好多了。", "限行就是懒政，治标不治本。", "明天限号吗？"]):
        (seeds / f"p{i}.txt").write_text(text + "\n", encoding="utf-8")
    targets = tmp_path / "targets.csv"
    targets.write_text("target,alias\n限行,尾号限行\n限行,限行\n限行,限号\n", encoding="utf-8")
    assert main(["stance", "--seeds", str(seeds), "--targets", str(targets), "--csv"]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert out.columns[:3].tolist() == ["id", "title", "target"]  # one-line posts: no title, the id stands in
    assert out[["id", "title", "target", "label", "method"]].values.tolist() == [
        ["p0", "p0", "限行", "favour", "lexicon"], ["p1", "p1", "限行", "against", "lexicon"],
        ["p2", "p2", "限行", "neutral", "lexicon"]]
    coded = tmp_path / "coded.csv"
    load_ood().query("target == '尾号限行'").assign(target="限行").to_csv(coded, index=False)
    assert main(["stance", "--seeds", str(seeds), "--targets", str(targets), "--train", str(coded), "--csv"]) == 0
    captured = capsys.readouterr()
    assert "cross-validation" in captured.err and "top features" in captured.err
    out = pd.read_csv(io.StringIO(captured.out))
    assert set(out.method) == {"classifier"} and len(out) == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("target,alias\n限行,\n", encoding="utf-8")
    assert main(["stance", "--seeds", str(seeds), "--targets", str(bad)]) == 2
    assert "bad.csv: line 2: field 'alias' is empty" in capsys.readouterr().err


def test_targets_saved_by_excel_in_gbk_are_read(tmp_path):
    from analysis.stance import load_targets

    path = tmp_path / "targets.csv"
    path.write_bytes("target,alias\n外卖,外卖平台\n".encode("gbk"))
    assert load_targets(path).values.tolist() == [["外卖", "外卖平台"]]


def test_a_targets_file_with_only_its_header_is_one_error(tmp_path):
    from analysis.errors import CorpusError
    from analysis.stance import load_targets

    path = tmp_path / "t.csv"
    path.write_text("target,alias\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no targets"):
        load_targets(path)
