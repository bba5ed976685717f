"""Compare groups of articles instead of articles: by source, author, series or date period.

Past a handful of articles, charts of every article (or every pair) stop being readable. A
news archive is compared by outlet, a class's essays by student or by week. :func:`group_corpus`
turns a :class:`~analysis.load.Corpus` into one whose "articles" are the groups, so every
function and chart of the package — keywords, companies, stance, figures, the report — compares
groups with no change (``python -m analysis figures --group-by source``).

A group's text is its articles' texts one after the other (in corpus order); its paragraphs and
sentences are renumbered, and the cleaning report is summed per group and step.

>>> import pandas as pd
>>> from analysis.load import load_corpus
>>> grouped = group_corpus(load_corpus(), by="script")
>>> grouped.articles[["article", "label", "n_articles"]].values.tolist()
[['simplified', 'simplified', 1], ['traditional', 'traditional', 1]]
"""
from __future__ import annotations

import pandas as pd

#: Group of an article whose grouping field is empty.
UNLABELLED = "未标注"
#: ``by`` values that group dates by period instead of by the field's text.
PERIODS = {"date:year": 4, "date:month": 7}


def group_keys(articles: pd.DataFrame, *, by: str) -> pd.Series:
    """The group of each article: the text of column ``by`` (``date:year`` / ``date:month``: the
    date's first 4 / 7 characters, e.g. ``2024`` / ``2024-05``); empty values are :data:`UNLABELLED`.

    >>> arts = pd.DataFrame({"article": ["a", "b", "c"], "date": ["2024-05-20", "2024-06-01", ""]})
    >>> group_keys(arts, by="date:month").tolist()
    ['2024-05', '2024-06', '未标注']
    """
    column = "date" if by in PERIODS else by
    if column not in articles.columns:
        fields = [c for c in articles.columns if articles[c].dtype == object and c not in ("path", "article")]
        raise ValueError(f"cannot group by {by!r}: the articles frame has no such column "
                         f"(choose one of {fields + list(PERIODS)})")
    values = articles[column].fillna("").astype(str).str.strip()
    if by in PERIODS:
        values = values.str.slice(0, PERIODS[by])
    return values.where(values != "", UNLABELLED)


def _renumber(frame: pd.DataFrame, group: dict, column: str) -> pd.Series:
    """``column`` numbered 0, 1, … within each group, in corpus order (articles kept apart)."""
    key = frame["article"].map(group)
    order = pd.MultiIndex.from_arrays([frame["article"], frame[column]]).factorize()[0]
    ranks = pd.Series(order, index=frame.index).groupby(key.to_numpy()).rank(method="dense").astype("int64") - 1
    return ranks


def _articles(corpus, keys: pd.Series) -> pd.DataFrame:
    arts = corpus.articles.assign(_group=keys.to_numpy())
    sums = ["n_chars_raw", "n_chars_clean", "n_paragraphs", "n_sentences"]
    out = arts.groupby("_group", sort=False).agg(
        **{c: (c, "sum") for c in sums}, n_articles=("article", "size"), paths=("path", list),
        encoding=("encoding", lambda s: "、".join(dict.fromkeys(s))), script=("script", lambda s: "、".join(dict.fromkeys(s))))
    out = out.reset_index().rename(columns={"_group": "article"})
    out["label"] = out["article"]
    out["title"] = out["article"]
    out["path"] = out["paths"].map(lambda p: p[0])
    for field in ("author", "date", "source", "source_url", "series"):
        out[field] = ""
    return out[[*corpus.articles.columns, "n_articles", "paths"]]


def group_corpus(corpus, *, by: str):
    """A :class:`~analysis.load.Corpus` whose articles are the groups of ``corpus`` by ``by``.

    Parameters
    ----------
    corpus : Corpus
        From :func:`analysis.load.load_corpus`.
    by : str
        A column of ``corpus.articles`` (``source``, ``author``, ``series``, ``script`` …, from the
        manifest or front matter) or a date period, ``date:year`` or ``date:month``.

    Returns
    -------
    Corpus
        Articles frame: one row per group (``article`` = ``label`` = the group; sizes summed;
        ``n_articles``; ``paths``, the files in the group), paragraphs and sentences renumbered
        within each group, the report summed per group and step.
    """
    from .load import Corpus

    if not hasattr(corpus, "articles"):
        raise ValueError(f"corpus must be a Corpus from load_corpus(), not {type(corpus).__name__}")
    keys = group_keys(corpus.articles, by=by)
    group = dict(zip(corpus.articles["article"], keys))
    paragraphs = corpus.paragraphs.assign(article=corpus.paragraphs["article"].map(group),
                                          paragraph=_renumber(corpus.paragraphs, group, "paragraph"))
    par_map = dict(zip(zip(corpus.paragraphs["article"], corpus.paragraphs["paragraph"]), paragraphs["paragraph"]))
    s = corpus.sentences
    sentences = s.assign(article=s["article"].map(group),
                         paragraph=[par_map[k] for k in zip(s["article"], s["paragraph"])],
                         sentence=_renumber(s, group, "sentence"))
    report = (corpus.report.assign(article=corpus.report["article"].map(group))
              .groupby(["article", "step"], sort=False)
              .agg(n_changes=("n_changes", "sum"), chars_removed=("chars_removed", "sum"),
                   chars_added=("chars_added", "sum"), examples=("examples", lambda e: sum(map(list, e), [])[:3]))
              .reset_index())
    return Corpus(articles=_articles(corpus, keys), paragraphs=paragraphs.reset_index(drop=True),
                  sentences=sentences.reset_index(drop=True), report=report, root=corpus.root)
