"""Each cleaning step on small hand-written examples with exact expected output."""
import pytest

from analysis.clean import (
    STEP_NAMES, clean_text, diff_log, fix_mojibake, is_elided, normalize_punctuation,
    normalize_whitespace, remove_pinyin, split_sentences, strip_html, strip_markdown,
    to_simplified, trim_elision,
)
from analysis.mojibake import LOST, repair_mojibake


# ------------------------------------------------------------------ html / markdown
@pytest.mark.parametrize("raw, expected", [
    ("肯定不是大厂做的。”/p>", "肯定不是大厂做的。”"),
    ("<p>大模型</p><br/>", "大模型"),
    ("A&amp;B&nbsp;C", "A&B\xa0C"),
    ("没有标签", "没有标签"),
])
def test_strip_html(raw, expected):
    assert strip_html(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("![图片来源：由GPTNB生成](http://x.com/a.png)", ""),
    ("文章来源：[技术领导力](https://mp.weixin.qq.com/s/U)", "文章来源：技术领导力"),
    ("**大模型本身，并不能创造价值**", "大模型本身，并不能创造价值"),
    ("特别是在中国**。**", "特别是在中国。"),
    ("## 引言", "引言"),
    ("---", ""),
    ("详见 https://gptnb.com 。", "详见  。"),
    ("3*4=12", "3*4=12"),
])
def test_strip_markdown(raw, expected):
    assert strip_markdown(raw) == expected


# ------------------------------------------------------------------ pinyin
@pytest.mark.parametrize("raw, expected", [
    ("創(chuàng)業(yè)", "創業"),
    ("至少M(fèi)eta的", "至少Meta的"),
    ("不同,F(xiàn)M365背景", "不同,FM365背景"),
    ("客戶(G端、B端或C端)的", "客戶(G端、B端或C端)的"),
    ("展望(2):大模型", "展望(2):大模型"),
    ("(We did nothing wrong, but somehow, we lost.)", "(We did nothing wrong, but somehow, we lost.)"),
    ("因?yàn)", "因" + LOST),
    ("(dà chǎng)", ""),
])
def test_remove_pinyin(raw, expected):
    assert remove_pinyin(raw) == expected


# ------------------------------------------------------------------ mojibake
@pytest.mark.parametrize("raw, expected", [
    # a lost byte, then pairs out of step until an ASCII byte: realigned (因為大廠)
    ("何出此言?因?yàn)榇髲S“有病”", "何出此言?因為大廠“有病”"),
    ("越來越保守。因?yàn)榇髲S之所以", "越來越保守。因為大廠之所以"),
    ("技術路線。因?yàn)锳I大模型", "技術路線。因為AI大模型"),
    # full-width punctuation inside the run: 。現
    ("前所未有的難度?,F(xiàn)實中", "前所未有的難度。現實中"),
    # two lost bytes inside one run: 在內
    ("他們?cè)趦?nèi)部", "他們在內部"),
    # punctuation only: 。” (the quote closes the one opened before)
    ("“這件事兒,肯定不是大廠做的?!?", "“這件事兒,肯定不是大廠做的。”"),
    # genuine question marks survive
    ("王慧文何出此言?", "王慧文何出此言?"),
    ("幾乎所有的大廠(除了拼多多?)都", "幾乎所有的大廠(除了拼多多?)都"),
    ("What?Agent", "What?Agent"),
    # a section number's stray byte
    ("2.1?", "2.1"),
])
def test_fix_mojibake(raw, expected):
    assert fix_mojibake(remove_pinyin(raw)) == expected


def test_unrecoverable_garbage_is_removed():
    # both bytes of 數 were lost ("??"): nothing realigns, the markers go, the real 據 stays
    assert fix_mojibake(remove_pinyin("部分?jǐn)?shù)據")) == "部分據"


def test_repair_mojibake_without_markers_is_identity():
    assert repair_mojibake("大模型没有问题。") == "大模型没有问题。"
    assert repair_mojibake("") == ""


