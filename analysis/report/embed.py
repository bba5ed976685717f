"""Putting data and the font inside one HTML file, safely and deterministically.

* :func:`script_json`: JSON for a ``<script type="application/json">`` element. Keys sorted,
  no NaN, and ``<``, ``>``, ``&``, U+2028/U+2029 written as ``\\uXXXX`` escapes, so no text
  (an article title holding ``</script>`` or ``<!--``) can end the element early. ``JSON.parse``
  reads the escapes back as the original characters.
* :func:`font_face_css`: an ``@font-face`` rule with a subset of the project's CJK font
  (``analysis.fonts.cjk_font_path``), only the characters the page uses, as WOFF in a data URI;
  and :func:`font_stack`, the CSS family list (embedded subset, then the project's family and the
  usual Simplified-Chinese system fonts, then ``sans-serif``).
"""
from __future__ import annotations

import base64
import io
import json
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

#: Name of the embedded subset in CSS.
EMBEDDED_FAMILY = "Report CJK"
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data) -> str:
    """Deterministic JSON that is safe inside ``<script type="application/json">``.

    >>> script_json({"b": "</script><!--", "a": 1})
    '{"a":1,"b":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    >>> json.loads(script_json({"t": "a</script>b"}))["t"]
    'a</script>b'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.translate(str.maketrans(_ESCAPES))


@lru_cache(maxsize=None)
def family_name(path: Path) -> str:
    """The family name a font file declares (name ID 1)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return font["name"].getDebugName(1) or path.stem


def font_stack(font_path: Path | None = None, *, embedded: bool = True) -> str:
    """CSS ``font-family`` list: the embedded subset, the project's CJK family, the usual system
    families (``analysis.fonts.SYSTEM_FAMILIES``), ``sans-serif``.

    >>> font_stack().split(", ")[:2]
    ['"Report CJK"', '"Noto Sans SC"']
    """
    from ..fonts import SYSTEM_FAMILIES, cjk_font_path

    names = [EMBEDDED_FAMILY] if embedded else []
    names += [family_name(font_path or cjk_font_path()), *SYSTEM_FAMILIES]
    return ", ".join([f'"{n}"' for n in dict.fromkeys(names)] + ["sans-serif"])


#: fontTools subsetting options of :func:`subset_font` (also part of its cache key).
SUBSET_OPTIONS = {"flavor": "woff", "hinting": False, "name_IDs": ["*"], "notdef_outline": True}


def subset_font(chars: str, *, font_path: Path | None = None) -> bytes:
    """WOFF bytes of ``font_path`` (default: the project's CJK font) reduced to ``chars``.

    Deterministic: the font's own timestamps are kept (``recalcTimestamp=False``). The result is
    kept in the disk cache (:mod:`analysis.cache`) under the font's sha256, the fontTools version,
    :data:`SUBSET_OPTIONS` and the code points, so a rerun on the same texts skips the subsetting
    (about a second for an 8 MB OpenType font).
    """
    from importlib import metadata

    from .. import cache
    from ..fonts import cjk_font_path

    path = Path(font_path or cjk_font_path())
    codepoints = sorted({ord(c) for c in chars if ord(c) >= 32})
    name = cache.key("font_subset", cache.file_sha256(path), metadata.version("fonttools"), SUBSET_OPTIONS,
                     codepoints)
    data = cache.read("font_subset", name)
    if data is None:
        data = _subset(path, codepoints)
        cache.write("font_subset", name, data)
    return data


def _subset(path: Path, codepoints: list[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    for option, value in SUBSET_OPTIONS.items():
        setattr(options, option, value)
    with TTFont(path, recalcTimestamp=False, lazy=True) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        font.flavor = "woff"
        buffer = io.BytesIO()
        with _glyph_bounds_once():
            font.save(buffer, reorderTables=True)
    return buffer.getvalue()


@contextmanager
def _glyph_bounds_once():
    """While saving, each CFF glyph's bounds are computed once instead of three times (the CFF
    font box, ``hhea`` and ``vhea`` each run every glyph program again); the outlines do not
    change while a font is written, so the bytes are the same (``tests/test_report.py``)."""
    from fontTools.misc.psCharStrings import T2CharString

    original = T2CharString.calcBounds
    memo: dict[int, tuple] = {}

    def calc_bounds(self, glyph_set):
        if id(self) not in memo:
            memo[id(self)] = (self, original(self, glyph_set))  # the glyph is kept: its id stays its own
        return memo[id(self)][1]

    T2CharString.calcBounds = calc_bounds
    try:
        yield
    finally:
        T2CharString.calcBounds = original


def font_face_css(chars: str, *, font_path: Path | None = None) -> str:
    """An ``@font-face`` rule embedding the subset of ``chars`` as a ``data:`` URI."""
    data = base64.b64encode(subset_font(chars, font_path=font_path)).decode("ascii")
    return (f'@font-face{{font-family:"{EMBEDDED_FAMILY}";font-display:block;'
            f'src:url(data:font/woff;base64,{data}) format("woff");}}')
