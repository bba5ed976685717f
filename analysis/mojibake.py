"""Find and repair GBK mojibake spans such as ``因?yàn)榇髲S`` (因為大廠).

How such spans arise: the Chinese text was GBK-encoded, one byte was lost (shown as ``?``), and the
rest was decoded again *one byte out of step*, so every following pair of bytes straddles two real
characters and becomes a rare, unrelated character (``為大廠`` = ``9E E9 | B4 F3 | 8F 53`` read as
``? | E9 B4 | F3 8F | 53`` = ``?榇髲S``), until an ASCII byte puts the decoder back in step.

The repair, for each ``?`` (or :data:`LOST`, the marker the pinyin step leaves for a broken
annotation such as ``?yàn)``):

1. take the run of characters after it that a GBK decoder out of step produced, up to the first byte
   it read alone (an ASCII character or another lost byte), where it fell back in step;
2. re-encode the run to GBK bytes and decode them again *in step*, after putting the lost byte back
   as an unknown ("dropping the stray byte" from the misaligned reading);
3. an unknown byte leaves a slot with a known lead or trail byte (a character whose *both* bytes
   were lost cannot be realigned, and is dropped): every GBK character that fits the slot is a candidate, and a character model built from jieba's dictionary (word frequencies,
   MIT licence) picks the one that reads best between its neighbours;
4. the repair is kept when the realigned characters read as text (common characters, pairs the
   dictionary attests) and, with their neighbours, read better than the run as it stood; otherwise a genuine-looking ``?`` stays
   (``何出此言?``) and anything else is removed with the rare characters that follow it. Everything is reported by :func:`analysis.clean.clean_text` as changes of the
``mojibake`` step.

>>> repair_mojibake("王慧文何出此言?因" + LOST + "榇髲S“有病”")
'王慧文何出此言?因為大廠“有病”'
>>> repair_mojibake("(除了拼多多?)")
'(除了拼多多?)'
"""
from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np

#: Marker for "a byte was lost here", left by the pinyin step in place of ``?yàn)``-style fragments.
LOST = "\ufffd"
_MARKERS = {"?", LOST}
_MAX_RUN = 60
#: ASCII punctuation that, inside a mojibake run, stands for its full-width GBK form.
_FULLWIDTH = {",": "，", "!": "！", ";": "；", ":": "："}
#: Characters outside the most frequent ones of jieba's dictionary count as rare (mojibake-like).
_COMMON_RANK = 1500
#: Prior probability of punctuation (jieba's dictionary has none); rough shares in Chinese prose.
_PUNCT_PRIOR = {"，": 0.05, "。": 0.03, "、": 0.01, "“": 0.005, "”": 0.005, "：": 0.003,
                "；": 0.002, "？": 0.002, "！": 0.001, "…": 0.0005, "—": 0.001}
#: Punctuation pairs whose probability the unigram prior gets badly wrong.
_PUNCT_BIGRAM = {("。", "”"): 0.2, ("！", "”"): 0.2, ("？", "”"): 0.2, ("。", "。"): 1e-7,
                 ("，", "，"): 1e-7, ("。", "，"): 1e-7, ("，", "。"): 1e-7}
_FLOOR = 1e-9
_CANDIDATE_RE = re.compile(r"[?\ufffd]")


@lru_cache(maxsize=1)
def _gbk_chars() -> dict[bytes, str]:
    """Every two-byte GBK code and its character."""
    table = {}
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            code = bytes((lead, trail))
            try:
                table[code] = code.decode("gbk")
            except UnicodeDecodeError:
                pass
    return table


@lru_cache(maxsize=1)
def _by_lead_and_trail():
    leads, trails = {}, {}
    for code, ch in _gbk_chars().items():
        leads.setdefault(code[0], []).append(ch)
        trails.setdefault(code[1], []).append(ch)
    return leads, trails


class _Model(NamedTuple):
    """Character counts from jieba's dictionary: unigrams, and bigrams packed as sorted integer codes
    ``ord(a) << 21 | ord(b)`` (a few MB, where a dict of pairs takes about 90 MB)."""

    unigram: Counter
    bigram_codes: "np.ndarray"
    bigram_counts: "np.ndarray"
    left: dict  # total count of bigrams starting with a character
    total: int


