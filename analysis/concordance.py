"""Key word in context (KWIC): every occurrence of a query with its context, and counts per article.

Three modes: ``substring`` (characters of the clean text, whatever the segmentation: the count per
article is ``corpus.body_text(article).count(query)``), ``token`` (tokens equal to the query; works
on a tokens frame alone) and ``regex`` (the ``regex`` package, with a time limit). Offsets refer to
the article's clean analysable text (:meth:`analysis.load.Corpus.body_text`). Also importable from
:mod:`analysis.keywords`.

>>> import pandas as pd
>>> t = pd.DataFrame({"article": ["a"] * 3, "paragraph": [0] * 3, "sentence": [0] * 3,
...                   "token": ["大厂", "的", "团队"]})
>>> kwic(t, "的", mode="token", window=1)[["left", "keyword", "right"]].values.tolist()
[['大厂', '的', '团队']]
"""
from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

import numpy as np
import pandas as pd

from .tokens import join_tokens, tokens_and_sentences

KWIC_COLUMNS = ["article", "paragraph", "sentence", "start", "end", "left", "keyword", "right"]


class _Body(NamedTuple):
    """One article's clean analysable text and where its paragraphs and sentences start in it."""

    text: str
    par_starts: list[int]
    par_ends: list[int]
    paragraphs: list[int]
    sent_starts: list[int]
    sentences: list[int]


#: The bodies of the last corpus asked for (``(paragraphs frame, sentences frame, bodies)``):
#: several queries on one corpus index its text once.
_LAST: list = []


def _bodies(corpus) -> dict[str, _Body]:
    """Article id -> :class:`_Body`: the text of ``corpus.body_text(article)`` (analysable
    paragraphs joined by newlines), with the offsets of each paragraph and sentence in it.

    One pass over plain lists (no per-article pandas grouping); the result for the last corpus
    is kept, so the queries of one run index the text once."""
    if _LAST and _LAST[0] is corpus.paragraphs and _LAST[1] is corpus.sentences:
        return _LAST[2]
    paragraphs = corpus.paragraphs
    rows = paragraphs[paragraphs["kind"].isin(("heading", "body")) & (paragraphs["text"] != "")]
    sentences: dict[tuple, list] = {}
    s = corpus.sentences
    for key_a, key_p, number, text in zip(s["article"].tolist(), s["paragraph"].tolist(),
                                          s["sentence"].tolist(), s["text"].tolist()):
        sentences.setdefault((key_a, key_p), []).append((number, text))
    parts: dict[str, list] = {}
    for article, par, text in zip(rows["article"].tolist(), rows["paragraph"].tolist(), rows["text"].tolist()):
        parts.setdefault(article, []).append((par, text))
    out = {str(a): _body(parts.get(a, []), sentences, a) for a in corpus.articles["article"].tolist()}
    _LAST[:] = [corpus.paragraphs, corpus.sentences, out]
    return out


def _body(pars: list[tuple], sentences: dict, article) -> _Body:
    """One article's :class:`_Body` from its ``(paragraph, text)`` pairs."""
    texts, par_starts, par_ends, numbers, sent_starts, sents, at = [], [], [], [], [], [], 0
    for par, text in pars:
        par_starts.append(at)
        par_ends.append(at + len(text))
        numbers.append(int(par))
        cursor = 0
        for number, sentence in sentences.get((article, par), []):
            found = text.find(sentence, cursor)
            found = cursor if found < 0 else found
            sent_starts.append(at + found)
            sents.append(int(number))
            cursor = found + len(sentence)
        texts.append(text)
        at += len(text) + 1  # the newline
    return _Body("\n".join(texts), par_starts, par_ends, numbers, sent_starts, sents)


class _Hit(NamedTuple):
    start: int
    end: int


def _substring_hits(text: str, query: str) -> list[_Hit]:
    """Non-overlapping occurrences, left to right: exactly what ``text.count(query)`` counts."""
    hits, at = [], text.find(query)
    while at >= 0:
        hits.append(_Hit(at, at + len(query)))
        at = text.find(query, at + len(query))
    return hits


