"""Keyword statistics on the tokens frame: counts, rates, weighted log-odds, keyness, TF-IDF,
plus KWIC concordances, collocates, n-grams and term positions.

Every ``bind_*`` verb takes a counts frame (``article, term, n`` and optionally ``n_article``,
the article's size in tokens) and returns a **new** frame with added columns. Each article is
compared with the rest of the corpus (all other articles pooled), so everything works for
three or more articles.

>>> import pandas as pd
>>> counts = pd.DataFrame({"article": ["A", "A", "B", "B"], "term": ["大厂", "未来", "大厂", "团队"],
...                        "n": [1, 3, 4, 2]})
>>> bind_keyness(bind_rate(counts)).round(3)[["article", "term", "rate", "g2", "log_ratio"]]
  article term     rate     g2  log_ratio
0       A   大厂  250.000  1.726     -1.415
1       A   未来  750.000  7.719      3.170
2       B   大厂  666.667  1.726      1.415
3       B   团队  333.333  2.370      1.415
"""
from __future__ import annotations

import math
from bisect import bisect_right
from typing import NamedTuple

import numpy as np
import pandas as pd

COUNT_COLUMNS = ["article", "term", "n", "n_article"]
KEYWORD_COLUMNS = ["article", "term", "n", "rate", "log_odds_z", "g2", "p_value", "log_ratio"]
KWIC_COLUMNS = ["article", "paragraph", "sentence", "start", "end", "left", "keyword", "right"]
PRIORS = ("pooled", "background", "uninformative")
VARIANCES = ("monroe", "full")
CORRECTIONS = (None, "williams", "yates")


# ---------------------------------------------------------------- helpers
def _check_counts(counts: pd.DataFrame, *, need=("article", "term", "n")) -> pd.DataFrame:
    if not isinstance(counts, pd.DataFrame):
        raise ValueError(f"expected a counts DataFrame, not {type(counts).__name__}")
    missing = [c for c in need if c not in counts.columns]
    if missing:
        raise ValueError(f"counts frame lacks columns {missing}")
    if len(counts) and (counts["n"] < 0).any():
        raise ValueError("counts must be non-negative")
    return counts.copy()


def _article_sizes(counts: pd.DataFrame) -> pd.Series:
    """Tokens per article: the ``n_article`` column when present, else the sum of ``n``."""
    if "n_article" in counts.columns:
        return counts.groupby("article", sort=False)["n_article"].first().astype(float)
    return counts.groupby("article", sort=False)["n"].sum().astype(float)


