"""Property tests (hypothesis) for :func:`analysis.clean.clean_text`.

On arbitrary Unicode and on seed paragraphs mutated with the debris scrapes contain (mojibake ``?``,
pinyin fragments, HTML and Markdown, half-width punctuation, elisions, odd spaces):

* it never raises;
* it is idempotent: ``clean(clean(x)) == clean(x)``;
* conservation: every character removed or added is in the report, per step and in total.

Deterministic (``derandomize=True``) and modest, so CI stays fast and stable.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.clean import STEP_NAMES, STEPS, clean_text
from analysis.config import SEEDS_DIR
from analysis.mojibake import LOST

SETTINGS = settings(derandomize=True, max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

PARAGRAPHS = sorted({line.strip() for path in sorted(SEEDS_DIR.glob("*.txt"))
                     for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})
#: Fragments that exercise each cleaning step, and their interplay.
DEBRIS = ["?", "??", LOST, "?yàn)", "(chuàng)", "(yè)", "(2)", "<b>", "</p>", "/p>", "&amp;", "&lt;",
          "**", "*", "__", "# ", "[链接](http://x.cn/a)", "![图](a.png)", "https://a.cn/b?c=1",
          ",", ":", ";", "!", ".", "...", "…", "。", "，", "“", "”", " ", "  ", "\u3000", "\t", "\u00a0",
          "著", "隨著", "大廠", "榇髲S", "A", "2.1", "---", "\n"]


def check(text: str) -> None:
    clean, logs = clean_text(text, report=True)
    assert isinstance(clean, str)
    assert list(logs) == list(STEP_NAMES)
    # conservation, in total and step by step
    assert len(text) - len(clean) == sum(log.chars_removed - log.chars_added for log in logs.values())
    before = text
    for name, step in STEPS:
        after = step(before)
        log = logs[name]
        assert len(before) - len(after) == log.chars_removed - log.chars_added, name
        assert (log.n_changes == 0) == (before == after), name
        assert log.chars_removed >= 0 and log.chars_added >= 0
        before = after
    assert before == clean
    # idempotence
    assert clean_text(clean) == clean, (text, clean, clean_text(clean))


@SETTINGS
@given(st.text())
def test_arbitrary_unicode(text):
    check(text)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(sorted(set("".join(PARAGRAPHS)) | set("".join(DEBRIS))))))
def test_seed_alphabet(text):
    check(text)


@st.composite
def mutated_paragraph(draw):
    text = draw(st.sampled_from(PARAGRAPHS))
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "swap"]))
        if kind == "insert":
            text = text[:i] + draw(st.sampled_from(DEBRIS) | st.text(max_size=3)) + text[i:]
        elif kind == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 4)):]
        elif i + 1 < len(text):
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text


@SETTINGS
@given(mutated_paragraph())
def test_mutated_seed_text(text):
    check(text)


def test_every_seed_paragraph():
    for text in PARAGRAPHS:
        check(text)


def test_check_can_fail():
    """The property is not vacuous: a step that is not idempotent is caught."""
    import pytest

    def doubling(text):
        return text + text[:1]

    with pytest.raises(AssertionError):
        clean, _ = clean_text("大模型", steps=(("doubling", doubling),), report=True)
        assert clean_text(clean, steps=(("doubling", doubling),)) == clean


_INVISIBLE = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, 0xAD, *range(0x200B, 0x2010),
                               *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF)]


@SETTINGS
@given(st.lists(st.sampled_from(sorted(set("".join(PARAGRAPHS[:20]))) + _INVISIBLE)).map("".join))
def test_clean_output_never_holds_a_control_or_format_character(text):
    assert not set(clean_text(text)) & set(_INVISIBLE)
