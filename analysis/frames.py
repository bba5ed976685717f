"""The frames' column contracts in one place, and the one adapter every module uses for its input.

Data flows one way (``docs/architecture.md``): files → **articles / paragraphs / sentences**
(:mod:`analysis.load`) → **tokens** (:mod:`analysis.tokens`) → statistics frames. A function
that reads sentences accepts what :func:`as_sentences` accepts — a ``Corpus``, a sentences frame
(``text`` plus, optionally, ``article, paragraph, sentence``), a list of strings (the sentences
of one text, article ``"input"``) or one string (one sentence) — and says so in its docstring.

>>> as_sentences(["大厂很保守。", "创业很难。"])[["article", "sentence", "text"]].values.tolist()
[['input', 0, '大厂很保守。'], ['input', 1, '创业很难。']]
>>> require_columns(as_sentences("一句话。"), ["article", "text"]).shape
(1, 4)
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

ARTICLE_COLUMNS = ["article", "label", "path", "title", "author", "date", "source", "source_url", "series",
                   "encoding", "script", "n_chars_raw", "n_chars_clean", "n_paragraphs", "n_sentences"]
PARAGRAPH_COLUMNS = ["article", "paragraph", "section", "kind", "elided", "text_raw", "text"]
SENTENCE_COLUMNS = ["article", "paragraph", "sentence", "kind", "text"]
REPORT_COLUMNS = ["article", "step", "n_changes", "chars_removed", "chars_added", "examples"]
TOKEN_COLUMNS = ["article", "paragraph", "sentence", "position", "token", "pos", "is_stopword", "start", "end"]
#: The columns :func:`as_sentences` guarantees.
SENTENCE_KEY = ["article", "paragraph", "sentence", "text"]
#: Article id given to sentences that come without one (a list of strings, one string).
INPUT = "input"


def require_columns(frame, columns: Iterable[str], *, name: str = "frame") -> pd.DataFrame:
    """``frame`` itself if it is a DataFrame with every one of ``columns``, else one clear ValueError.

    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], name="counts")
    Traceback (most recent call last):
    ...
    ValueError: counts lacks columns ['b'] (it has ['a'])
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks columns {missing} (it has {list(frame.columns)})")
    return frame


def as_sentences(data) -> pd.DataFrame:
    """Sentences with at least ``article, paragraph, sentence, text``, from what a user has at hand.

    A ``Corpus`` gives its ``sentences`` frame unchanged; a frame with a ``text`` column gets the
    missing key columns (article ``"input"``, paragraph and sentence numbered from 0); a list of
    strings is the sentences of one text; a string is one sentence. The input is never changed.

    >>> as_sentences(pd.DataFrame({"text": ["好。"]})).columns.tolist()
    ['article', 'paragraph', 'sentence', 'text']
    >>> as_sentences(3)
    Traceback (most recent call last):
    ...
    ValueError: expected a Corpus, a sentences DataFrame, a list of strings or a string, not int
    """
    if isinstance(data, str):
        data = [data]
    frame = getattr(data, "sentences", data)
    if not isinstance(frame, pd.DataFrame):
        if isinstance(frame, (bytes, dict)) or not isinstance(frame, Iterable):
            raise ValueError("expected a Corpus, a sentences DataFrame, a list of strings or a string, "
                             f"not {type(data).__name__}")
        texts = list(frame)
        if not all(isinstance(t, str) for t in texts):
            raise ValueError("every sentence must be a string")
        frame = pd.DataFrame({"text": pd.Series(texts, dtype=object)})
    require_columns(frame, ["text"], name="the sentences frame")
    if all(c in frame.columns for c in SENTENCE_KEY):
        return frame
    n = len(frame)
    out = {"article": frame["article"].astype(str) if "article" in frame else [INPUT] * n,
           "paragraph": frame["paragraph"] if "paragraph" in frame else range(n),
           "sentence": frame["sentence"] if "sentence" in frame else range(n),
           "text": frame["text"].fillna("").astype(str)}
    return pd.DataFrame({k: list(v) for k, v in out.items()}).astype({"paragraph": "int64", "sentence": "int64"})


class RowBuffer:
    """Rows gathered into frames of :data:`FLUSH_ROWS` at a time: a large corpus never holds all its
    paragraphs or sentences as Python objects at once (pandas stores text far more compactly).

    >>> r = RowBuffer(["a", "b"], flush=2)
    >>> r.extend([(1, "x"), (2, "y"), (3, "z")])
    >>> r.frame().values.tolist(), len(r.frames)
    ([[1, 'x'], [2, 'y'], [3, 'z']], 1)
    """

    def __init__(self, columns: list[str], *, flush: int | None = None):
        self.columns, self.flush = columns, flush or FLUSH_ROWS
        self.rows: list = []
        self.frames: list[pd.DataFrame] = []

    def extend(self, rows) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= self.flush:
            self.frames.append(pd.DataFrame(self.rows, columns=self.columns))
            self.rows = []

    def frame(self) -> pd.DataFrame:
        last = pd.DataFrame(self.rows, columns=self.columns)
        if not self.frames:
            return last
        return pd.concat([*self.frames, last] if len(last) else self.frames, ignore_index=True)


#: Paragraph or sentence rows held as Python objects before they become a frame.
FLUSH_ROWS = 20_000