def _tokens_of(corpus_or_tokens, *, keep_single_chars=True) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(tokens frame, sentences frame or None) from a Corpus, a sentences or a tokens frame."""
    if isinstance(corpus_or_tokens, pd.DataFrame) and "token" in corpus_or_tokens.columns:
        return corpus_or_tokens, None
    sentences = getattr(corpus_or_tokens, "sentences", corpus_or_tokens)
    if isinstance(sentences, pd.DataFrame) and "text" in sentences.columns:
        from .tokens import tokenize

        return tokenize(sentences, keep_single_chars=keep_single_chars), sentences
    raise ValueError("expected a Corpus, a sentences frame or a tokens frame (with a 'token' column), "
                     f"not {type(corpus_or_tokens).__name__}")


def _join(tokens) -> str:
    """Join tokens as text: no space between Chinese tokens, one between two Latin ones."""
    out = ""
    for tok in tokens:
        if out and out[-1].isascii() and out[-1].isalnum() and tok[:1].isascii() and tok[:1].isalnum():
            out += " "
        out += tok
    return out


# ---------------------------------------------------------------- counts and rates
def count_terms(tokens: pd.DataFrame, *, drop_stopwords: bool = True, min_chars: int = 1) -> pd.DataFrame:
    """Count each term per article: ``article, term, n, n_article``.

    ``n_article`` is the article's number of tokens in ``tokens`` *before* dropping stopwords
    (the denominator of rates and the corpus size of keyness). Rows are ordered by article (in
    order of appearance), then ``n`` descending, then term.

    >>> t = pd.DataFrame({"article": ["a"] * 4, "token": ["大厂", "的", "大厂", "团队"],
    ...                   "is_stopword": [False, True, False, False]})
    >>> count_terms(t).values.tolist()
    [['a', '大厂', 2, 4], ['a', '团队', 1, 4]]
    """
    if not isinstance(tokens, pd.DataFrame) or not {"article", "token"} <= set(tokens.columns):
        raise ValueError("count_terms() needs a tokens frame with 'article' and 'token' columns")
    if min_chars < 1:
        raise ValueError(f"min_chars must be >= 1, not {min_chars}")
    if tokens.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("article", "term") else "int64")
                             for c in COUNT_COLUMNS})
    sizes = tokens.groupby("article", sort=False).size()
    keep = tokens["token"].str.len() >= min_chars
    if drop_stopwords and "is_stopword" in tokens.columns:
        keep &= ~tokens["is_stopword"].astype(bool)
    order = {a: i for i, a in enumerate(sizes.index)}
    out = (tokens[keep].groupby(["article", "token"], sort=False).size()
           .rename("n").reset_index().rename(columns={"token": "term"}))
    out["n_article"] = out["article"].map(sizes).astype("int64")
    out["_order"] = out["article"].map(order)
    out = out.sort_values(["_order", "n", "term"], ascending=[True, False, True], kind="mergesort")
    return out.drop(columns="_order").reset_index(drop=True)


def bind_rate(counts: pd.DataFrame, *, per: int = 1000) -> pd.DataFrame:
    """Add ``rate``: occurrences per ``per`` tokens of the article, ``rate = per · n / N_article``.

    >>> bind_rate(pd.DataFrame({"article": ["a"], "term": ["大厂"], "n": [3], "n_article": [600]}))["rate"].tolist()
    [5.0]
    """
    out = _check_counts(counts)
    if per <= 0:
        raise ValueError(f"per must be positive, not {per}")
    out["rate"] = per * out["n"] / out["article"].map(_article_sizes(out)) if len(out) else []
    return out


def bind_shared(counts: pd.DataFrame) -> pd.DataFrame:
    """Add ``n_articles`` (articles using the term) and ``unique`` (used by this article only).

    >>> c = pd.DataFrame({"article": ["a", "a", "b"], "term": ["大厂", "未来", "大厂"], "n": [1, 1, 2]})
    >>> bind_shared(c)[["term", "n_articles", "unique"]].values.tolist()
    [['大厂', 2, False], ['未来', 1, True], ['大厂', 2, False]]
    """
    out = _check_counts(counts)
    used = out[out["n"] > 0]
    out["n_articles"] = out["term"].map(used.groupby("term")["article"].nunique()).fillna(0).astype("int64")
    out["unique"] = out["n_articles"] == 1
    return out


def vocabulary_overlap(counts: pd.DataFrame) -> pd.DataFrame:
    """Per article: ``n_terms`` (distinct terms), ``n_shared`` (also in another article), ``n_unique``.

    >>> c = pd.DataFrame({"article": ["a", "a", "b"], "term": ["大厂", "未来", "大厂"], "n": [1, 1, 2]})
    >>> vocabulary_overlap(c).values.tolist()
    [['a', 2, 1, 1], ['b', 1, 1, 0]]
    """
    shared = bind_shared(counts)
    shared = shared[shared["n"] > 0]
    out = shared.groupby("article", sort=False).agg(n_terms=("term", "nunique"),
                                                    n_unique=("unique", "sum"))
    out["n_shared"] = out["n_terms"] - out["n_unique"]
    return out.reset_index()[["article", "n_terms", "n_shared", "n_unique"]].astype(
        {"n_terms": "int64", "n_shared": "int64", "n_unique": "int64"})


# ---------------------------------------------------------------- weighted log-odds
def background_frequencies(terms) -> pd.Series:
    """Frequency of each term in jieba's dictionary (plus the user dictionary), 0 when absent."""
    from .tokens import make_tokenizer

    freq = make_tokenizer(engine="jieba").model.FREQ
    return pd.Series([freq.get(t, 0) for t in terms], index=list(terms), dtype=float)


