"""Cleaning as small ``str -> str`` steps composed into a pipeline (textacy style), and sentence splitting.

The steps, in order of concern (each one is a plain function you can call on its own):

0. :func:`strip_controls`      NUL and other control characters, zero-width and BiDi format characters;
1. :func:`strip_html`          HTML tags, remnants such as ``/p>`` and entities;
2. :func:`strip_markdown`      images, links (their text stays), bold, heading, quote and list marks, rules, bare URLs;
3. :func:`remove_pinyin`       ``字(pīnyīn)`` annotations; broken ones (``?yàn)``) become a lost-byte marker;
4. :func:`repair_mojibake`     GBK mojibake spans repaired where the bytes realign, else removed;
5. :func:`normalize_punctuation`  half-width ``, : ; ? ! .`` in Chinese text become full-width;
6. :func:`to_simplified`       Traditional -> Simplified with OpenCC ``tw2s`` (著 -> 着 in 随着, 著名 stays);
7. :func:`trim_elision`        a paragraph the source cut short (``...``) loses its unfinished tail;
8. :func:`normalize_whitespace` spaces next to Chinese characters go, runs of spaces collapse.

Front matter, source lines and boilerplate are paragraph-level decisions made by :mod:`analysis.load`.

>>> clean_text("**大廠**的創(chuàng)新,隨著時間")
'大厂的创新，随着时间'
>>> split_sentences("他说：“好。”我们走吧！对吗？")
['他说：“好。”', '我们走吧！', '对吗？']
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from .chinese import HAN, opencc_converter, to_simplified  # noqa: F401 (opencc_converter: re-exported)
from .edits import StepLog, diff_log  # noqa: F401 (StepLog: re-exported)
from .mojibake import LOST, repair_mojibake

# ---------------------------------------------------------------- character classes
_HAN = HAN
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’…—"
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü{_TONE}]*[{_TONE}][a-zü{_TONE}]*"

# ---------------------------------------------------------------- compiled once
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]{0,200})?/?>")
_HTML_REMNANT = re.compile(r"(?<![<\w])/(?:p|div|span|strong|em|b|i|br|li|ul|ol|h[1-6])>|<br\s*/?>")
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_QUOTE_OR_ITEM = re.compile(r"^\s{0,3}(?:>\s?)+|^\s{0,3}[-*+]\s+(?=\S)", re.M)
# C0 controls but tab and newline, DEL, C1 controls; soft hyphen; zero-width, joiners and
# direction marks; BiDi embeddings, overrides and isolates; word joiner and invisible operators; BOM.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2064\u2066-\u2069\ufeff]+")
_MD_RULE = re.compile(r"^\s*([-*_=—])(?:\s*\1){2,}\s*$", re.M)
_URL = re.compile(r"https?://[^\s\u3000-\u303f\uff00-\uffef“”]+")
_PINYIN = re.compile(rf"\((?:{_SYLLABLE})(?: {_SYLLABLE})*\)")
# An annotation with lost-byte markers inside (``(tuán\ufffd)``): pinyin once the markers go.
_PINYIN_LOST = re.compile(rf"\([a-zü{_TONE} \ufffd]*\ufffd[a-zü{_TONE} \ufffd]*\)")
_PINYIN_BROKEN = re.compile(rf"\?(?:{_SYLLABLE})\)")
_SECTION_NO_Q = re.compile(r"^(\d+(?:\.\d+)+)\?$")
_HALF_PUNCT = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_PUNCT_RE = re.compile(rf"(?<=[{_HAN}{_CJK_PUNCT}\)])\s*([,:;?!])|([,:;?!])(?=\s*[{_HAN}“‘])")
_PERIOD_RE = re.compile(rf"(?<=[{_HAN}”’）)])\.(?![.\w])")
_ELIDED_TAIL = re.compile(r"(?<=[。！？；!?;])[^。！？；!?;]*?(?:\.{3,}|…+)\s*$|(?:\.{3,}|…+)\s*$")
_ELIDED = re.compile(r"(?:\.{3,}|…+)\s*$")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200b]+")
_SPACE_NEAR_CJK = re.compile(rf" (?=[{_HAN}{_CJK_PUNCT}])|(?<=[{_HAN}{_CJK_PUNCT}]) ")
# what the regex steps act on (controls, spaces, markup, punctuation, lost bytes): the fast path's test
_MAYBE_DIRTY = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\s"
                          r"<>&\[\]()*_#\-+=—!?,:;.…/\ufffd]")
_SENTENCE_END = "。！？!?…"
_CLOSERS = "”’」』）)]】》"
_OPEN_PAREN, _CLOSE_PAREN = "(（", ")）"
# what split_sentences acts on: a parenthesis, or an end mark with the end marks and closers after it
_SENTENCE_EVENT = re.compile(rf"[{_OPEN_PAREN}{_CLOSE_PAREN}]|[{_SENTENCE_END}][{_SENTENCE_END}{re.escape(_CLOSERS)}]*")


# ---------------------------------------------------------------- the steps
def _has_any(text: str, chars: str) -> bool:
    """Whether ``text`` contains one of ``chars`` (a cheap gate before a regex that needs one).

    >>> _has_any("好, 是", ",:;"), _has_any("好，是", ",:;"), _has_any("a-b", "-]^")
    (True, False, True)
    """
    return _char_class(chars).search(text) is not None


@lru_cache(maxsize=None)
def _char_class(chars: str) -> re.Pattern:
    return re.compile("[" + "".join(map(re.escape, chars)) + "]")


def strip_controls(text: str) -> str:
    r"""Remove characters a reader cannot see: NUL and other control characters (tab and newline
    stay), the soft hyphen, zero-width spaces and joiners, direction marks, BiDi embeddings,
    overrides and isolates, the word joiner and the BOM. Run first, so that ``腾\u200d讯`` is
    found as a company, ``大\u200d模型`` is one token and OpenCC (which stops at NUL) sees it all.

    >>> strip_controls("腾\u200d讯\x00和百\u2060度\u202e")
    '腾讯和百度'
    """
    return _CONTROLS.sub("", text)


def strip_html(text: str) -> str:
    """Remove HTML tags, tag remnants (``/p>`` whose ``<`` was lost) and decode entities.

    >>> strip_html("做的。”/p><b>好</b>&amp;")
    '做的。”好&'
    """
    if ">" in text:  # every tag and remnant ends with one
        text = _HTML_REMNANT.sub("", _HTML_TAG.sub("", text))
    return html.unescape(text) if "&" in text else text


def strip_markdown(text: str) -> str:
    """Remove Markdown: images, link targets (the link text stays), emphasis, heading, quote and
    list marks, rules, URLs.

    >>> strip_markdown("文章来源：[技术领导力](https://mp.weixin.qq.com/s/x) **01** ![图](a.png)")
    '文章来源：技术领导力 01 '
    >>> strip_markdown("> 引用的话"), strip_markdown("- 第一点"), strip_markdown("-5%的增长")
    ('引用的话', '第一点', '-5%的增长')
    """
    before = text
    # each pattern only where its literal characters occur (most paragraphs have none)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))
    if _has_any(text, "-*_=—"):
        text = _MD_RULE.sub("", text)
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    if _has_any(text, ">-*+"):
        text = _MD_QUOTE_OR_ITEM.sub("", text)
    if "http" in text:
        text = _URL.sub("", text)
    if _has_any(text, "*_"):
        text = _MD_EMPHASIS.sub("", text)
    # a tag the markup's removal laid bare (``<*b>`` -> ``<b>``) goes too, as the html step would
    return _HTML_REMNANT.sub("", _HTML_TAG.sub("", text)) if ">" in text and text != before else text


def remove_pinyin(text: str) -> str:
    """Remove ``(pīnyīn)`` annotations; real parentheses such as ``(G端、B端或C端)`` or ``(2)`` stay.

    A broken annotation whose ``(`` was swallowed by mojibake (``?yàn)``) becomes the lost-byte marker
    that :func:`repair_mojibake` works from.

    >>> remove_pinyin("創(chuàng)業(yè)(2)的客戶(G端、B端或C端)")
    '創業(2)的客戶(G端、B端或C端)'
    >>> remove_pinyin("因?yàn)") == "因" + LOST
    True
    """
    if "(" not in text and ")" not in text:
        return text
    if LOST in text:  # the mojibake step drops markers: an annotation they hide must go now
        text = _PINYIN_LOST.sub(lambda m: "" if _PINYIN.fullmatch(m.group().replace(LOST, "")) else m.group(), text)
    n = 1
    while n:  # removing one annotation can lay bare another: 構((chuàng)gòu)
        text, n = _PINYIN.subn("", text)
    return _PINYIN_BROKEN.sub(LOST, text)


def fix_mojibake(text: str) -> str:
    """Repair GBK mojibake (see :mod:`analysis.mojibake`); drop the lost byte after a section number.

    >>> fix_mojibake("2.1?")
    '2.1'
    >>> fix_mojibake("何出此言?")
    '何出此言?'
    """
    text = _SECTION_NO_Q.sub(r"\1", text)
    text = repair_mojibake(text)
    return text.replace(LOST, "")


def normalize_punctuation(text: str) -> str:
    """Half-width ``, : ; ? ! .`` next to Chinese text become full-width; numbers and English stay.

    >>> normalize_punctuation("在上一篇中,我認為:好?是的. 384.33美元, 2.1節; We lost, sadly.")
    '在上一篇中，我認為：好？是的。 384.33美元， 2.1節； We lost, sadly.'
    """
    while _has_any(text, ",:;?!"):  # to a fixed point: a converted mark is context for the next (``\u3000!?`` -> ``！？``)
        after = _PUNCT_RE.sub(lambda m: _HALF_PUNCT[m.group(1) or m.group(2)], text)
        if after == text:
            break
        text = after
    return _PERIOD_RE.sub("。", text) if "." in text else text


def trim_elision(text: str) -> str:
    """Drop the unfinished tail of a paragraph the source cut short (``…尤其在大模...``).

    >>> trim_elision("模型没有意义。截至去年8月之前，...")
    '模型没有意义。'
    """
    return _ELIDED_TAIL.sub("", text) if "..." in text or "…" in text else text


def normalize_whitespace(text: str) -> str:
    """Collapse spaces; remove spaces next to Chinese characters and punctuation; strip; a text left
    with nothing but a horizontal rule (``————``) becomes empty.

    >>> normalize_whitespace(" 超级 APP 的 AI Agent\u3000 ")
    '超级APP的AI Agent'
    """
    text = _SPACE_NEAR_CJK.sub("", _SPACES.sub(" ", text)).strip()
    return "" if _MD_RULE.fullmatch(text) else text  # a rule that earlier steps laid bare


#: The default pipeline, in order. Each entry is ``(name, function)``.
STEPS: tuple[tuple[str, callable], ...] = (
    ("controls", strip_controls),
    ("html", strip_html),
    ("markdown", strip_markdown),
    ("pinyin", remove_pinyin),
    ("mojibake", fix_mojibake),
    ("punctuation", normalize_punctuation),
    ("simplified", to_simplified),
    ("elision", trim_elision),
    ("whitespace", normalize_whitespace),
)
STEP_NAMES = tuple(name for name, _ in STEPS)


def is_elided(raw: str) -> bool:
    """True when the source cut the paragraph short (it ends in ``...`` or ``…``).

    >>> is_elided("尤其在大模..."), is_elided("全是AI创作了…”。")
    (True, False)
    """
    return bool(_ELIDED.search(raw))


# ---------------------------------------------------------------- the pipeline and its report
def _untouched(text: str) -> bool:
    """No default step would change ``text``: no character of :data:`_MAYBE_DIRTY` and nothing OpenCC
    converts. Such a paragraph skips the steps and the diff report (same result, measured faster).

    >>> _untouched("大模型的创新，随着时间。"), _untouched("大模型, 随着"), _untouched("大廠")
    (True, False, False)
    """
    return _MAYBE_DIRTY.search(text) is None and (not text or to_simplified(text) == text)


def clean_text(text: str, *, steps=STEPS, report: bool = False):
    """Run the cleaning steps over one paragraph (or any string).

    With ``report=True`` returns ``(clean, {step: StepLog})``; the logs account for every character:
    ``len(text) - len(clean) == sum(log.chars_removed - log.chars_added)``.

    >>> clean_text("因?yàn)榇髲S“有病”")
    '因为大厂“有病”'
    >>> clean_text("")
    ''
    """
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects a str, got {type(text).__name__}")
    if steps is STEPS and _untouched(text):  # the fast path: nothing any step would change
        return (text, {name: StepLog() for name in STEP_NAMES}) if report else text
    logs = {}
    for name, step in steps:
        after = step(text)
        if report:
            logs[name] = diff_log(text, after)
        text = after
    return (text, logs) if report else text


# ---------------------------------------------------------------- sentences
def split_sentences(text: str) -> list[str]:
    """Split clean text into sentences at ``。！？…`` (full- or half-width), keeping closing quotes
    and brackets with their sentence and never splitting inside parentheses.

    >>> split_sentences("大厂(除了拼多多?)都布局了。好!")
    ['大厂(除了拼多多?)都布局了。', '好!']
    >>> split_sentences("")
    []
    """
    sentences, start, depth, pos = [], 0, 0, 0
    while m := _SENTENCE_EVENT.search(text, pos):
        ch, pos = m.group()[0], m.end()
        if ch in _OPEN_PAREN:
            depth += 1
        elif ch in _CLOSE_PAREN:
            depth = max(0, depth - 1)
        elif depth:  # an end mark inside parentheses: look on from the next character
            pos = m.start() + 1
        else:  # the sentence ends after the run of end marks and closers
            piece = text[start:pos].strip()
            if piece:
                sentences.append(piece)
            start = pos
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
