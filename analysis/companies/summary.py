"""Tables from mentions: per article and company, and companies named in the same paragraph."""
from __future__ import annotations

import pandas as pd

from .gazetteer import Gazetteer, default_gazetteer
from .match import as_sentences, find_mentions

TABLE_COLUMNS = ["article", "company", "mentions", "aliases", "n_paragraphs", "first_sentence",
                 "first_position", "company_en", "sector", "country", "source"]
COMENTION_COLUMNS = ["company_a", "company_b", "n_paragraphs", "n_articles"]
_NEEDED = ["article", "paragraph", "sentence", "company", "alias"]


def summarize_mentions(mentions: pd.DataFrame, *, sentences: pd.DataFrame | None = None,
                       gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Per article and company: ``mentions``, ``aliases`` seen (joined by "、"), ``n_paragraphs`` it
    appears in, ``first_sentence`` (0-based) and ``first_position`` (first sentence / sentences in the
    article, 0 = the start; needs ``sentences``, else NaN), English name, sector and country, and
    ``source``: ``gazetteer`` for a listed company, ``ner`` for one only the model found.
    Sorted by article, then mentions (most first), then company. Takes a :func:`find_mentions` frame.

    >>> m = find_mentions("百度和腾讯。百度！")
    >>> summarize_mentions(m)[["company", "mentions", "aliases", "source"]].values.tolist()
    [['百度', 2, '百度', 'gazetteer'], ['腾讯', 1, '腾讯', 'gazetteer']]
    """
    missing = [c for c in _NEEDED if c not in mentions.columns]
    if missing:
        raise ValueError(f"mentions frame lacks columns {missing}; use find_mentions()")
    if mentions.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    g = gazetteer if gazetteer is not None else default_gazetteer()
    info = g.companies.set_index("company")
    grouped = mentions.groupby(["article", "company"], sort=False)
    table = grouped.agg(mentions=("alias", "size"),
                        aliases=("alias", lambda s: "、".join(dict.fromkeys(s))),
                        n_paragraphs=("paragraph", "nunique"),
                        first_sentence=("sentence", "min")).reset_index()
    if sentences is not None and not sentences.empty:
        n = sentences.groupby("article")["sentence"].agg(lambda s: s.max() - s.min() + 1)
        lo = sentences.groupby("article")["sentence"].min()
        table["first_position"] = ((table["first_sentence"] - table["article"].map(lo))
                                   / table["article"].map(n)).round(3)
    else:
        table["first_position"] = float("nan")
    for col in ("company_en", "sector", "country"):
        table[col] = table["company"].map(info[col]).fillna("")
    table["source"] = table["company"].isin(info.index).map({True: "gazetteer", False: "ner"})
    table = table.sort_values(["article", "mentions", "company"], ascending=[True, False, True], kind="stable")
    return table[TABLE_COLUMNS].reset_index(drop=True)


def company_table(corpus, *, gazetteer: Gazetteer | None = None, ner: bool = True) -> pd.DataFrame:
    """One row per article and company named in it (see :func:`summarize_mentions` for the columns);
    with ``ner=True`` (default) the companies only the model finds are included (``source`` = ner);
    ``ner=False`` keeps to the gazetteer.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"article": ["a", "a"], "paragraph": [0, 1], "sentence": [0, 1],
    ...                   "text": ["谷歌收购了DeepMind。", "Google也投资了Anthropic。"]})
    >>> company_table(s)[["article", "company", "mentions", "aliases"]].values.tolist()
    [['a', '谷歌', 2, '谷歌、Google'], ['a', 'Anthropic', 1, 'Anthropic'], ['a', 'DeepMind', 1, 'DeepMind']]
    """
    sentences = as_sentences(corpus)
    return summarize_mentions(find_mentions(sentences, gazetteer=gazetteer, ner=ner), sentences=sentences,
                              gazetteer=gazetteer)


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of companies named in the same paragraph: ``company_a, company_b`` (a < b),
    ``n_paragraphs`` shared and ``n_articles`` they share a paragraph in; most shared first.

    >>> co_mentions(find_mentions("百度、腾讯和美团。"))[["company_a", "company_b", "n_paragraphs"]].values.tolist()
    [['百度', '美团', 1], ['百度', '腾讯', 1], ['美团', '腾讯', 1]]
    """
    missing = [c for c in ("article", "paragraph", "company") if c not in mentions.columns]
    if missing:
        raise ValueError(f"mentions frame lacks columns {missing}; use find_mentions()")
    units = mentions[["article", "paragraph", "company"]].drop_duplicates()
    pairs = units.merge(units, on=["article", "paragraph"])
    pairs = pairs[pairs["company_x"] < pairs["company_y"]]
    if pairs.empty:
        return pd.DataFrame(columns=COMENTION_COLUMNS)
    out = (pairs.groupby(["company_x", "company_y"])
           .agg(n_paragraphs=("paragraph", "size"), n_articles=("article", "nunique")).reset_index()
           .rename(columns={"company_x": "company_a", "company_y": "company_b"}))
    out = out.sort_values(["n_paragraphs", "company_a", "company_b"], ascending=[False, True, True], kind="stable")
    return out[COMENTION_COLUMNS].reset_index(drop=True)