def bind_log_odds(counts: pd.DataFrame, *, prior: str = "pooled", alpha0: float | None = None,
                  variance: str = "monroe") -> pd.DataFrame:
    """Add ``log_odds`` (δ) and ``log_odds_z`` (ζ): weighted log-odds ratio of each term in its
    article against all other articles pooled, with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", *Political Analysis* 16(4), §3.5,
    eqs. 16–22, comparing article i with the rest j. With y counts and n sizes (sums of ``n``
    in the frame: stopwords dropped by :func:`count_terms` are not counted here, whereas
    :func:`bind_keyness` and :func:`bind_rate` use ``n_article``, all tokens)::

        α_w = α0 · p_w                      prior pseudo-counts, Σ_w α_w = α0
        δ_w = ln[(y_wi + α_w) / (n_i + α0 − y_wi − α_w)] − ln[(y_wj + α_w) / (n_j + α0 − y_wj − α_w)]
        σ²_w ≈ 1/(y_wi + α_w) + 1/(y_wj + α_w)                       variance="monroe" (their eq. 20)
        σ²_w ≈ the above + 1/(n_i + α0 − y_wi − α_w) + 1/(n_j + α0 − y_wj − α_w)   variance="full"
        ζ_w = δ_w / √σ²_w                   a z-score: |ζ| > 1.96 is "significant" at 5 %

    How it differs from peers: the empirical-Bayes prior ``α_w = α0 · y_w / N`` is tidylo's,
    but tidylo compares each set with the *whole* corpus including itself (y_w in place of
    y_wj) and adds the prior only to the rows present, so its z differs from this one and can
    even change sign for a term shared evenly; scattertext's ``LogOddsRatioInformativeDirichletPrior``
    uses the four-term ``variance="full"``, Monroe et al. the two-term approximation
    (the default here, the larger counts' terms being negligible).

    ``prior``: ``"pooled"`` (p_w = the term's share of the whole frame), ``"background"``
    (p_w = its share of jieba's dictionary frequencies, +1 smoothing) or ``"uninformative"``
    (α_w = 1, α0 = vocabulary size). ``alpha0`` defaults to the total count N of the frame,
    which for the pooled prior gives α_w = y_w (tidylo). With one article ζ is NaN.

    >>> c = pd.DataFrame({"article": ["A", "A", "B", "B"], "term": ["大厂", "未来", "大厂", "团队"],
    ...                   "n": [1, 3, 4, 2]})
    >>> bind_log_odds(c)["log_odds_z"].round(4).tolist()
    [-1.0227, 1.6669, 1.0227, 0.8004]
    >>> bind_log_odds(c, variance="full")["log_odds_z"].round(4).tolist()
    [-0.7297, 1.4068, 0.7297, 0.724]
    """
    out = _check_counts(counts)
    if prior not in PRIORS:
        raise ValueError(f"prior must be one of {PRIORS}, not {prior!r}")
    if variance not in VARIANCES:
        raise ValueError(f"variance must be one of {VARIANCES}, not {variance!r}")
    if alpha0 is not None and not alpha0 > 0:
        raise ValueError(f"alpha0 must be positive, not {alpha0!r}")
    if out.empty:
        return out.assign(log_odds=pd.Series(dtype=float), log_odds_z=pd.Series(dtype=float))
    n = out["n"].astype(float)
    y_w = out.groupby("term")["n"].transform("sum").astype(float)      # term total, all articles
    n_i = out.groupby("article")["n"].transform("sum").astype(float)   # article size
    total = float(n.sum())                                               # N
    vocab = out.drop_duplicates("term").set_index("term")
    if prior == "uninformative":
        alpha_w = pd.Series(1.0, index=out.index)
        a0 = float(len(vocab)) if alpha0 is None else float(alpha0)
        alpha_w = alpha_w * a0 / len(vocab)
    else:
        if prior == "pooled":
            share = out.groupby("term")["n"].sum() / total
        else:
            f = background_frequencies(vocab.index) + 1.0
            share = f / f.sum()
        a0 = total if alpha0 is None else float(alpha0)
        alpha_w = out["term"].map(share).astype(float) * a0             # α_w = α0 · p_w
    y_wj = y_w - n                                                       # count in the rest
    n_j = total - n_i                                                    # size of the rest
    omega_i = (n + alpha_w) / (n_i + a0 - n - alpha_w)                   # posterior odds in i
    omega_j = (y_wj + alpha_w) / (n_j + a0 - y_wj - alpha_w)             # posterior odds in j
    delta = np.log(omega_i) - np.log(omega_j)                            # log-odds ratio δ
    sigma2 = 1.0 / (n + alpha_w) + 1.0 / (y_wj + alpha_w)                # its variance σ²
    if variance == "full":
        sigma2 = sigma2 + 1.0 / (n_i + a0 - n - alpha_w) + 1.0 / (n_j + a0 - y_wj - alpha_w)
    out["log_odds"] = delta
    out["log_odds_z"] = delta / np.sqrt(sigma2)                          # z-score ζ
    if out["article"].nunique() < 2:
        out[["log_odds", "log_odds_z"]] = np.nan
    return out


