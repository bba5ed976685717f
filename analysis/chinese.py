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


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC's ``tw2s``, which resolves context-dependent characters.

    Plain ``t2s`` leaves the particle 著 unconverted; ``tw2s`` gives 随着/有着/意味着 and keeps 著名.

    >>> to_simplified("隨著技術發展，有著著名的大廠")
    '随着技术发展，有着著名的大厂'
    """
    return opencc_converter("tw2s").convert(text) if text else text
