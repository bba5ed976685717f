"""Property tests (hypothesis) for :func:`analysis.clean.clean_text`.

On arbitrary Unicode and on seed paragraphs mutated with the debris scrapes contain (mojibake ``?``,
pinyin fragments, HTML and Markdown, half-width punctuation, elisions, odd spaces):

* it never raises;
* it is idempotent: ``clean(clean(x)) == clean(x)``;
* conservation: every character removed or added is in the report, per step and in total;
* the report's edits are exact: applied to a step's input they give its output.

Deterministic (``derandomize=True``) and modest, so CI stays fast and stable.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.clean import STEP_NAMES, STEPS, clean_text
from analysis.edits import _opcodes
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


def apply_edits(before: str, after: str, ops) -> str:
    """``before`` with each ``(i1, i2, j1, j2)`` edit applied (``before[i1:i2]`` -> ``after[j1:j2]``)."""
    out, i = [], 0
    for i1, i2, j1, j2 in ops:
        assert i <= i1 <= i2 and j1 <= j2 and (i1 < i2 or j1 < j2)  # in order, never empty
        out += [before[i:i1], after[j1:j2]]
        i = i2
    return "".join(out) + before[i:]


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
        if before != after:
            assert apply_edits(before, after, _opcodes(before, after)) == after, name
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


# ---------------------------------------------------------------- the fast path changes nothing
def _plain_steps():
    """The steps as they were before their character gates and the fast path (the reference)."""
    import html

    from analysis import clean as c

    def strip_html(t):
        t = c._HTML_REMNANT.sub("", c._HTML_TAG.sub("", t))
        return html.unescape(t) if "&" in t else t

    def strip_markdown(t):
        for pattern, repl in ((c._MD_IMAGE, ""), (c._MD_LINK, r"\1"), (c._MD_RULE, ""), (c._MD_HEADING, ""),
                              (c._MD_QUOTE_OR_ITEM, ""), (c._URL, ""), (c._MD_EMPHASIS, "")):
            t = pattern.sub(repl, t)
        return t

    def normalize_punctuation(t):
        while True:
            after = c._PUNCT_RE.sub(lambda m: c._HALF_PUNCT[m.group(1) or m.group(2)], t)
            if after == t:
                break
            t = after
        return c._PERIOD_RE.sub("。", t)

    plain = {"html": strip_html, "markdown": strip_markdown, "punctuation": normalize_punctuation,
             "elision": lambda t: c._ELIDED_TAIL.sub("", t)}
    return tuple((name, plain.get(name, step)) for name, step in STEPS)


PLAIN_STEPS = _plain_steps()  # not STEPS itself, so clean_text takes no fast path with these


def same_as_plain(text: str) -> None:
    assert clean_text(text, report=True) == clean_text(text, steps=PLAIN_STEPS, report=True), text


def test_fast_path_every_seed_paragraph():
    for text in PARAGRAPHS:
        same_as_plain(text)


@SETTINGS
@given(mutated_paragraph())
def test_fast_path_mutated_seed_text(text):
    same_as_plain(text)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(sorted(set("".join(PARAGRAPHS)) | set("".join(DEBRIS))))))
def test_fast_path_seed_alphabet(text):
    same_as_plain(text)


@SETTINGS
@given(st.text())
def test_fast_path_arbitrary_unicode(text):
    same_as_plain(text)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from("大厂廠的a,，"), st.sampled_from("大厂廠的a,，")), max_size=60))
def test_substitutions_are_the_runs_of_differing_positions(pairs):
    """Reference: a plain per-character scan, with an equal sentinel closing the last run."""
    from analysis.edits import _substitutions

    before, after = "".join(a for a, _ in pairs), "".join(b for _, b in pairs)
    runs, start = [], None
    for i, (a, b) in enumerate([*pairs, ("", "")]):
        if a != b and start is None:
            start = i
        elif a == b and start is not None:
            runs.append((start, i, start, i))
            start = None
    assert _substitutions(before, after) == runs


def _split_reference(text):
    """split_sentences as a plain scan, one character at a time (its first implementation)."""
    sentences, start, depth, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        depth = depth + 1 if ch in "(（" else max(0, depth - 1) if ch in ")）" else depth
        if ch in "。！？!?…" and depth == 0:
            j = i + 1
            while j < len(text) and text[j] in "。！？!?…”’」』）)]】》":
                j += 1
            sentences.append(text[start:j].strip())
            start = i = j
            continue
        i += 1
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


@SETTINGS
@given(st.text(alphabet="。！？!?…”’」』）)]】》(（ 好a\n", max_size=30))
def test_split_sentences_equals_a_plain_scan(text):
    from analysis.clean import split_sentences

    assert split_sentences(text) == _split_reference(text)