# ---------------------------------------------------------------- keyness
def _g2(a, b, n1, n2, correction=None):
    """Dunning's log-likelihood G² = 2 Σ O ln(O/E) over the 2×2 table (0·ln 0 = 0); arrays in, array out.

    ``correction="yates"`` moves each observed count half a unit towards its expected count
    (never past it) before summing; ``"williams"`` divides G² by Williams' (1976) q for a 2×2
    table, q = 1 + (N/R1 + N/R2 − 1)(N/C1 + N/C2 − 1) / 6N (as quanteda's ``textstat_keyness``).
    """
    c, d, total = n1 - a, n2 - b, n1 + n2
    observed = (a, b, c, d)
    expected = (n1 * (a + b) / total, n2 * (a + b) / total, n1 * (c + d) / total, n2 * (c + d) / total)
    if correction == "yates":
        observed = tuple(o - np.sign(o - e) * np.minimum(0.5, np.abs(o - e)) for o, e in zip(observed, expected))
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = [np.where(o > 0, o * np.log(o / e), 0.0) for o, e in zip(observed, expected)]
        g2 = 2.0 * (cells[0] + cells[1] + cells[2] + cells[3])
        if correction == "williams":
            q = 1 + (total / (a + b) + total / (c + d) - 1) * (total / n1 + total / n2 - 1) / (6 * total)
            g2 = g2 / q
    return g2


def bind_keyness(counts: pd.DataFrame, *, correction: str | None = None) -> pd.DataFrame:
    """Add ``g2``, ``p_value`` and ``log_ratio``: the keyness of each term in its article
    against all other articles pooled.

    For a = count in the article, b = count in the rest, N1, N2 their sizes in tokens
    (``n_article``, else sums of ``n``), c = N1 − a, d = N2 − b, E = row total × column total / N:

    * G² = 2 Σ O ln(O/E) over the four cells (Dunning 1993, *Computational Linguistics* 19(1)),
      uncorrected by default (as UCREL's log-likelihood calculator); ``correction="williams"``
      or ``"yates"`` as quanteda's ``textstat_keyness(measure="lr")`` (see :func:`_g2`);
    * p = P(χ²₁ > G²) = erfc(√(G²/2));
    * Log Ratio = log₂((a/N1)/(b/N2)), a zero count replaced by 0.5 (Hardie 2014, "Log Ratio: an
      informal introduction", CASS). Its sign gives the direction (positive: more frequent here).

    G² itself is unsigned (quanteda signs it by the direction; here ``log_ratio`` carries the
    sign). With one article the three columns are NaN.

    >>> c = pd.DataFrame({"article": ["A", "B"], "term": ["大厂", "大厂"], "n": [10, 0],
    ...                   "n_article": [100, 100]})
    >>> bind_keyness(c)[["g2", "p_value", "log_ratio"]].round(4).values.tolist()[0]
    [14.3895, 0.0001, 4.3219]
    >>> bind_keyness(c, correction="williams")["g2"].round(4).tolist()[0]
    13.7026
    """
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {CORRECTIONS}, not {correction!r}")
    out = _check_counts(counts)
    cols = ["g2", "p_value", "log_ratio"]
    if out.empty or out["article"].nunique() < 2:
        return out.assign(**{c: pd.Series(np.nan, index=out.index, dtype=float) for c in cols})
    sizes = _article_sizes(out)
    corpus = float(sizes.sum())
    a = out["n"].to_numpy(dtype=float)
    b = out.groupby("term")["n"].transform("sum").to_numpy(dtype=float) - a
    n1 = out["article"].map(sizes).to_numpy(dtype=float)
    n2 = corpus - n1
    g2 = _g2(a, b, n1, n2, correction)
    g2 = np.maximum(g2, 0.0)  # rounding can leave -1e-10 where the counts are proportional
    p = [math.erfc(math.sqrt(g / 2.0)) for g in g2.tolist()]
    lr = np.log2((np.where(a > 0, a, 0.5) / n1) / (np.where(b > 0, b, 0.5) / n2))
    out["g2"], out["p_value"], out["log_ratio"] = g2, p, lr
    return out


