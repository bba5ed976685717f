"""Where terms occur and what with: collocates (logDice), n-grams and term positions (dispersion).

Each takes a tokens frame (or a Corpus or sentences frame, segmented first) and works within
sentences. Also importable from :mod:`analysis.keywords`.

>>> t = pd.DataFrame({"article": ["a"] * 4, "sentence": [0, 0, 1, 1], "position": range(4),
...                   "token": ["大厂", "团队", "大厂", "团队"]})
>>> ngrams(t).values.tolist()
[['a', '大厂团队', 2]]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .tokens import join_tokens, tokens_and_sentences


def collocates(tokens: pd.DataFrame, term: str, *, window: int = 5, min_n: int = 2,
               drop_stopwords: bool = True) -> pd.DataFrame:
    """Words within ``window`` tokens of ``term`` (same sentence), per article, scored by logDice.

    logDice = 14 + log₂(2·f_xy / (f_x + f_y)) (Rychlý 2008), with f_xy the co-occurrences in the
    window, f_x, f_y the frequencies of term and collocate in the article; it does not favour rare
    words as MI does. Rychlý's f_xy counts sentences or windows, so his logDice is at most 14;
    here f_xy counts the (node occurrence, collocate) pairs, so a collocate within the window of
    two occurrences of the node counts twice and logDice can pass 14 (``大厂 团队 大厂``: 14.415). Columns: ``article, term, collocate, n, n_term, n_collocate,
    log_dice``, best first; collocates seen fewer than ``min_n`` times are dropped.

    >>> t = pd.DataFrame({"article": ["a"] * 5, "sentence": [0, 0, 0, 1, 1],
    ...                   "token": ["大厂", "团队", "创业", "大厂", "团队"]})
    >>> collocates(t, "大厂", window=1)[["collocate", "n", "log_dice"]].values.tolist()
    [['团队', 2, 14.0]]
    """
    if not isinstance(term, str) or not term.strip():
        raise ValueError("term must be a non-empty string")
    if window < 1 or min_n < 1:
        raise ValueError("window and min_n must be >= 1")
    tokens, _ = tokens_and_sentences(tokens)
    cols = ["article", "term", "collocate", "n", "n_term", "n_collocate", "log_dice"]
    pairs = _window_pairs(tokens, term, window=window, drop_stopwords=drop_stopwords)
    if not pairs:
        return pd.DataFrame({c: pd.Series(dtype=float if c == "log_dice" else object) for c in cols})
    freq = tokens.groupby(["article", "token"]).size()
    out = pd.DataFrame(pairs, columns=["article", "collocate"]).value_counts(sort=False).rename("n").reset_index()
    out = out[out["n"] >= min_n].copy()
    out.insert(1, "term", term)
    out["n_term"] = [int(freq[(a, term)]) for a in out["article"]]
    out["n_collocate"] = [int(freq[(a, c)]) for a, c in zip(out["article"], out["collocate"])]
    out["log_dice"] = 14 + np.log2(2 * out["n"] / (out["n_term"] + out["n_collocate"]))
    out = out.sort_values(["article", "log_dice", "n", "collocate"], ascending=[True, False, False, True],
                          kind="mergesort")
    return out[cols].reset_index(drop=True)


def _window_pairs(tokens: pd.DataFrame, term: str, *, window: int, drop_stopwords: bool) -> list[tuple[str, str]]:
    """``(article, collocate)`` for every token within ``window`` tokens of an occurrence of
    ``term`` in the same sentence (``term`` itself and, if ``drop_stopwords``, stopwords excluded).

    >>> t = pd.DataFrame({"article": ["a"] * 3, "sentence": [0] * 3, "token": ["大厂", "团队", "大厂"]})
    >>> _window_pairs(t, "大厂", window=1, drop_stopwords=True)
    [('a', '团队'), ('a', '团队')]
    """
    pairs = []
    for (article, _), sent in tokens.groupby(["article", "sentence"], sort=False):
        toks = sent["token"].tolist()
        stop = sent["is_stopword"].tolist() if "is_stopword" in sent.columns else [False] * len(toks)
        for i in (i for i, tok in enumerate(toks) if tok == term):
            pairs += [(article, toks[j]) for j in range(max(0, i - window), min(len(toks), i + window + 1))
                      if j != i and toks[j] != term and not (drop_stopwords and stop[j])]
    return pairs


def ngrams(tokens: pd.DataFrame, *, n: int = 2, drop_stopwords: bool = True, min_count: int = 1) -> pd.DataFrame:
    """Counts of n consecutive tokens within a sentence, per article: ``article, ngram, n``.

    An n-gram containing a stopword is dropped when ``drop_stopwords``. Tokens are joined like
    text (no space between Chinese tokens).

    >>> t = pd.DataFrame({"article": ["a"] * 4, "sentence": [0] * 4,
    ...                   "token": ["大厂", "团队", "大厂", "团队"], "is_stopword": [False] * 4})
    >>> ngrams(t).values.tolist()
    [['a', '大厂团队', 2], ['a', '团队大厂', 1]]
    """
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, not {n!r}")
    tokens, _ = tokens_and_sentences(tokens)
    grams = []
    for (article, _), sent in tokens.groupby(["article", "sentence"], sort=False):
        toks = sent["token"].tolist()
        stop = sent["is_stopword"].tolist() if "is_stopword" in sent.columns else [False] * len(toks)
        for i in range(len(toks) - n + 1):
            if not (drop_stopwords and any(stop[i:i + n])):
                grams.append((article, join_tokens(toks[i:i + n])))
    out = pd.DataFrame(grams, columns=["article", "ngram"])
    if out.empty:
        return out.assign(n=pd.Series(dtype="int64"))
    out = out.value_counts(sort=False).rename("n").reset_index()
    out = out[out["n"] >= min_count]
    order = {a: i for i, a in enumerate(tokens["article"].unique())}
    out = out.assign(_o=out["article"].map(order)).sort_values(
        ["_o", "n", "ngram"], ascending=[True, False, True], kind="mergesort")
    return out.drop(columns="_o").reset_index(drop=True)


def term_positions(tokens: pd.DataFrame, terms) -> pd.DataFrame:
    """Where each of ``terms`` occurs: ``article, term, position, relative, sentence``.

    ``relative`` = position / number of tokens in the article, in [0, 1): the x axis of a
    dispersion plot, comparable across essays of different lengths.

    >>> t = pd.DataFrame({"article": ["a"] * 4, "sentence": [0, 0, 1, 1], "position": range(4),
    ...                   "token": ["大厂", "团队", "创业", "大厂"]})
    >>> term_positions(t, ["大厂"]).values.tolist()
    [['a', '大厂', 0, 0.0, 0], ['a', '大厂', 3, 0.75, 1]]
    """
    if isinstance(terms, str):
        terms = [terms]
    terms = list(terms)
    if not terms or not all(isinstance(t, str) and t for t in terms):
        raise ValueError("terms must be a non-empty list of non-empty strings")
    tokens, _ = tokens_and_sentences(tokens)
    cols = ["article", "term", "position", "relative", "sentence"]
    if tokens.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("article", "term") else float) for c in cols})
    sizes = tokens.groupby("article", sort=False).size()
    hits = tokens[tokens["token"].isin(terms)]
    out = pd.DataFrame({"article": hits["article"], "term": hits["token"], "position": hits["position"],
                        "relative": hits["position"] / hits["article"].map(sizes),
                        "sentence": hits["sentence"]})
    return out.reset_index(drop=True)
