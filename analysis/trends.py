"""Trends over time: a term's rate and a target's stance per period, for corpora with dates.

Articles are placed in a period by their ``date`` (manifest or front matter) with
:func:`analysis.groups.group_keys` (``date:year`` or ``date:month``); undated articles are left
out and counted. Each row says how much text it rests on, so a chart can show the counts.

>>> import pandas as pd
>>> arts = pd.DataFrame({"article": ["a", "b", "c"], "date": ["2024-01-05", "2024-02-01", ""]})
>>> toks = pd.DataFrame({"article": ["a", "a", "b", "c"], "token": ["大厂", "团队", "大厂", "大厂"]})
>>> term_trend(toks, arts, ["大厂"], by="date:month")[["period", "term", "n", "n_tokens", "rate"]].values.tolist()
[['2024-01', '大厂', 1, 2, 500.0], ['2024-02', '大厂', 1, 1, 1000.0]]
"""
from __future__ import annotations

import pandas as pd

from .frames import require_columns
from .groups import UNLABELLED, group_keys

TERM_TREND_COLUMNS = ["period", "term", "n", "n_tokens", "rate", "n_articles"]
STANCE_TREND_COLUMNS = ["period", "target", "score", "n_sentences", "n_articles"]


def periods(articles: pd.DataFrame, *, by: str = "date:month") -> pd.Series:
    """Article id -> period (``by``: ``date:year`` or ``date:month``); undated articles dropped.

    >>> periods(pd.DataFrame({"article": ["a", "b"], "date": ["2023-12-31", ""]}), by="date:year").to_dict()
    {'a': '2023'}
    """
    if by not in ("date:year", "date:month"):
        raise ValueError(f"by must be 'date:year' or 'date:month', not {by!r}")
    keys = pd.Series(group_keys(articles, by=by).to_numpy(), index=articles["article"].to_numpy())
    return keys[keys != UNLABELLED]


def term_trend(tokens: pd.DataFrame, articles: pd.DataFrame, terms, *, by: str = "date:month",
               per: int = 1000) -> pd.DataFrame:
    """Per period and term: occurrences ``n``, the period's tokens ``n_tokens``, ``rate`` per
    ``per`` tokens and ``n_articles`` dated in the period; periods in time order.

    ``tokens``: a tokens frame (:func:`analysis.tokens.tokenize`); ``articles``: the corpus's
    articles frame (its ``date`` column).
    """
    require_columns(tokens, ["article", "token"], name="tokens")
    terms = list(dict.fromkeys(terms))
    when = periods(articles, by=by)
    dated = tokens[tokens["article"].isin(when.index)]
    period = dated["article"].map(when)
    sizes = period.value_counts()
    counts = dated[dated["token"].isin(terms)].assign(period=period).groupby(["period", "token"]).size()
    n_arts = when.value_counts()
    rows = [(p, t, int(counts.get((p, t), 0)), int(sizes[p]), per * counts.get((p, t), 0) / sizes[p], int(n_arts[p]))
            for p in sorted(sizes.index) for t in terms]
    return pd.DataFrame(rows, columns=TERM_TREND_COLUMNS)


def stance_trend(stance: pd.DataFrame, articles: pd.DataFrame, *, by: str = "date:month") -> pd.DataFrame:
    """Per period and target: ``score`` (the articles' scores weighted by their sentences),
    ``n_sentences`` and ``n_articles`` naming the target; periods in time order.

    ``stance``: :func:`analysis.stance.stance_table` (or ``Analysis.stance``).

    >>> st = pd.DataFrame({"article": ["a", "b"], "target": ["大厂", "大厂"], "score": [0.5, -0.5],
    ...                    "n_sentences": [3, 1]})
    >>> arts = pd.DataFrame({"article": ["a", "b"], "date": ["2024-01-01", "2024-01-09"]})
    >>> stance_trend(st, arts).values.tolist()
    [['2024-01', '大厂', 0.25, 4, 2]]
    """
    require_columns(stance, ["article", "target", "score", "n_sentences"], name="stance")
    when = periods(articles, by=by)
    named = stance[stance["article"].isin(when.index) & (stance["n_sentences"] > 0)]
    named = named.assign(period=named["article"].map(when), weighted=named["score"] * named["n_sentences"])
    out = named.groupby(["period", "target"], sort=True).agg(
        weighted=("weighted", "sum"), n_sentences=("n_sentences", "sum"), n_articles=("article", "nunique"))
    out["score"] = (out["weighted"] / out["n_sentences"]).round(4)
    return out.reset_index()[STANCE_TREND_COLUMNS]
