"""Targets from CSV files, and finding their aliases in text the way a reader does.

An alias matches on the *characters* of the sentence, not on segmented words (禁摩限电 is found
in 深圳市禁摩限电令, which jieba cuts 禁/摩/限/电令; 二胎 in 生二胎), after folding both sides:
Traditional → Simplified (done by the caller), full-width → half-width and upper → lower case, so
``iPhone SE``, ``iphone se``, ``ＩＰＨＯＮＥ SE`` and ``iPhoneSE`` are one alias (spaces between
Latin letters and digits are optional). A Latin edge of an alias must not continue a Latin word
(``Agent`` is not found in ``Agents``; ``Mate60`` is found in ``Mate60Pro``, a digit followed by
a letter). Overlapping aliases: the longest one starting first wins.

>>> m = AliasMatcher({"iPhone SE": "iPhone SE", "二胎": "二胎"})
>>> [(x.alias, x.target, x.start, x.end) for x in m.find("我的IPHONESE和生二胎")]
[('iPhone SE', 'iPhone SE', 2, 10), ('二胎', '二胎', 12, 14)]
"""
from __future__ import annotations

import csv
import re
import unicodedata
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..config import data_path
from ..decode import read_text_file
from ..errors import CorpusError

TARGETS_FILE = "stance_targets.csv"
_LATIN = re.compile(r"[a-z0-9]")


class Mention(NamedTuple):
    """One alias found in a sentence: character span ``start:end`` and, once mapped onto the
    segmented words, the word span ``first:stop``."""

    first: int
    stop: int
    alias: str
    target: str
    start: int = 0
    end: int = 0


class _FoldTable(dict):
    """``str.translate`` table of :func:`fold`, filled one character at a time as they are seen."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        norm = unicodedata.normalize("NFKC", ch).lower()
        self[code] = value = norm if len(norm) == 1 else ch.lower() if len(ch.lower()) == 1 else ch
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Full-width → half-width and lower case, one character for one (offsets are kept): each
    character's NFKC form, lower-cased, where that is one character.

    >>> fold("ＭＡＴＥ６０ Pro")
    'mate60 pro'
    >>> fold("İ大廠")  # İ lowers to two characters: kept as it is
    'İ大廠'
    """
    return text.translate(_FOLD)


def _alias_pattern(alias: str) -> str:
    """Regex of one folded alias: spaces optional (and any run allowed) between Latin chunks."""
    folded = fold(alias).strip()
    parts = [re.escape(p) for p in re.split(r"\s+", folded) if p]
    body = r"\s*".join(parts)
    if _LATIN.match(folded[0]):
        kind = "a-z" if folded[0].isalpha() else "0-9"
        body = rf"(?<![{kind}]){body}"
    if _LATIN.match(folded[-1]):
        kind = "a-z" if folded[-1].isalpha() else "0-9"
        body = rf"{body}(?![{kind}])"
    return body


class AliasMatcher:
    """Find the aliases of ``{alias: target}`` in text (see the module docstring).

    >>> AliasMatcher({"Agent": "AI Agent"}).find("Agents are not an Agent")[0].start
    18
    """

    def __init__(self, aliases: Mapping[str, str]):
        self.aliases = dict(aliases)
        by_fold: dict[str, str] = {}
        for alias in sorted(self.aliases, key=lambda a: (-len(fold(a).replace(" ", "")), a)):
            by_fold.setdefault(re.sub(r"\s+", "", fold(alias)), alias)
        self._canonical = by_fold
        patterns = [_alias_pattern(a) for a in by_fold.values() if a.strip()]
        self._regex = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    def find(self, text: str) -> list[Mention]:
        """Mentions in ``text`` (character spans; ``first``/``stop`` are 0 until mapped to words)."""
        if self._regex is None or not text:
            return []
        out = []
        for m in self._regex.finditer(fold(text)):
            alias = self._canonical.get(re.sub(r"\s+", "", m.group()))
            if alias is not None:
                out.append(Mention(0, 0, alias, self.aliases[alias], m.start(), m.end()))
        return out

    def find_in_words(self, text: str, starts: list[int]) -> list[Mention]:
        """Mentions with ``first:stop`` set to the words they overlap (``starts``: word offsets,
        one more than the words, the last one the text length)."""
        out = []
        for m in self.find(text):
            first = bisect_right(starts, m.start, 0, len(starts) - 1) - 1  # last word starting at or before it
            stop = bisect_left(starts, m.end, 1)  # first word boundary at or after its end
            out.append(m._replace(first=first, stop=stop))
        return out

    def unmatched(self, texts: Iterable[str]) -> list[str]:
        """Aliases that occur in none of ``texts``."""
        seen = {m.alias for text in texts for m in self.find(text)}
        return [a for a in self.aliases if a not in seen
                and self._canonical.get(re.sub(r"\s+", "", fold(a))) not in seen]


