"""Stopwords: the curated set every keyword statistic flags (``is_stopword`` in the tokens frame).

The ISO Chinese list (``stopwords_base.txt``) plus ``stopwords_add.txt`` minus
``stopwords_remove.txt``, all in ``analysis/data/`` (source and licence in its README); a user's
own words or file on top (``load_stopwords(extra=...)``).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .config import data_lines, data_path

STOPWORDS_BASE = data_path("stopwords_base.txt")
STOPWORDS_ADD = data_path("stopwords_add.txt")
STOPWORDS_REMOVE = data_path("stopwords_remove.txt")


def _stopword_file(path: Path) -> set[str]:
    return {fields[0].strip() for fields in data_lines(path) if fields[0].strip()}


@lru_cache(maxsize=None)
def _curated_stopwords() -> frozenset[str]:
    return frozenset((_stopword_file(STOPWORDS_BASE) | _stopword_file(STOPWORDS_ADD))
                     - _stopword_file(STOPWORDS_REMOVE))


def load_stopwords(*, extra=None) -> frozenset[str]:
    """The curated stopword set: ISO list + ``stopwords_add.txt`` − ``stopwords_remove.txt``.

    ``extra``: more stopwords, an iterable of words or a path to a file in the same format.

    >>> sw = load_stopwords()
    >>> "的" in sw, "没有" in sw, "大模型" in sw, "替代" in sw
    (True, True, False, False)
    >>> "大厂" in load_stopwords(extra=["大厂"])
    True
    """
    words = _curated_stopwords()
    if extra is None:
        return words
    if isinstance(extra, (str, Path)):
        if not Path(extra).is_file():
            raise ValueError(f"extra stopwords file not found: {extra}")
        return words | _stopword_file(Path(extra))
    if not all(isinstance(w, str) for w in extra):
        raise ValueError("extra must be a path or an iterable of strings")
    return words | frozenset(extra)
