"""What the other modules share about Chinese text: the Han character range and the OpenCC converters.

Cleaning, mojibake repair, loading, tokens, companies and stance all use these; defining them once
ends the copies and the import cycle ``clean`` <-> ``mojibake`` (both import this module; it
imports neither).

>>> import re
>>> re.findall(f"[{HAN}]+", "AI大模型，DeepSeek厂商")
['大模型', '厂商']
"""
from __future__ import annotations

from functools import lru_cache

#: Han characters (CJK Extension A, the Unified Ideographs, the Compatibility Ideographs), as the
#: inside of a regular-expression character class.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@lru_cache(maxsize=None)
def opencc_converter(config: str):
    """The OpenCC converter for ``config`` (``"tw2s"``, ``"t2s"`` …), built once per process.

    Building one reads its dictionaries; cleaning, company folding and stance scoring share these.
    """
    import opencc

    return opencc.OpenCC(config)


#: Characters ``tw2s`` may change although ``t2s`` keeps them, on purpose (the particle 著 -> 着).
_TW2S_ONLY = frozenset("著")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC's ``tw2s``, which resolves context-dependent characters.

    Plain ``t2s`` leaves the particle 著 unconverted; ``tw2s`` gives 随着/有着/意味着 and keeps 著名.
    But ``tw2s`` also rewrites characters that are already Simplified (么 -> 幺 in 饿了么): where
    ``t2s`` keeps a character and ``tw2s`` changes it, the character is kept, 著 excepted.

    >>> to_simplified("隨著技術發展，有著著名的大廠")
    '随着技术发展，有着著名的大厂'
    >>> to_simplified("饿了麼和饿了么")
    '饿了么和饿了么'
    """
    if not text:
        return text
    tw = opencc_converter("tw2s").convert(text)
    if tw == text:
        return tw
    plain = opencc_converter("t2s").convert(text)
    if plain == tw or len(tw) != len(text) or len(plain) != len(text):
        return tw  # the two agree everywhere (the usual case): nothing to keep
    out, i, n = [], 0, len(tw)
    while i < n:  # jump over the runs where they agree, decide where they differ
        k = common_prefix(plain, i, tw, i)
        out.append(tw[i:i + k])
        i += k
        if i < n:
            o = text[i]
            out.append(o if plain[i] == o and o not in _TW2S_ONLY else tw[i])
            i += 1
    return "".join(out)


def common_prefix(a: str, i: int, b: str, j: int) -> int:
    """Length of the common prefix of ``a[i:]`` and ``b[j:]``: galloping slice compares (C speed),
    then a binary search below the first failed step.

    >>> common_prefix("大厂的团队", 1, "厂的人", 0)
    2
    """
    limit = min(len(a) - i, len(b) - j)
    if limit <= 0 or a[i] != b[j]:
        return 0
    n, step = 1, 1
    while n + step <= limit and a[i + n:i + n + step] == b[j + n:j + n + step]:
        n, step = n + step, step * 2
    while step > 1:
        step //= 2
        if n + step <= limit and a[i + n:i + n + step] == b[j + n:j + n + step]:
            n += step
    return n


def codepoints(text: str):
    """The code points of ``text`` as a numpy ``uint32`` array (lone surrogates included).

    >>> codepoints("大a").tolist()
    [22823, 97]
    """
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


#: The code point ranges of :data:`HAN`, as ``(first, last)``.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def count_han(text: str) -> int:
    """How many Han characters (:data:`HAN`) ``text`` holds, counted in numpy.

    >>> count_han("AI大模型，DeepSeek厂商"), count_han("")
    (5, 0)
    """
    points = codepoints(text)
    return int(sum(((points >= lo) & (points <= hi)).sum() for lo, hi in _HAN_RANGES))
