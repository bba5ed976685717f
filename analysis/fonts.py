"""One CJK font for matplotlib and wordcloud, so Chinese never renders as tofu boxes.

Order of preference:

1. ``$ANALYSIS_CJK_FONT``, a path to a .ttf/.otf the user chooses;
2. a Simplified-Chinese system font when one is installed (Noto Sans CJK SC, Source Han Sans SC,
   WenQuanYi, SimHei, Microsoft YaHei, PingFang SC …), as single-face files only: wordcloud draws
   with the *first* face of a .ttc collection, which for Debian's ``fonts-noto-cjk`` is Japanese;
3. Noto Sans SC (SIL Open Font License 1.1), shipped by the dependency ``pylopdf-fonts-zh-cn``,
   so a fresh machine always has one.

>>> cjk_font_path().suffix in {".otf", ".ttf"}
True
>>> missing_glyphs(["大模型", "AI Agent"])
[]
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

#: Family names of Simplified-Chinese system fonts worth preferring, best first.
SYSTEM_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
)
_PROBE = "大模型创业团队与科技大厂如何相处"


def _bundled_font() -> Path:
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.__file__).with_name("NotoSansSC-Regular.otf")


def _system_font() -> Path | None:
    from matplotlib import font_manager

    by_name = {}
    for entry in font_manager.fontManager.ttflist:
        if Path(entry.fname).suffix.lower() in {".ttf", ".otf"}:
            by_name.setdefault(entry.name, Path(entry.fname))
    for family in SYSTEM_FAMILIES:
        path = by_name.get(family)
        if path is not None and not _missing(path, _PROBE):
            return path
    return None


@lru_cache(maxsize=None)
def cjk_font_path(*, prefer_system: bool = True) -> Path:
    """Path of the CJK font every chart uses (see the module docstring for the order)."""
    env = os.environ.get("ANALYSIS_CJK_FONT")
    if env:
        path = Path(env)
        if not path.is_file():
            raise ValueError(f"ANALYSIS_CJK_FONT={env!r} is not a font file")
        return path
    return (prefer_system and _system_font()) or _bundled_font()


@lru_cache(maxsize=None)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _missing(path: Path, text: str) -> list[str]:
    cmap = _cmap(path)
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})


def missing_glyphs(words, *, font_path: Path | None = None) -> list[str]:
    """Characters of ``words`` that the font cannot draw (wordcloud would draw boxes, silently)."""
    return _missing(font_path or cjk_font_path(), "".join(words))


@lru_cache(maxsize=None)
def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default; returns its family name.

    Also sets the rcParams that keep output deterministic (fixed SVG hash salt) and avoid the
    Unicode minus sign, which CJK fonts may lack.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [name, *[f for f in mpl.rcParams["font.sans-serif"] if f != name]]
    mpl.rcParams["axes.unicode_minus"] = False
    mpl.rcParams["svg.hashsalt"] = "analysis"
    mpl.rcParams["svg.fonttype"] = "path"
    return name


@contextmanager
def shared_truetype(module):
    """While open, ``module.ImageFont.truetype(path, size)`` gives one font object per path and size.

    wordcloud opens the font again for every word and size it tries (1,300 times for the seeds'
    two clouds, a quarter of a second for an 8 MB OpenType font); the objects are read-only
    while it draws, so sharing them changes no pixel.
    """
    from PIL import ImageFont

    @lru_cache(maxsize=None)
    def truetype(font=None, size=10, *args, **kwargs):
        return ImageFont.truetype(font, size, *args, **kwargs)

    original = module.ImageFont
    module.ImageFont = SimpleNamespace(**{**vars(ImageFont), "truetype": truetype})
    try:
        yield
    finally:
        module.ImageFont = original