#: A regular expression gets this many seconds for the whole corpus; past it, ValueError.
REGEX_TIMEOUT = 2.0
REGEX_MAX_LENGTH = 500


def _compile_regex(pattern: str):
    import regex

    if len(pattern) > REGEX_MAX_LENGTH:
        raise ValueError(f"regular expression longer than {REGEX_MAX_LENGTH} characters")
    try:
        compiled = regex.compile(pattern)
    except regex.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
    if compiled.fullmatch(""):
        raise ValueError(f"regular expression {pattern!r} matches the empty string: every position would match")
    return compiled


def _regex_hits(compiled, text: str, deadline: float) -> list[_Hit]:
    import time

    remaining = deadline - time.monotonic()
    try:
        if remaining <= 0:
            raise TimeoutError
        return [_Hit(*m.span()) for m in compiled.finditer(text, timeout=remaining) if m.end() > m.start()]
    except TimeoutError:
        raise ValueError(f"regular expression {compiled.pattern!r} took more than {REGEX_TIMEOUT:g} s; simplify "
                         "it (nested repeats such as (a+)+ backtrack without end)") from None


def _sort_lines(out: pd.DataFrame, sort: str | None) -> pd.DataFrame:
    """Order concordance lines: text order, or by the context left (nearest character first) or right."""
    if sort is None or out.empty:
        return out.reset_index(drop=True)
    if sort == "left":
        keys = [out["left"].str[::-1], out["keyword"], out["right"]]
    else:
        keys = [out["keyword"] + "\x00" + out["right"], out["left"].str[::-1]]
    order = pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)}).assign(
        _article=out["article"].map({a: i for i, a in enumerate(dict.fromkeys(out["article"]))}),
        _start=out["start"])
    order = order.sort_values(list(order.columns), kind="mergesort")
    return out.loc[order.index].reset_index(drop=True)


KWIC_MODES = ("substring", "token", "regex")
KWIC_SORTS = ("left", "right", None)
#: Default context each side: characters for substring and regex, tokens for token mode.
KWIC_WINDOW = {"substring": 20, "regex": 20, "token": 8}


def _check_kwic(query, mode, sort, window) -> int:
    if mode not in KWIC_MODES:
        raise ValueError(f"mode must be one of {KWIC_MODES}, not {mode!r}")
    if sort not in KWIC_SORTS:
        raise ValueError(f"sort must be 'left', 'right' or None, not {sort!r}")
    if not isinstance(query, str) or not query or (mode == "token" and not query.strip()):
        raise ValueError("query must be a non-empty string")
    window = KWIC_WINDOW[mode] if window is None else window
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        raise ValueError(f"window must be a non-negative integer, not {window!r}")
    return window