@lru_cache(maxsize=1)
def _model() -> _Model:
    """Character unigram and bigram counts from jieba's dictionary (Simplified)."""
    from importlib.resources import files

    import numpy as np

    unigram, codes, freqs = Counter(), array("q"), array("q")  # machine ints: no object per pair
    with (files("jieba") / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            for i, ch in enumerate(word):
                unigram[ch] += freq
                if i:
                    codes.append(ord(word[i - 1]) << 21 | ord(ch))
                    freqs.append(freq)
    bigram_codes, inverse = np.unique(np.frombuffer(codes, dtype=np.int64), return_inverse=True)
    bigram_counts = np.bincount(inverse, weights=np.frombuffer(freqs, dtype=np.int64)).astype(np.int64)
    left = Counter()
    for code, n in zip((bigram_codes >> 21).tolist(), bigram_counts.tolist()):
        left[chr(code)] += n
    return _Model(unigram, bigram_codes, bigram_counts, dict(left), sum(unigram.values()))


def _bigram_count(a, b):
    """Dictionary count of the character pair ``a b``; ``a`` and ``b`` may be arrays of code points
    (broadcast against each other) or single characters."""
    import numpy as np

    model = _model()
    scalar = isinstance(a, str)
    key = (np.asarray(ord(a) if scalar else a, dtype=np.int64) << 21) | np.asarray(ord(b) if scalar else b, dtype=np.int64)
    idx = np.minimum(np.searchsorted(model.bigram_codes, key), len(model.bigram_codes) - 1)
    counts = np.where(model.bigram_codes[idx] == key, model.bigram_counts[idx], 0)
    return int(counts) if scalar else counts


@lru_cache(maxsize=65536)
def _simplified(ch: str) -> str:
    from .chinese import to_simplified

    out = to_simplified(ch)
    return out if len(out) == 1 else ch


def _p_unigram(ch: str) -> float:
    if ch in _PUNCT_PRIOR:
        return _PUNCT_PRIOR[ch]
    model = _model()
    return max(model.unigram.get(_simplified(ch), 0) / model.total, _FLOOR)


class _Chars(NamedTuple):
    mapped: tuple[str, ...]  # full-width form of ASCII punctuation
    codes: "np.ndarray"  # code points of the Simplified forms
    p_unigram: "np.ndarray"
    n_left: "np.ndarray"  # bigram count of pairs starting with the character
    punct: list[int]  # positions of punctuation (the dictionary has none)


@lru_cache(maxsize=4096)
def _chars(chars: tuple[str, ...]) -> _Chars:
    """What the character model needs of a list of characters (cached: slots reuse candidate lists)."""
    import numpy as np

    model = _model()
    mapped = tuple(_FULLWIDTH.get(ch, ch) for ch in chars)
    simple = [_simplified(ch) for ch in mapped]
    return _Chars(mapped, np.array([ord(ch) for ch in simple], dtype=np.int64),
                  np.array([_p_unigram(ch) for ch in simple]),
                  np.array([model.left.get(ch, 0) for ch in simple], dtype=np.float64),
                  [i for i, ch in enumerate(mapped) if ch in _PUNCT_PRIOR])


def _log_transitions(prev, nxt):
    """``log P(c | p)`` for every ``p`` in ``prev`` (rows) and ``c`` in ``nxt`` (columns): the bigram
    interpolated with the unigram (0.7 / 0.3); punctuation, which the dictionary lacks, by its prior."""
    import numpy as np

    left, right = _chars(tuple(prev)), _chars(tuple(nxt))
    a, b, pu = left.mapped, right.mapped, right.p_unigram
    n_a = left.n_left[:, None]
    counts = _bigram_count(left.codes[:, None], right.codes[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(n_a > 0, np.log(0.7 * (counts / np.where(n_a > 0, n_a, 1)) + 0.3 * pu), np.log(pu))
    # the dictionary knows no punctuation: no context, only the prior (or a known punctuation pair)
    rows, cols = left.punct, right.punct
    if rows or cols:
        log_pu = np.log(pu)
        out[rows, :] = log_pu
        out[:, cols] = log_pu[cols]
        for i in rows:
            for j in cols:
                if (a[i], b[j]) in _PUNCT_BIGRAM:
                    out[i, j] = math.log(_PUNCT_BIGRAM[a[i], b[j]])
    return out


def _encode_run(run: str) -> list[int | None] | None:
    """GBK bytes of a run, ``None`` for each lost byte; ``None`` if the run cannot be encoded."""
    out: list[int | None] = []
    for ch in run:
        if ch in _MARKERS:
            out.append(None)
            continue
        try:
            b = _FULLWIDTH.get(ch, ch).encode("gbk")
        except UnicodeEncodeError:
            return None
        out.extend(b)
    return out


def _realign(stream: list[int | None]) -> list[str | tuple] | None:
    """Decode a byte stream in step; an unknown byte gives a slot ``("lead"|"trail", known byte)``."""
    chars = _gbk_chars()
    out: list[str | tuple] = []
    i = 0
    while i < len(stream):
        b = stream[i]
        if b is not None and b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if i + 1 >= len(stream):
            return None  # a dangling byte: this prefix does not realign
        t = stream[i + 1]
        if b is None and t is None:
            return None  # a whole character lost: nothing to realign
        if b is None:
            out.append(("trail", t))
        elif t is None:
            out.append(("lead", b))
        else:
            ch = chars.get(bytes((b, t)))
            if ch is None:
                return None
            out.append(ch)
        i += 2
    return out


def _candidates(slot: tuple) -> list[str]:
    leads, trails = _by_lead_and_trail()
    kind, byte = slot
    return (trails if kind == "trail" else leads).get(byte, [])


def _fill(parts: list, left: str, right: str) -> str | None:
    """Choose a character for each slot so the whole reads best (Viterbi over the slots' candidates).

    ``left`` and ``right`` are the text around the run; ``None`` if a slot has no candidate. Ties go
    to the candidate that comes first in GBK order.
    """
    import numpy as np

    columns = [[p] if isinstance(p, str) else _candidates(p) for p in parts]
    if not all(columns):
        return None
    prev_char = left[-1:]
    if prev_char:
        score = _log_transitions([prev_char], columns[0])[0]
    else:
        score = np.log([_p_unigram(c) for c in columns[0]])
    back = []  # back[k][j]: index in column k of the best predecessor of candidate j of column k + 1
    for before, column in zip(columns, columns[1:]):
        total = score[:, None] + _log_transitions(before, column)
        back.append(total.argmax(axis=0))
        score = total[back[-1], np.arange(len(column))]
    if right:
        score = score + _log_transitions(columns[-1], [right[0]])[:, 0]
    j = int(score.argmax())
    path = [columns[-1][j]]
    for k in range(len(back) - 1, -1, -1):
        j = int(back[k][j])
        path.append(columns[k][j])
    return _place_quotes(left, "".join(reversed(path)), right)


def _place_quotes(left: str, text: str, right: str) -> str:
    """A recovered quotation mark closes a quote open on its left, opens one closed on its right,
    and is dropped when neither is true (there is no way to tell which it was)."""
    out = []
    for ch in text:
        if ch in "“”":
            before = left + "".join(out)
            if before.count("“") > before.count("”"):
                ch = "”"
            elif right.count("”") > right.count("“"):
                ch = "“"
            else:
                continue
        out.append(ch)
    return "".join(out)


def _run_after(text: str, start: int) -> str:
    """The run a decoder out of step produced, from the marker at ``start``.

    The decoder stays out of step until it meets a byte it reads alone: an ASCII character (``榇髲S``:
    the S is the trail byte of 廠) or another lost byte (``?``). The run ends there, inclusive.
    """
    end = start + 1
    while end < len(text) and end - start < _MAX_RUN:
        ch = text[end]
        end += 1
        if ch in _MARKERS or (ord(ch) < 0x80 and ch not in _FULLWIDTH):
            break
    return text[start:end]


def _looks_genuine(text: str, start: int) -> bool:
    """A ``?`` is a question mark unless punctuation or a lost byte touches it (``局限性?!?``)."""
    if text[start] != "?":
        return False
    before, after = text[start - 1:start], text[start + 1:start + 2]
    return before not in {",", "，", "、", "?", LOST} and after not in _FULLWIDTH and after != LOST


def _is_common(ch: str) -> bool:
    """Among the :data:`_COMMON_RANK` most frequent characters of jieba's dictionary."""
    return _simplified(ch) in _common_chars()


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    unigram = _model().unigram
    return frozenset(c for c, _ in unigram.most_common(_COMMON_RANK))


def common_chars() -> frozenset[str]:
    """The :data:`_COMMON_RANK` most frequent characters of jieba's dictionary (Simplified).

    >>> "的" in common_chars()
    True
    """
    return _common_chars()


def simplified_char(ch: str) -> str:
    """``ch`` in Simplified, or ``ch`` itself when OpenCC makes more than one character of it.

    >>> simplified_char("廠"), simplified_char("a")
    ('厂', 'a')
    """
    return _simplified(ch)


def _reads_well(chars: list[str]) -> bool:
    """Do these (realigned) characters read as text? One must be common; two or more must form
    pairs the dictionary attests, at least half of them."""
    han = [c for c in chars if ord(c) >= 0x80]
    if len(han) <= 1:
        return all(_is_common(c) for c in han)
    pairs = list(zip(han, han[1:]))
    attested = sum(_bigram_count(_simplified(a), _simplified(b)) > 0 for a, b in pairs)
    return 2 * attested >= len(pairs)


def _coherence(text: str) -> float:
    """Share of adjacent pairs of Chinese characters that the dictionary attests (0 if none)."""
    pairs = [(a, b) for a, b in zip(text, text[1:]) if ord(a) >= 0x2E80 and ord(b) >= 0x2E80
             and a not in _MARKERS and b not in _MARKERS]
    if not pairs:
        return 0.0
    return sum(_bigram_count(_simplified(a), _simplified(b)) > 0 for a, b in pairs) / len(pairs)


def _realigned(text: str, start: int, run: str, *, genuine: bool) -> str | None:
    """The run at ``start`` re-decoded in step, when it reads well and better than the run itself
    (and, for a genuine-looking ``?``, only when it gives back characters); else None."""
    stream = _encode_run(run)
    parts = _realign(stream) if stream else None
    if parts is None:
        return None
    fixed = [p for p in parts if isinstance(p, str) and ord(p) >= 0x80]
    filled = _fill(parts, text[:start], text[start + len(run):])
    if filled is None or not _reads_well(fixed) or not (fixed or not genuine):
        return None
    left, right = text[start - 1:start], text[start + len(run):start + len(run) + 1]
    only_bytes = not any(ord(c) >= 0x2E80 and c not in _MARKERS for c in run[1:])
    if only_bytes or _coherence(left + filled + right) > _coherence(left + run + right):
        return filled
    return None


def _best_repair(text: str, start: int) -> tuple[str, int]:
    """Replacement for the run starting at ``start``: ``(replacement, length consumed)``.

    Repair when the run realigns into characters that read well and the run itself does not;
    else keep a genuine-looking ``?``; else remove the marker and the garbage that follows it
    (rare characters, punctuation that stood for GBK bytes), keeping ordinary text.
    """
    run = _run_after(text, start)
    genuine = _looks_genuine(text, start)
    filled = _realigned(text, start, run, genuine=genuine)
    if filled is not None:
        return filled, len(run)
    if genuine:
        return "?", 1
    kept = [c for c in run[1:] if c not in _MARKERS and c not in _FULLWIDTH
            and (ord(c) < 0x80 or _is_common(c))]
    return "".join(kept), len(run)


def repair_mojibake(text: str) -> str:
    """Repair or remove every GBK mojibake span in ``text`` (see the module docstring)."""
    if "?" not in text and LOST not in text:
        return text
    out, i = [], 0
    for m in _CANDIDATE_RE.finditer(text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        replacement, consumed = _best_repair(text, m.start())
        out.append(replacement)
        i = m.start() + consumed
    out.append(text[i:])
    return "".join(out)