def bind_tf_idf(counts: pd.DataFrame) -> pd.DataFrame:
    """Add ``tf = n / N_article``, ``idf = ln(D / D_w)`` and ``tf_idf = tf · idf`` (D articles,
    D_w of them using the term; Spärck Jones 1972, as tidytext's ``bind_tf_idf``).

    Meant for corpora of more than two articles: with two, idf only says "shared" (0) or not.

    >>> c = pd.DataFrame({"article": ["a", "a", "b", "c"], "term": ["大厂", "未来", "大厂", "团队"],
    ...                   "n": [1, 3, 2, 2]})
    >>> bind_tf_idf(c)["tf_idf"].round(4).tolist()
    [0.1014, 0.824, 0.4055, 1.0986]
    """
    out = _check_counts(counts)
    if out.empty:
        return out.assign(tf=pd.Series(dtype=float), idf=pd.Series(dtype=float), tf_idf=pd.Series(dtype=float))
    used = out[out["n"] > 0]
    n_docs = out["article"].nunique()
    out["tf"] = out["n"] / out["article"].map(_article_sizes(out))
    out["idf"] = np.log(n_docs / out["term"].map(used.groupby("term")["article"].nunique()))
    out["tf_idf"] = out["tf"] * out["idf"]
    return out


def keyword_table(corpus, *, top: int | None = 20, prior: str = "pooled", alpha0: float | None = 100.0,
                  keep_single_chars: bool = False) -> pd.DataFrame:
    """Per article and term: ``n, rate`` (per 1,000 tokens), ``log_odds_z``, ``g2``, ``p_value``,
    ``log_ratio``; the ``top`` terms per article by log-odds z (``None``: every term).

    ``corpus``: a Corpus, a sentences frame or a tokens frame. Stopwords are dropped; single
    characters too unless ``keep_single_chars`` (they are mostly function words or fragments of
    numbers). ``alpha0`` = 100 pseudo-tokens spread by the pooled shares: a lighter prior than
    tidylo's α0 = N, which on essays of a few thousand tokens halves every z and leaves almost
    nothing past 1.96 (``alpha0=None`` restores it).
    """
    if top is not None and (not isinstance(top, int) or top < 1):
        raise ValueError(f"top must be a positive integer or None, not {top!r}")
    tokens, _ = _tokens_of(corpus, keep_single_chars=keep_single_chars)
    tokens = tokens[[c for c in ("article", "token", "is_stopword") if c in tokens.columns]]
    if not keep_single_chars and len(tokens):
        tokens = tokens[tokens["token"].str.len() > 1]
    counts = count_terms(tokens)
    table = bind_keyness(bind_log_odds(bind_rate(counts), prior=prior, alpha0=alpha0))
    if table.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("article", "term") else float)
                             for c in KEYWORD_COLUMNS})
    order = {a: i for i, a in enumerate(table["article"].unique())}
    table = table.assign(_order=table["article"].map(order)).sort_values(
        ["_order", "log_odds_z", "n", "term"], ascending=[True, False, False, True], kind="mergesort")
    if top is not None:
        table = table.groupby("article", sort=False).head(top)
    return table[KEYWORD_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------- concordance and co-occurrence
class _Body(NamedTuple):
    """One article's clean analysable text and where its paragraphs and sentences start in it."""

    text: str
    par_starts: list[int]
    par_ends: list[int]
    paragraphs: list[int]
    sent_starts: list[int]
    sentences: list[int]


def _bodies(corpus) -> dict[str, _Body]:
    """Article id -> :class:`_Body`: the text of ``corpus.body_text(article)`` (analysable
    paragraphs joined by newlines), with the offsets of each paragraph and sentence in it."""
    paragraphs = corpus.paragraphs
    rows = paragraphs[paragraphs["kind"].isin(("heading", "body")) & (paragraphs["text"] != "")]
    sentences = {key: list(zip(g["sentence"], g["text"]))
                 for key, g in corpus.sentences.groupby(["article", "paragraph"], sort=False)}
    by_article = {a: g for a, g in rows[["article", "paragraph", "text"]].groupby("article", sort=False)}
    empty = rows[["article", "paragraph", "text"]].iloc[:0]
    out = {}
    for article in corpus.articles["article"]:
        texts, par_starts, par_ends, pars, sent_starts, sents, at = [], [], [], [], [], [], 0
        for _, par, text in by_article.get(article, empty).itertuples(index=False):
            par_starts.append(at)
            par_ends.append(at + len(text))
            pars.append(int(par))
            cursor = 0
            for number, sentence in sentences.get((article, par), []):
                found = text.find(sentence, cursor)
                found = cursor if found < 0 else found
                sent_starts.append(at + found)
                sents.append(int(number))
                cursor = found + len(sentence)
            texts.append(text)
            at += len(text) + 1  # the newline
        out[str(article)] = _Body("\n".join(texts), par_starts, par_ends, pars, sent_starts, sents)
    return out


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
         window: int | None = None) -> pd.DataFrame:
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
    if mode == "token":
        return _sort_lines(_kwic_tokens(corpus_or_tokens, query, window), sort)
    if not (hasattr(corpus_or_tokens, "paragraphs") and hasattr(corpus_or_tokens, "sentences")):
        raise ValueError(f"mode={mode!r} needs a Corpus (the clean text), not {type(corpus_or_tokens).__name__}; "
                         "a tokens frame works with mode='token'")
    return _sort_lines(_kwic_text(_bodies(corpus_or_tokens), query, mode, window), sort)