def kwic(corpus_or_tokens, query: str, *, mode: str = "substring", sort: str | None = None,
         window: int | None = None, limit: int | None = None) -> pd.DataFrame:
    r"""Key word in context: every occurrence of ``query`` with its context each side.

    Columns: ``article, paragraph, sentence, start, end, left, keyword, right``.

    Parameters
    ----------
    corpus_or_tokens
        A Corpus (every mode) or, for ``mode="token"``, a tokens frame (or a sentences frame).
    query
        What to find: a string (``substring``, ``token``) or a regular expression (``regex``,
        the ``regex`` package's syntax, which is Python's plus Unicode properties such as ``\p{Han}``).
    mode
        ``"substring"`` (default): every occurrence of the characters in the clean text, whatever
        the segmentation (模型 inside 大模型 counts), non-overlapping from left to right, so the
        count per article equals ``corpus.body_text(article).count(query)``.
        ``"token"``: tokens equal to ``query`` (depends on segmentation).
        ``"regex"``: matches of a regular expression in the clean text (non-empty matches only;
        a pattern that matches the empty string, is malformed or runs longer than
        ``REGEX_TIMEOUT`` seconds over the corpus raises ValueError).
    sort
        ``None`` (text order), ``"left"`` (by the context to the left, nearest character first) or
        ``"right"`` (by the keyword and the context to the right); code-point order, article
        order and position break ties.
    window
        Context each side: characters for substring and regex (default 20), tokens for token
        mode (default 8). Contexts stop at the paragraph's edges (substring, regex) or the
        sentence's (token).
    limit
        At most this many lines per article, the first in text order (``None``: all); for
        tables and reports of very long texts. :func:`kwic_counts` always counts them all.

    Returns
    -------
    pandas.DataFrame
        One row per occurrence. ``start, end``: offsets of the keyword in the article's clean
        text, ``corpus.body_text(article)[start:end] == keyword`` (token mode from a tokens frame
        alone: offsets in the sentence); ``paragraph, sentence``: where it starts.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from analysis.load import load_corpus
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("大模型创业难。模型不是护城河。", encoding="utf-8")
    >>> c = load_corpus(folder)
    >>> kwic(c, "模型", window=3)[["sentence", "start", "left", "keyword", "right"]].values.tolist()
    [[0, 1, '大', '模型', '创业难'], [1, 7, '业难。', '模型', '不是护']]
    >>> kwic(c, "模型", mode="token")["keyword"].tolist()
    ['模型']
    >>> kwic(c, "[大小]?模型", mode="regex")["keyword"].tolist()
    ['大模型', '模型']
    """
    window = _check_kwic(query, mode, sort, window)
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise ValueError(f"limit must be a positive integer or None, not {limit!r}")
    if mode == "token":
        lines = _kwic_tokens(corpus_or_tokens, query, window)
        return _sort_lines(lines if limit is None else lines.groupby("article", sort=False).head(limit), sort)
    if not (hasattr(corpus_or_tokens, "paragraphs") and hasattr(corpus_or_tokens, "sentences")):
        raise ValueError(f"mode={mode!r} needs a Corpus (the clean text), not {type(corpus_or_tokens).__name__}; "
                         "a tokens frame works with mode='token'")
    return _sort_lines(_kwic_text(_bodies(corpus_or_tokens), query, mode, window, limit), sort)


def _kwic_text(bodies: dict[str, _Body], query: str, mode: str, window: int, limit: int | None = None) -> pd.DataFrame:
    """Substring and regex modes on the articles' clean texts."""
    import time

    compiled = _compile_regex(query) if mode == "regex" else None
    deadline = time.monotonic() + REGEX_TIMEOUT
    rows = []
    for article, body in bodies.items():
        hits = _substring_hits(body.text, query) if compiled is None else _regex_hits(compiled, body.text, deadline)
        for hit in hits[:limit]:
            p = max(bisect_right(body.par_starts, hit.start) - 1, 0)
            s = max(bisect_right(body.sent_starts, hit.start) - 1, 0)
            lo, hi = body.par_starts[p], body.par_ends[p]
            rows.append((article, body.paragraphs[p], body.sentences[s] if body.sentences else -1, hit.start,
                         hit.end, body.text[max(lo, hit.start - window):hit.start],
                         body.text[hit.start:hit.end], body.text[hit.end:max(hit.end, min(hi, hit.end + window))]))
    return _kwic_frame(rows)


def _kwic_frame(rows) -> pd.DataFrame:
    ints = {c: "int64" for c in ("paragraph", "sentence", "start", "end")}
    return pd.DataFrame(rows, columns=KWIC_COLUMNS).astype(ints)


def _sentence_texts(corpus_or_tokens, sentences) -> tuple[dict, dict]:
    """``(article, sentence) -> text`` (when there is a sentences frame) and ``(article, sentence)
    -> offset of the sentence in the article's clean text`` (when there is a Corpus)."""
    texts, offsets = {}, {}
    if sentences is not None:
        texts = {(a, s): t for a, s, t in sentences[["article", "sentence", "text"]].itertuples(index=False)}
    if hasattr(corpus_or_tokens, "paragraphs"):
        for article, body in _bodies(corpus_or_tokens).items():
            offsets.update({(article, s): at for s, at in zip(body.sentences, body.sent_starts)})
    return texts, offsets


