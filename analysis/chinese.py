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
    if len(tw) != len(text) or len(plain) != len(text):
        return tw
    if len(text) < _VECTOR_MIN:
        return "".join(t if (p != o or o in _TW2S_ONLY) else o for o, p, t in zip(text, plain, tw))
    import numpy as np

    o, p, t = (codepoints(s) for s in (text, plain, tw))
    keep = (p == o) & ~np.isin(o, _TW2S_ONLY_CODES)
    return np.where(keep, o, t).astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


#: From this length :func:`to_simplified` compares code points with numpy (same result, faster).
_VECTOR_MIN = 64
_TW2S_ONLY_CODES = sorted(map(ord, _TW2S_ONLY))


def codepoints(text: str):
    """The code points of ``text`` as a numpy ``uint32`` array (lone surrogates included).

    >>> codepoints("大a").tolist()
    [22823, 97]
    """
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def count_changed(text: str, other: str) -> int:
    """How many positions differ between two strings, compared up to the shorter one's length
    (as ``sum(a != b for a, b in zip(text, other))``, in numpy).

    >>> count_changed("大廠的團隊", "大厂的团队"), count_changed("", "大")
    (3, 0)
    """
    n = min(len(text), len(other))
    return int((codepoints(text[:n]) != codepoints(other[:n])).sum())
