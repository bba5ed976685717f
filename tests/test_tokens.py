"""Tests for analysis.tokens: segmentation, user dictionary, stopwords, the tokens frame."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis import tokens as T
from analysis.config import SEEDS_DIR, data_lines


def sentences(*texts, article="a"):
    return pd.DataFrame({"article": article, "paragraph": 0, "sentence": range(len(texts)),
                         "text": list(texts)})


def test_import_is_cheap():
    code = "import sys, analysis.tokens; print('jieba' in sys.modules or 'rjieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_private_tokenizer_leaves_global_jieba_alone():
    import jieba

    T.make_segmenter(engine="jieba")
    assert "大模型" not in jieba.dt.FREQ or jieba.dt.FREQ.get("大模型") != 2000
    assert T.make_segmenter(engine="jieba").model is not jieba.dt


@pytest.mark.parametrize("engine", ["jieba", "rjieba"])
def test_user_dictionary_keeps_domain_terms_whole(engine):
    seg = T.make_segmenter(engine=engine)
    words = [w for w, _ in seg.tag("生成式AI让大模型成为大厂的颠覆式创新，元宇宙呢？字节跳动和美团")]
    assert words == ["生成式AI", "让", "大模型", "成为", "大厂", "的", "颠覆式创新", "，", "元宇宙",
                     "呢", "？", "字节跳动", "和", "美团"]


@pytest.mark.parametrize("engine", ["jieba", "rjieba"])
def test_multiword_latin_terms_are_one_token(engine):
    frame = T.tokenize(sentences("机会在AI  Agent，Hugging Face和open ai都在做。"), engine=engine)
    assert frame["token"].tolist()[:6] == ["机会", "在", "AI Agent", "Hugging Face", "和", "Open AI"]
    assert frame.loc[frame["token"] == "Hugging Face", "pos"].item() == "nt"


def test_tokens_frame_columns_positions_offsets():
    text = "大厂的团队，在2024年剥离了3000万。"
    frame = T.tokenize(sentences(text, "独立团队创业"))
    assert list(frame.columns) == T.TOKEN_COLUMNS
    # 2024, 3000 and 万 are numbers; punctuation goes too
    assert frame["token"].tolist() == ["大厂", "的", "团队", "在", "年", "剥离", "了",
                                       "独立", "团队", "创业"]
    assert frame["position"].tolist() == list(range(10))
    assert frame["sentence"].tolist() == [0] * 7 + [1] * 3
    for tok, start, end, s in frame[["token", "start", "end", "sentence"]].itertuples(index=False):
        assert [text, "独立团队创业"][s][start:end] == tok
    assert frame["is_stopword"].tolist() == [False, True, False, True, True, False, True,
                                             False, False, False]


def test_single_characters_configurable():
    frame = T.tokenize(sentences("大厂的团队在创业"), keep_single_chars=False)
    assert frame["token"].tolist() == ["大厂", "团队", "创业"]
    assert frame["position"].tolist() == [0, 1, 2]


def test_no_whitespace_punctuation_numbers_urls_or_markup():
    text = ("详见 https://mp.weixin.qq.com/s/UpDiAii6nc4 和 www.jesonc.com/a.png ，"
            "<p>大厂</p>  **十几**年 3.5% 一千 ２０２４ GPT-4 P9")
    toks = T.tokenize(sentences(text))["token"].tolist()
    assert toks == ["详见", "和", "大厂", "年", "GPT", "P9"]


def test_tokens_never_contain_stray_whitespace():
    frame = T.tokenize(sentences(" 大厂\u3000 团队\n AI   Agent\t"))
    assert frame["token"].tolist() == ["大厂", "团队", "AI Agent"]
    assert all(t == t.strip() and "  " not in t for t in frame["token"])


@pytest.mark.parametrize("engine", ["jieba", "rjieba"])
def test_gazetteer_names_the_dictionary_would_break_are_whole(engine):
    """饿了么 was 饿/了/么 and missing from every keyword chart; names made of known words stay split."""
    seg = T.make_segmenter(engine=engine)
    words = [w for w, _ in seg.tag("美团、饿了么和同程旅行都在，网易严选也在，百度公司没有。")]
    assert words == ["美团", "、", "饿了么", "和", "同程旅行", "都", "在", "，", "网易严选", "也", "在", "，",
                     "百度", "公司", "没有", "。"]
    added = {t.term for t in T._unknown_names(lambda text: [(ch, "x") for ch in text])}  # every name "unknown"
    assert {"饿了么", "同程旅行"} <= added and not any(len(n) < 3 for n in added)


def test_hmm_is_off_unknown_names_split():
    # with HMM on, jieba glues 傅盛 into a "new word"; off, it stays in dictionary pieces
    seg = T.make_segmenter(engine="jieba")
    assert seg.model.lcut("傅盛说", HMM=True) == ["傅盛", "说"]
    assert [w for w, _ in seg.tag("傅盛说")] == ["傅", "盛", "说"]


def test_stopwords_curated():
    sw = T.load_stopwords()
    assert {"的", "了", "我们", "一个", "大"} <= sw          # from the ISO list
    assert {"没有", "可能", "已经", "意味着"} <= sw           # stopwords_add.txt
    assert not {"替代", "对比"} & sw                          # stopwords_remove.txt
    assert not {"大模型", "大厂", "未来", "价值", "团队", "创业", "独立", "剥离"} & sw
    assert "大厂" in T.load_stopwords(extra=["大厂"]) and "大厂" not in T.load_stopwords()


def test_stopword_files_document_every_line():
    for path in (T.STOPWORDS_ADD, T.STOPWORDS_REMOVE):
        for fields in data_lines(path):
            assert len(fields) == 2 and fields[1].strip(), f"{path.name}: no reason for {fields[0]!r}"
    base_header = T.STOPWORDS_BASE.read_text(encoding="utf-8").splitlines()[:4]
    assert any("Licence: MIT" in line for line in base_header)


def test_extra_stopwords_file(tmp_path):
    path = tmp_path / "extra.txt"
    path.write_text("# comment\n白熊\t作者笔名\n", encoding="utf-8")
    assert "白熊" in T.load_stopwords(extra=path)
    with pytest.raises(ValueError, match="not found"):
        T.load_stopwords(extra=tmp_path / "missing.txt")
    with pytest.raises(ValueError):
        T.load_stopwords(extra=[1, 2])


def test_userdict_errors(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("大模型\tmany\tn\n", encoding="utf-8")
    with pytest.raises(ValueError, match="entry 1"):
        T.load_userdict(bad)


def test_empty_and_bad_input():
    empty = T.tokenize(sentences())
    assert empty.empty and list(empty.columns) == T.TOKEN_COLUMNS
    assert T.tokenize(sentences("", "。，！")).empty
    with pytest.raises(ValueError, match="engine"):
        T.tokenize(sentences("大厂"), engine="spacy")
    with pytest.raises(ValueError, match="workers"):
        T.tokenize(sentences("大厂"), workers=0)
    with pytest.raises(ValueError, match="lacks columns \\['text'\\]"):
        T.tokenize(pd.DataFrame({"words": ["大厂"]}))
    with pytest.raises(ValueError, match="expected a Corpus, a sentences DataFrame"):
        T.tokenize(3)
    # what analysis.frames.as_sentences accepts: a text-only frame, a list of strings, a string
    assert T.tokenize(pd.DataFrame({"text": ["大厂"]}))[["article", "token"]].values.tolist() == [["input", "大厂"]]
    assert T.tokenize("大厂")["token"].tolist() == T.tokenize(["大厂"])["token"].tolist() == ["大厂"]
    with pytest.raises(ValueError, match="engine"):
        T.make_segmenter(engine="spacy")


def test_input_frame_not_mutated():
    frame = sentences("大厂的团队")
    before = frame.copy()
    T.tokenize(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_positions_run_per_article_when_articles_interleave():
    frame = pd.DataFrame({"article": ["a", "b", "a", "b"], "paragraph": [0, 0, 1, 1],
                          "sentence": [0, 0, 1, 1], "text": ["大厂的大模型", "好", "大模型团队", "创业公司"]})
    out = T.tokenize(frame)
    assert out[["article", "sentence", "position", "token"]].values.tolist() == [
        ["a", 0, 0, "大厂"], ["a", 0, 1, "的"], ["a", 0, 2, "大模型"], ["b", 0, 0, "好"],
        ["a", 1, 3, "大模型"], ["a", 1, 4, "团队"], ["b", 1, 1, "创业"], ["b", 1, 2, "公司"]]


def test_workers_give_the_same_frame():
    frame = sentences(*["大厂的大模型团队在剥离。", "AI Agent是下一个互联网。", "独立创业团队"] * 3)
    pd.testing.assert_frame_equal(T.tokenize(frame, workers=2), T.tokenize(frame, workers=1))


def test_auto_engine_is_verified_rjieba():
    assert T.rjieba_verified() is True
    assert T.make_segmenter(engine="auto").engine == "rjieba"


def _seed_sentences() -> list[str]:
    try:
        from analysis.load import load_corpus
    except ImportError:
        from analysis.clean import clean_text, split_sentences

        texts = [clean_text(p.read_bytes().decode("utf-8", "replace")) for p in sorted(SEEDS_DIR.glob("*.txt"))]
        return [s for t in texts for s in split_sentences(t)]
    return load_corpus().sentences["text"].tolist()


def test_rjieba_identical_to_jieba_on_seed_sentences():
    sents = _seed_sentences()
    assert len(sents) > 100
    jieba_seg, fast = T.make_segmenter(engine="jieba"), T.make_segmenter(engine="rjieba")
    diffs = [s for s in sents if jieba_seg.tag(s) != fast.tag(s)]
    assert diffs == []


def test_seed_tokens_are_clean():
    frame = T.tokenize(sentences(*_seed_sentences()))
    bad = frame[~frame["token"].str.fullmatch(r"[A-Za-z0-9\u3400-\u9fff+#&._\-]+( [A-Za-z]+)?")]
    assert bad.empty, bad["token"].tolist()[:20]
    assert not frame["token"].str.contains(r"https?|www|\.com|\.png", regex=True).any()


def test_rjieba_verification_is_cached_per_userdict(tmp_path, monkeypatch):
    """The answer is stored under the versions and the user dictionary's sha256: a stored answer is
    used, a changed dictionary is checked again."""
    from analysis import cache

    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    userdict = tmp_path / "userdict.tsv"
    userdict.write_text("大模型\t2000\tn\tdomain\n", encoding="utf-8")
    assert T._rjieba_verified(str(userdict)) is True
    name = T.verification_key(userdict)
    assert cache.read("rjieba_verified", name) == b"true"

    cache.write("rjieba_verified", name, b"false")  # a stored answer is believed …
    T._rjieba_verified.cache_clear()
    assert T._rjieba_verified(str(userdict)) is False

    userdict.write_text("大模型\t2000\tn\tdomain\n大厂\t2000\tn\tdomain\n", encoding="utf-8")
    for cached in (T.load_userdict, T._segmenter, T._rjieba_verified):  # a new process, as it were
        cached.cache_clear()
    assert T.verification_key(userdict) != name  # … until the dictionary changes
    assert T._rjieba_verified(str(userdict)) is True
    assert cache.read("rjieba_verified", T.verification_key(userdict)) == b"true"
    for cached in (T.load_userdict, T._segmenter, T._rjieba_verified):
        cached.cache_clear()


def test_rjieba_verification_without_a_cache(tmp_path, monkeypatch):
    from analysis import cache

    monkeypatch.setenv(cache.ENV, "off")
    T._rjieba_verified.cache_clear()
    try:
        assert T.rjieba_verified() is True
    finally:
        T._rjieba_verified.cache_clear()


def test_verification_in_background_stores_the_answer(tmp_path, monkeypatch):
    from analysis import cache

    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    assert T.verify_in_background() is True
    assert cache.read("rjieba_verified", T.verification_key()) == b"true"
    assert T.verify_in_background() is False  # answered already