def _token_spans(sent: pd.DataFrame, toks: list[str]):
    """Start and end of each token in its sentence: the ``start``/``end`` columns, else the
    tokens laid end to end."""
    if "start" in sent.columns:
        return sent["start"].to_numpy(), sent["end"].to_numpy()
    starts = np.cumsum([0] + [len(t) for t in toks[:-1]])
    return starts, starts + np.array([len(t) for t in toks])


def _kwic_tokens(corpus_or_tokens, query: str, window: int) -> pd.DataFrame:
    """Token mode: tokens equal to ``query``, ``window`` tokens of context within the sentence."""
    tokens, sentences = tokens_and_sentences(corpus_or_tokens)
    texts, offsets = _sentence_texts(corpus_or_tokens, sentences)
    rows = []
    for (article, sentence), sent in tokens.groupby(["article", "sentence"], sort=False):
        toks = sent["token"].tolist()
        starts, ends = _token_spans(sent, toks)
        paragraph = int(sent["paragraph"].iloc[0]) if "paragraph" in sent.columns else -1
        shift = offsets.get((article, sentence), 0)
        text = texts.get((article, sentence))
        for i in np.flatnonzero(sent["token"].to_numpy() == query):
            lo, hi = max(0, i - window), min(len(toks), i + window + 1)
            if text is not None:
                left = text[starts[lo]:starts[i]].strip() if window else ""
                right = text[ends[i]:ends[hi - 1]].strip() if window else ""
            else:
                left, right = join_tokens(toks[lo:i]), join_tokens(toks[i + 1:hi])
            rows.append((article, paragraph, int(sentence), int(starts[i]) + shift, int(ends[i]) + shift,
                         left, query, right))
    return _kwic_frame(rows)


KWIC_COUNT_COLUMNS = ["article", "label", "n", "size", "unit", "rate"]


def kwic_counts(corpus_or_tokens, query: str, *, mode: str = "substring") -> pd.DataFrame:
    """Occurrences of ``query`` per article, every article listed (0 when absent).

    Columns: ``article, label`` (title, else the id), ``n``, ``size`` and ``unit`` (the
    article's clean analysable text in characters for substring and regex, its tokens for
    token mode) and ``rate`` = n per 1,000 units. In substring mode ``n`` equals
    ``corpus.body_text(article).count(query)``.

    >>> import pathlib, tempfile
    >>> from analysis.load import load_corpus
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("大模型创业难。模型不是护城河。", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_text("大厂有护城河。", encoding="utf-8")
    >>> kwic_counts(load_corpus(folder), "模型").values.tolist()
    [['a', 'a', 2, 15, 'characters', 133.33333333333334], ['b', 'b', 0, 7, 'characters', 0.0]]
    """
    _check_kwic(query, mode, None, 0)
    if mode == "token":
        lines = kwic(corpus_or_tokens, query, mode=mode, window=0)
    elif hasattr(corpus_or_tokens, "paragraphs"):
        bodies = _bodies(corpus_or_tokens)
        lines = _kwic_text(bodies, query, mode, 0)
    else:
        lines = kwic(corpus_or_tokens, query, mode=mode)  # raises: substring and regex need a Corpus
    if hasattr(corpus_or_tokens, "articles"):
        articles = corpus_or_tokens.articles
        ids = [str(a) for a in articles["article"]]
        labels = dict(zip(ids, articles["label"] if "label" in articles.columns else ids))
    else:
        ids = [str(a) for a in dict.fromkeys(tokens_and_sentences(corpus_or_tokens)[0]["article"])]
        labels = dict(zip(ids, ids))
    if mode == "token":
        tokens, _ = tokens_and_sentences(corpus_or_tokens)
        size, unit = tokens.groupby("article").size(), "tokens"
    else:
        size, unit = pd.Series({a: len(b.text) for a, b in bodies.items()}), "characters"
    n = lines.groupby("article").size()
    out = pd.DataFrame({"article": ids, "label": [labels[a] or a for a in ids],
                        "n": [int(n.get(a, 0)) for a in ids], "size": [int(size.get(a, 0)) for a in ids]})
    out["unit"] = unit
    out["rate"] = (1000.0 * out["n"] / out["size"].where(out["size"] > 0)).fillna(0.0)
    return out[KWIC_COUNT_COLUMNS]
