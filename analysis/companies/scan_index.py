"""The gazetteer's index for scanning text fast: where an alias may start (a regex of the aliases'
first characters: C-speed skips over the text between), and which aliases may start there (by their
first two characters). :meth:`Gazetteer.scan_index <analysis.companies.gazetteer.Gazetteer.scan_index>`
builds it once; :func:`analysis.companies.match.scan` reads text with it.

>>> from collections import namedtuple
>>> A = namedtuple("A", "key")
>>> idx = build_scan_index({"谷": (A("谷歌云"), A("谷歌")), "x": (A("x"),)})
>>> idx.next_start("他说谷歌", 0), [a.key for a in idx.candidates_at("谷歌云计算", 0)]
(2, ['谷歌云', '谷歌'])
"""
from __future__ import annotations

import re
from typing import NamedTuple


class ScanIndex(NamedTuple):
    """A regex of the aliases' first characters; the aliases by first two characters (``pairs``)
    and, for one-character aliases, by that character (``singles``), each longest first."""

    starts: re.Pattern
    pairs: dict
    singles: dict

    def next_start(self, folded: str, i: int) -> int:
        """The first position at or after ``i`` where some alias could start, else ``len(folded)``."""
        m = self.starts.search(folded, i)
        return m.start() if m else len(folded)

    def candidates_at(self, folded: str, i: int) -> tuple:
        """The aliases that may start at ``folded[i]``, longest first: those of its first character
        (``Gazetteer.candidates``) narrowed by the next one."""
        return self.pairs.get(folded[i:i + 2], ()) + self.singles.get(folded[i], ())


def build_scan_index(index: dict) -> ScanIndex:
    """:class:`ScanIndex` of ``index`` (first character -> aliases, longest first; order kept)."""
    pairs: dict[str, list] = {}
    singles: dict[str, tuple] = {}
    for char, aliases in index.items():
        for alias in aliases:
            if len(alias.key) >= 2:
                pairs.setdefault(alias.key[:2], []).append(alias)
        singles[char] = tuple(a for a in aliases if len(a.key) < 2)
    chars = sorted(c for c, aliases in index.items() if aliases)
    starts = re.compile("[" + "".join(re.escape(c) for c in chars) + "]") if chars else re.compile("(?!)")
    return ScanIndex(starts, {k: tuple(v) for k, v in pairs.items()}, singles)
