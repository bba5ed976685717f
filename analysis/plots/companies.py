"""Charts of the companies each article names (input: ``analysis.companies.company_table``).

Where the table has a ``source`` column (``company_table(..., ner=True)``), companies only the NER model
found (``source`` = ner) are drawn hatched and marked with * in the labels, so a reader sees what was
listed in the gazetteer and what was found.

>>> import pandas as pd
>>> t = pd.DataFrame({"article": ["a", "a", "b"], "company": ["百度", "腾讯", "百度"], "mentions": [3, 1, 2]})
>>> fig = plot_company_bars(t)
>>> [label.get_text() for label in fig.axes[0].get_yticklabels()]
['百度', '腾讯']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .common import article_colors, labels_for, new_figure

_NEEDED = ("article", "company", "mentions")


def _matrix(table: pd.DataFrame, top: int | None) -> pd.DataFrame:
    """Companies x articles mention counts: the union of each article's ``top`` most named
    companies (so a short article's companies are never crowded out by a long one's), ordered by
    total mentions (most first), then name."""
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in _NEEDED):
        raise ValueError(f"expected a company_table() frame with columns {list(_NEEDED)}")
    if top is not None and (not isinstance(top, int) or top < 1):
        raise ValueError(f"top must be a positive integer or None, not {top!r}")
    if table.empty:
        raise ValueError("no company mentions to plot")
    m = table.pivot_table(index="company", columns="article", values="mentions", aggfunc="sum", fill_value=0)
    m = m[list(dict.fromkeys(table["article"]))]
    keep = set(m.index)
    if top:
        keep = {c for art in m.columns
                for c in sorted(m.index[m[art] > 0], key=lambda c, a=art: (-m.loc[c, a], c))[:top]}
    order = sorted(keep, key=lambda c: (-m.loc[c].sum(), c))
    return m.loc[order]


def _per_thousand(m: pd.DataFrame, sizes) -> pd.DataFrame:
    """Counts as mentions per 1,000 characters of each article's clean text (``sizes``: article -> characters)."""
    missing = [a for a in m.columns if not sizes.get(a)]
    if missing:
        raise ValueError(f"sizes lacks a positive character count for {missing[:3]}")
    return m.div([sizes[a] / 1000 for a in m.columns], axis=1)


def _found_by_model(table: pd.DataFrame) -> set:
    """Companies whose every row has ``source`` ner (none if the table has no ``source`` column)."""
    if "source" not in table.columns:
        return set()
    by_company = table.groupby("company")["source"].agg(lambda s: set(s) == {"ner"})
    return set(by_company[by_company].index)


def plot_company_bars(table: pd.DataFrame, *, top: int | None = 10, ax=None, labels=None, sizes=None):
    """Grouped horizontal bars: mentions of each company (canonical names) in each article.

    Rows are the union of each article's ``top`` most named companies (``None``: all), sorted by
    total mentions, the most named at the top. One colour per article, in article order, named by
    ``labels`` (a Corpus, an articles frame or a mapping id -> title; default the ids). With
    ``sizes`` (article -> characters of clean text) bars are mentions per 1,000 characters, so a
    short article and a long one compare fairly. NER-only companies (``source`` = ner) are
    hatched and starred.

    >>> t = pd.DataFrame({"article": ["a", "a"], "company": ["百度", "星河"], "mentions": [2, 1],
    ...                   "source": ["gazetteer", "ner"]})
    >>> ax = plot_company_bars(t).axes[0]
    >>> [p.get_hatch() for p in ax.patches], [x.get_text() for x in ax.get_yticklabels()]
    ([None, '//'], ['百度', '星河 *'])
    """
    counts = _matrix(table, top)
    m = counts if sizes is None else _per_thousand(counts, sizes)
    found = _found_by_model(table)
    articles = list(m.columns)
    names = labels_for(articles, labels, mathtext=True)
    if ax is None:
        fig, ax = new_figure(width=9, height=max(3.0, 0.25 * len(m) * max(1, len(articles)) ** 0.5 + 1.5))
    else:
        fig = ax.figure
    colors = article_colors(articles)
    height = 0.8 / len(articles)
    y = np.arange(len(m))[::-1]  # most named at the top
    hatches = ["//" if c in found else None for c in m.index]
    for i, art in enumerate(articles):
        bars = ax.barh(y + (len(articles) - 1 - 2 * i) * height / 2, m[art].to_numpy(), height=height,
                       color=colors[art], label=names[art])
        for bar, hatch in zip(bars, hatches):
            if hatch:
                bar.set_hatch(hatch)
                bar.set_edgecolor("black")
    ax.set_yticks(y, [f"{c} *" if c in found else c for c in m.index])
    if found:
        from matplotlib.patches import Patch

        ax.add_artist(ax.legend(title="文章", loc="lower right", fontsize="small"))
        ax.legend(handles=[Patch(facecolor="white", edgecolor="black", hatch="//", label="* 模型发现（未列入词表）")],
                  loc="upper right", fontsize="small")
    ax.set_xlabel("提及次数（次）" if sizes is None else "每千字提及次数（次/千字）")
    ax.set_ylabel("公司（规范名）")
    shown = "" if top is None else f"（每篇前 {top} 家之并集，按总提及次数排序）"
    ax.set_title(f"各文章提及的公司{shown}")
    if sizes is None:
        ax.xaxis.get_major_locator().set_params(integer=True)
    if not found:
        ax.legend(title="文章", loc="lower right", fontsize="small")
    ax.grid(axis="x", alpha=0.3)
    return fig


def plot_company_heatmap(table: pd.DataFrame, *, top: int | None = 15, ax=None, labels=None):
    """Heatmap of companies (rows: the union of each article's ``top`` most named, most named first)
    x articles (columns, named by ``labels`` as in :func:`plot_company_bars`); cells show mention counts."""
    m = _matrix(table, top)
    if ax is None:
        fig, ax = new_figure(width=max(5.0, 1.6 * len(m.columns) + 3), height=max(3.0, 0.3 * len(m) + 1.5))
    else:
        fig = ax.figure
    values = m.to_numpy()
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    names = labels_for(list(m.columns), labels, mathtext=True)
    ax.set_xticks(range(len(m.columns)), [names[a] for a in m.columns], rotation=20, ha="right")
    found = _found_by_model(table)
    ax.set_yticks(range(len(m)), [f"{c} *" if c in found else c for c in m.index])
    vmax = values.max() or 1
    for (r, c), v in np.ndenumerate(values):
        if v:
            ax.text(c, r, str(v), ha="center", va="center", fontsize="small",
                    color="white" if v > vmax / 2 else "black")
    ax.set_xlabel("文章")
    ax.set_ylabel("公司（规范名）")
    shown = "" if top is None else f"（每篇前 {top} 家）"
    ax.set_title(f"公司 × 文章：提及次数{shown}" + ("（* 模型发现，未列入词表）" if found else ""))
    from matplotlib.ticker import MaxNLocator

    bar = fig.colorbar(image, ax=ax, label="提及次数（次）")
    bar.locator = MaxNLocator(integer=True)  # counts: no 0.2, 0.4 … ticks
    bar.update_ticks()
    return fig
