"""Keyword statistics on the tokens frame: counts, rates, weighted log-odds, keyness, TF-IDF.

KWIC concordances (:mod:`analysis.concordance`) and collocates, n-grams and term positions
(:mod:`analysis.cooccurrence`) are importable from here too.

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

import numpy as np
import pandas as pd

# concordance and co-occurrence live in their own modules; their names stay importable from here
from .concordance import (KWIC_COLUMNS, KWIC_COUNT_COLUMNS, KWIC_MODES, KWIC_SORTS,  # noqa: F401
                          KWIC_WINDOW, REGEX_MAX_LENGTH, REGEX_TIMEOUT, kwic, kwic_counts)
from .cooccurrence import collocates, ngrams, term_positions  # noqa: F401
from .tokens import tokens_and_sentences

COUNT_COLUMNS = ["article", "term", "n", "n_article"]
KEYWORD_COLUMNS = ["article", "term", "n", "rate", "log_odds_z", "g2", "p_value", "log_ratio"]
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
    out["n_article"] = _lookup(out["article"], sizes).astype("int64")
    out["_order"] = _lookup(out["article"], order)
    out = out.sort_values(["_order", "n", "term"], ascending=[True, False, True], kind="mergesort")
    return out.drop(columns="_order").reset_index(drop=True)


def _lookup(keys: pd.Series, mapping) -> np.ndarray:
    """``keys.map(mapping)`` as floats (NaN where a key is missing), by index lookup: pandas' ``map``
    casts every value of an Arrow string column one by one.

    >>> _lookup(pd.Series(["b", "x", "a"]), {"a": 1, "b": 2}).tolist()
    [2.0, nan, 1.0]
    """
    mapping = mapping if isinstance(mapping, pd.Series) else pd.Series(mapping, dtype=float)
    where = mapping.index.get_indexer(keys)
    values = np.append(mapping.to_numpy(dtype=float), np.nan)  # index -1 (missing) reads the NaN
    return values[where]


def bind_rate(counts: pd.DataFrame, *, per: int = 1000) -> pd.DataFrame:
    """Add ``rate``: occurrences per ``per`` tokens of the article, ``rate = per · n / N_article``.

    >>> bind_rate(pd.DataFrame({"article": ["a"], "term": ["大厂"], "n": [3], "n_article": [600]}))["rate"].tolist()
    [5.0]
    """
    out = _check_counts(counts)
    if per <= 0:
        raise ValueError(f"per must be positive, not {per}")
    out["rate"] = per * out["n"] / _lookup(out["article"], _article_sizes(out)) if len(out) else []
    return out


def bind_shared(counts: pd.DataFrame) -> pd.DataFrame:
    """Add ``n_articles`` (articles using the term) and ``unique`` (used by this article only).

    >>> c = pd.DataFrame({"article": ["a", "a", "b"], "term": ["大厂", "未来", "大厂"], "n": [1, 1, 2]})
    >>> bind_shared(c)[["term", "n_articles", "unique"]].values.tolist()
    [['大厂', 2, False], ['未来', 1, True], ['大厂', 2, False]]
    """
    out = _check_counts(counts)
    used = out[out["n"] > 0]
    out["n_articles"] = np.nan_to_num(_lookup(out["term"], used.groupby("term")["article"].nunique())).astype("int64")
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
    from .tokens import make_segmenter

    freq = make_segmenter(engine="jieba").model.FREQ
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
        alpha_w = pd.Series(_lookup(out["term"], share), index=out.index) * a0  # α_w = α0 · p_w
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
    n1 = _lookup(out["article"], sizes)
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
    out["tf"] = out["n"] / _lookup(out["article"], _article_sizes(out))
    out["idf"] = np.log(n_docs / _lookup(out["term"], used.groupby("term")["article"].nunique()))
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
    tokens, _ = tokens_and_sentences(corpus, keep_single_chars=keep_single_chars)
    counts = keyword_counts(tokens, keep_single_chars=keep_single_chars)
    table = bind_keyness(bind_log_odds(bind_rate(counts), prior=prior, alpha0=alpha0))
    if table.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("article", "term") else float)
                             for c in KEYWORD_COLUMNS})
    return rank_keywords(table, top=top)


def keyword_counts(tokens: pd.DataFrame, *, keep_single_chars: bool = False) -> pd.DataFrame:
    """The counts :func:`keyword_table` works on: :func:`count_terms` without stopwords and,
    unless ``keep_single_chars``, without single characters (dropped before counting, so the
    article's size ``n_article`` leaves them out too).

    >>> t = pd.DataFrame({"article": ["a"] * 3, "token": ["大厂", "的", "大厂"], "is_stopword": [False, True, False]})
    >>> keyword_counts(t).values.tolist(), keyword_counts(t, keep_single_chars=True).values.tolist()
    ([['a', '大厂', 2, 2]], [['a', '大厂', 2, 3]])
    """
    tokens = tokens[[c for c in ("article", "token", "is_stopword") if c in tokens.columns]]
    if not keep_single_chars and len(tokens):
        tokens = tokens[tokens["token"].str.len() > 1]
    return count_terms(tokens)


def rank_keywords(table: pd.DataFrame, *, top: int | None = None) -> pd.DataFrame:
    """The :data:`KEYWORD_COLUMNS` of a bound table, articles in order of appearance, each
    article's terms by log-odds z (then count, then term), the ``top`` per article (``None``: all).

    >>> t = pd.DataFrame({"article": ["a", "a"], "term": ["甲", "乙"], "n": [1, 2], "rate": [1.0, 2.0],
    ...                   "log_odds_z": [0.5, 1.5], "g2": [0.0, 0.0], "p_value": [1.0, 1.0], "log_ratio": [0.0, 0.0]})
    >>> rank_keywords(t, top=1)["term"].tolist()
    ['乙']
    """
    order = {a: i for i, a in enumerate(table["article"].unique())}
    table = table.assign(_order=_lookup(table["article"], order)).sort_values(
        ["_order", "log_odds_z", "n", "term"], ascending=[True, False, False, True], kind="mergesort")
    if top is not None:
        table = table.groupby("article", sort=False).head(top)
    return table[KEYWORD_COLUMNS].reset_index(drop=True)