def _kwic_text(bodies: dict[str, _Body], query: str, mode: str, window: int) -> pd.DataFrame:
    """Substring and regex modes on the articles' clean texts."""
    import time

    compiled = _compile_regex(query) if mode == "regex" else None
    deadline = time.monotonic() + REGEX_TIMEOUT
    rows = []
    for article, body in bodies.items():
        hits = _substring_hits(body.text, query) if compiled is None else _regex_hits(compiled, body.text, deadline)
        for hit in hits:
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
    tokens, sentences = _tokens_of(corpus_or_tokens)
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
                left, right = _join(toks[lo:i]), _join(toks[i + 1:hi])
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
        ids = [str(a) for a in dict.fromkeys(_tokens_of(corpus_or_tokens)[0]["article"])]
        labels = dict(zip(ids, ids))
    if mode == "token":
        tokens, _ = _tokens_of(corpus_or_tokens)
        size, unit = tokens.groupby("article").size(), "tokens"
    else:
        size, unit = pd.Series({a: len(b.text) for a, b in bodies.items()}), "characters"
    n = lines.groupby("article").size()
    out = pd.DataFrame({"article": ids, "label": [labels[a] or a for a in ids],
                        "n": [int(n.get(a, 0)) for a in ids], "size": [int(size.get(a, 0)) for a in ids]})
    out["unit"] = unit
    out["rate"] = (1000.0 * out["n"] / out["size"].where(out["size"] > 0)).fillna(0.0)
    return out[KWIC_COUNT_COLUMNS]


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
    tokens, _ = _tokens_of(tokens)
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
    tokens, _ = _tokens_of(tokens)
    grams = []
    for (article, _), sent in tokens.groupby(["article", "sentence"], sort=False):
        toks = sent["token"].tolist()
        stop = sent["is_stopword"].tolist() if "is_stopword" in sent.columns else [False] * len(toks)
        for i in range(len(toks) - n + 1):
            if not (drop_stopwords and any(stop[i:i + n])):
                grams.append((article, _join(toks[i:i + n])))
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
    tokens, _ = _tokens_of(tokens)
    cols = ["article", "term", "position", "relative", "sentence"]
    if tokens.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("article", "term") else float) for c in cols})
    sizes = tokens.groupby("article", sort=False).size()
    hits = tokens[tokens["token"].isin(terms)]
    out = pd.DataFrame({"article": hits["article"], "term": hits["token"], "position": hits["position"],
                        "relative": hits["position"] / hits["article"].map(sizes),
                        "sentence": hits["sentence"]})
    return out.reset_index(drop=True)