@lru_cache(maxsize=16)
def alias_matcher(items: tuple[tuple[str, str], ...]) -> AliasMatcher:
    """A cached :class:`AliasMatcher` for ``((alias, target), …)``."""
    return AliasMatcher(dict(items))


def warn_unmatched(matcher: AliasMatcher, texts: Iterable[str]) -> list[str]:
    """Warn (``UserWarning``) about aliases that never occur in ``texts``; return them."""
    missing = matcher.unmatched(texts)
    if missing:
        warnings.warn(f"aliases never found in the texts: {'、'.join(missing)}", UserWarning, stacklevel=4)
    return missing


# ---------------------------------------------------------------- target files


def read_targets_csv(path: str | Path) -> pd.DataFrame:
    """Read and check a ``target,alias`` CSV; errors name the file, the line and the field.

    >>> read_targets_csv(data_path(TARGETS_FILE)).columns.tolist()
    ['target', 'alias']
    """
    path = Path(path)
    try:
        text = read_text_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, f"cannot read the targets file ({exc.__class__.__name__})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or [c.strip() for c in rows[0]] != ["target", "alias"]:
        raise CorpusError(path, f"line 1: the header must be 'target,alias', not {','.join(rows[0]) if rows else 'empty'!r}")
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise CorpusError(path, f"line {line}: expected 2 fields (target,alias), got {len(row)}")
        for field, value in zip(("target", "alias"), row):
            if not value.strip():
                raise CorpusError(path, f"line {line}: field '{field}' is empty")
        out.append((row[0].strip(), row[1].strip()))
    if not out:
        raise CorpusError(path, "no targets: the file has a header but no target,alias line")
    return pd.DataFrame(out, columns=["target", "alias"], dtype=str)


def _from_mapping(extra: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    rows = []
    for target, aliases in extra.items():
        if isinstance(aliases, str):
            raise ValueError(f"extra[{target!r}] must be a list of aliases, not a string")
        rows += [(target, alias) for alias in aliases]
    return pd.DataFrame(rows, columns=["target", "alias"], dtype=str)


def load_targets(path: str | Path | None = None, *, include_defaults: bool = False,
                 extra: str | Path | Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Targets and their aliases, one row per alias: columns ``target, alias``.

    ``path``: your own ``target,alias`` CSV, which *replaces* the six default targets unless
    ``include_defaults=True``; without ``path`` the defaults are returned. ``extra`` adds rows
    (a CSV file or a mapping ``{target: [alias, …]}``) to either. An alias may belong to one
    target only. A bad file raises :class:`analysis.errors.CorpusError` naming the file, the
    line and the field.

    >>> t = load_targets(extra={"芯片": ["芯片", "GPU"]})
    >>> t[t.target == "芯片"].alias.tolist()
    ['芯片', 'GPU']
    >>> sorted(set(load_targets().target))
    ['AI Agent', '创业/独立团队', '大厂', '大模型', '开源', '投资/资本']
    >>> sorted(set(load_targets(data_path("stance_ood_targets.csv")).target))[:2]
    ['华为Mate60', '国足']
    """
    parts = []
    if path is None or include_defaults:
        parts.append(read_targets_csv(data_path(TARGETS_FILE)))
    if path is not None:
        parts.append(read_targets_csv(path))
    if extra is not None:
        if isinstance(extra, Mapping):
            parts.append(_from_mapping(extra))
        elif isinstance(extra, (str, Path)):
            parts.append(read_targets_csv(extra))
        else:
            raise ValueError(f"extra must be a CSV path or a mapping, not {type(extra).__name__}")
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.assign(target=frame.target.str.strip(), alias=frame.alias.str.strip())
    if (frame.target == "").any() or (frame.alias == "").any():
        raise ValueError("targets and aliases must be non-empty strings")
    frame = frame.drop_duplicates(ignore_index=True)
    clash = frame[frame.alias.duplicated(keep=False)]
    if not clash.empty:
        raise ValueError(f"alias claimed by more than one target: {sorted(set(clash.alias))}")
    return frame


def is_default(targets: pd.DataFrame | None) -> bool:
    """True when ``targets`` is None or names only the default targets."""
    if targets is None:
        return True
    defaults = set(read_targets_csv(data_path(TARGETS_FILE)).target)
    return set(targets.target) <= defaults