# ------------------------------------------------------------------ punctuation
@pytest.mark.parametrize("raw, expected", [
    ("在上一篇中,我認為,好", "在上一篇中，我認為，好"),
    ("展望(2):大模型", "展望(2)：大模型"),
    ("何出此言?因為", "何出此言？因為"),
    ("共勉!", "共勉！"),
    ("384.33美元", "384.33美元"),
    ("2.1", "2.1"),
    ("We did nothing wrong, but somehow, we lost.", "We did nothing wrong, but somehow, we lost."),
    ("調頻365). 與另外", "調頻365)。 與另外"),
    ("时间是12:30", "时间是12:30"),
])
def test_normalize_punctuation(raw, expected):
    assert normalize_punctuation(raw) == expected


# ------------------------------------------------------------------ simplified
@pytest.mark.parametrize("raw, expected", [
    ("隨著", "随着"), ("有著", "有着"), ("意味著", "意味着"), ("著名", "著名"),
    ("大廠的結構決定著", "大厂的结构决定着"), ("執著", "执着"), ("大模型", "大模型"),
])
def test_to_simplified_context_dependent(raw, expected):
    assert to_simplified(raw) == expected


# ------------------------------------------------------------------ elision and whitespace
def test_trim_elision_and_flag():
    assert trim_elision("激烈厮杀。截至去年8月之前，...") == "激烈厮杀。"
    assert trim_elision("你也可以依葫芦画瓢，给自己的...") == "你也可以依葫芦画瓢，给自己的"
    assert trim_elision("全是AI创作了…”。") == "全是AI创作了…”。"
    assert is_elided("尤其在大模...") and is_elided("无论是制造业…")
    assert not is_elided("全是AI创作了…”。")


@pytest.mark.parametrize("raw, expected", [
    ("超级 APP 的可能性", "超级APP的可能性"),
    ("AI  Agent", "AI Agent"),
    ("\u3000大模型\u3000", "大模型"),
    ("Google DeepMind", "Google DeepMind"),
])
def test_normalize_whitespace(raw, expected):
    assert normalize_whitespace(raw) == expected


# ------------------------------------------------------------------ pipeline and report
def test_clean_text_pipeline():
    assert clean_text("**大廠**的創(chuàng)新,隨著時間") == "大厂的创新，随着时间"
    assert clean_text("") == ""


def test_clean_text_rejects_non_strings():
    with pytest.raises(TypeError, match="expects a str"):
        clean_text(None)


def test_report_accounts_for_every_character():
    raw = "因?yàn)榇髲S“有病”/p> **創(chuàng)業(yè)**,隨著"
    clean, logs = clean_text(raw, report=True)
    assert list(logs) == list(STEP_NAMES)
    assert len(raw) - len(clean) == sum(l.chars_removed - l.chars_added for l in logs.values())
    assert logs["pinyin"].n_changes == 3
    assert logs["mojibake"].n_changes >= 1
    assert all(len(l.examples) <= 3 for l in logs.values())


def test_diff_log_counts():
    log = diff_log("創(chuàng)業", "創業")
    assert (log.n_changes, log.chars_removed, log.chars_added) == (1, 8, 0)
    assert diff_log("同", "同").n_changes == 0


# ------------------------------------------------------------------ sentences
@pytest.mark.parametrize("text, expected", [
    ("他说：“好。”我们走吧！对吗？", ["他说：“好。”", "我们走吧！", "对吗？"]),
    ("大厂(除了拼多多？)都布局了。好", ["大厂(除了拼多多？)都布局了。", "好"]),
    ("What?好的!", ["What?", "好的!"]),
    ("全是AI创作了…”。我又问", ["全是AI创作了…”。", "我又问"]),
    ("股价384.33美元。", ["股价384.33美元。"]),
    ("", []),
    ("   ", []),
])
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_already_simplified_characters_are_kept():
    # OpenCC tw2s maps a lone 么 to 幺 (饿了么 -> 饿了幺); the company 饿了么 must survive cleaning
    assert clean_text("美团和饿了么都在做外卖。") == "美团和饿了么都在做外卖。"
    assert clean_text("餓了麼隨著時間") == "饿了么随着时间"
