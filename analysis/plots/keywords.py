"""Keyword charts; each function returns a matplotlib Figure (save it with ``common.save_figure``).

Inputs are the frames of :mod:`analysis.keywords`: ``table`` is ``keyword_table(corpus, top=None)``
(columns ``article, term, n, rate, log_odds_z, …``); ``positions`` is ``term_positions(...)``.
One panel per article, so every chart adapts to more than two articles; each article keeps its
colour from :func:`analysis.plots.common.article_colors`.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .common import article_colors, new_figure

Z_CRIT = 1.96  # two-sided 5 % for a z-score


def _check(table, columns, name="table"):
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"{name} must be a DataFrame, not {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks columns {missing}")
    if table.empty:
        raise ValueError(f"{name} is empty: nothing to draw")


def _short(article: str, width: int = 24) -> str:
    return article if len(article) <= width else article[: width - 1] + "…"


def _bar_panels(table, value, *, top, title, xlabel, threshold=None):
    articles = list(dict.fromkeys(table["article"]))
    colors = article_colors(articles)
    fig, axes = new_figure(width=4.2 * len(articles), height=0.32 * top + 1.6, ncols=len(articles))
    axes = np.atleast_1d(axes)
    for ax, article in zip(axes, articles):
        rows = (table[table["article"] == article]
                .sort_values([value, "term"], ascending=[False, True], kind="mergesort").head(top))
        ax.barh(range(len(rows)), rows[value], color=colors[article])
        ax.set_yticks(range(len(rows)), rows["term"])
        ax.invert_yaxis()
        ax.set_title(_short(article))
        ax.set_xlabel(xlabel)
        if threshold is not None:
            ax.axvline(threshold, color="0.3", linestyle="--", linewidth=1)
            ax.text(threshold, -0.9, f" z = {threshold}", fontsize=8, color="0.3", va="bottom")
    fig.suptitle(title)
    return fig


def plot_top_terms(table: pd.DataFrame, *, top: int = 15):
    """The ``top`` most frequent terms of each article, as rates per 1,000 tokens, side by side."""
    _check(table, ["article", "term", "rate"])
    return _bar_panels(table, "rate", top=top, title=f"各文章高频词（前 {top} 个，停用词已去除）",
                       xlabel="每千词出现次数 (rate per 1,000 tokens)")


def plot_distinctive(table: pd.DataFrame, *, top: int = 15, z: float = Z_CRIT):
    """The ``top`` most distinctive terms of each article by weighted log-odds z (Monroe et al.
    2008), with the significance threshold ``z`` as a dashed line."""
    _check(table, ["article", "term", "log_odds_z"])
    return _bar_panels(table, "log_odds_z", top=top, threshold=z,
                       title=f"各文章特色词（加权对数几率 z 值，前 {top} 个；虚线 = 显著性阈值）",
                       xlabel="加权对数几率 z 值 (weighted log-odds z, vs the other articles)")


def plot_rate_scatter(table: pd.DataFrame, *, a: str | None = None, b: str | None = None, label: int = 12):
    """Rate of every term in article ``a`` (x) against article ``b`` (y), log-log with zero
    rates at the axis floor; the ``label`` most distinctive terms of each side are labelled."""
    _check(table, ["article", "term", "rate", "log_odds_z"])
    articles = list(dict.fromkeys(table["article"]))
    a = a or articles[0]
    b = b or (articles[1] if len(articles) > 1 else None)
    if b is None or a not in articles or b not in articles or a == b:
        raise ValueError(f"need two different articles among {articles}, got a={a!r}, b={b!r}")
    rates = table.pivot_table(index="term", columns="article", values="rate", aggfunc="sum").fillna(0.0)
    floor = rates[[a, b]].replace(0, np.nan).min().min() / 2
    # deterministic jitter (±15 %, fixed seed) separates the many terms with identical small counts
    jitter = np.exp(np.random.default_rng(0).uniform(-0.15, 0.15, size=(len(rates), 2)))
    x, y = rates[a].clip(lower=floor) * jitter[:, 0], rates[b].clip(lower=floor) * jitter[:, 1]
    colors = article_colors(articles)
    fig, ax = new_figure(width=8, height=8)
    side = np.where(rates[a] >= rates[b], colors[a], colors[b])
    ax.scatter(x, y, s=12, c=side, alpha=0.5, linewidths=0)
    lim = (floor / 1.3, max(x.max(), y.max()) * 1.5)
    ax.plot(lim, lim, color="0.6", linewidth=1, linestyle=":")
    ax.set(xscale="log", yscale="log", xlim=lim, ylim=lim)
    z = table.pivot_table(index="term", columns="article", values="log_odds_z", aggfunc="first")
    chosen = [*z[a].dropna().sort_values(ascending=False).head(label).index,
              *z[b].dropna().sort_values(ascending=False).head(label).index]
    for term in dict.fromkeys(chosen):
        ax.annotate(term, (x[term], y[term]), fontsize=8, xytext=(3, 2), textcoords="offset points")
    ax.set_xlabel(f"{_short(a)}：每千词出现次数 (rate per 1,000 tokens, log)")
    ax.set_ylabel(f"{_short(b)}：每千词出现次数 (rate per 1,000 tokens, log)")
    ax.set_title("两篇文章的词频对比（对角线以下：横轴文章更常用；贴轴 = 未出现；点有轻微抖动）")
    return fig


def wordcloud_words(table: pd.DataFrame, article: str, *, max_words: int = 80) -> dict[str, float]:
    """Term → rate of the ``max_words`` most frequent terms of ``article`` that the font can draw."""
    from ..fonts import missing_glyphs

    rows = table[table["article"] == article].sort_values(["rate", "term"], ascending=[False, True])
    words = {}
    for term, rate in zip(rows["term"], rows["rate"]):
        if missing_glyphs([term]):
            warnings.warn(f"word cloud: the CJK font cannot draw {term!r}; left out", stacklevel=2)
            continue
        words[term] = float(rate)
        if len(words) == max_words:
            break
    return words


def plot_wordcloud(table: pd.DataFrame, *, max_words: int = 80, z: float = Z_CRIT):
    """One word cloud per article (size = rate per 1,000 tokens, stopwords already removed).

    Colour logic, the same in every panel: the article's colour for distinctive terms
    (log-odds z > ``z``), grey for the rest. Words whose glyphs the font lacks are left out
    with a warning (wordcloud would draw boxes silently). Deterministic (fixed random_state).
    """
    from wordcloud import WordCloud

    from ..fonts import cjk_font_path

    _check(table, ["article", "term", "rate", "log_odds_z"])
    articles = list(dict.fromkeys(table["article"]))
    colors = article_colors(articles)
    fig, axes = new_figure(width=5 * len(articles), height=4.2, ncols=len(articles))
    for ax, article in zip(np.atleast_1d(axes), articles):
        words = wordcloud_words(table, article, max_words=max_words)
        distinctive = set(table[(table["article"] == article) & (table["log_odds_z"] > z)]["term"])

        def color(word, *args, _hot=distinctive, _c=colors[article], **kwargs):
            return _c if word in _hot else "#9a9a9a"

        cloud = WordCloud(font_path=str(cjk_font_path()), width=800, height=640, background_color="white",
                          prefer_horizontal=1.0, random_state=0, color_func=color, collocations=False,
                          max_words=max_words).generate_from_frequencies(words)
        ax.imshow(cloud.to_array(), interpolation="bilinear")
        ax.set_axis_off()
        ax.set_title(_short(article))
    fig.suptitle(f"词云：字号 = 每千词出现次数；彩色 = 特色词 (z > {z})，灰色 = 其他")
    return fig


def plot_dispersion(positions: pd.DataFrame, *, terms=None, articles=None):
    """Where chosen terms occur along each essay: one panel per article, one row per term,
    a tick per occurrence at its relative position (0 = start, 1 = end of the essay)."""
    _check(positions, ["article", "term", "relative"], name="positions")
    terms = list(terms) if terms is not None else list(dict.fromkeys(positions["term"]))
    articles = list(articles) if articles is not None else list(dict.fromkeys(positions["article"]))
    colors = article_colors(articles)
    fig, axes = new_figure(width=9, height=0.35 * len(terms) * len(articles) + 1.2 * len(articles),
                           nrows=len(articles), sharex=True)
    for ax, article in zip(np.atleast_1d(axes), articles):
        hits = positions[positions["article"] == article]
        for row, term in enumerate(terms):
            xs = hits.loc[hits["term"] == term, "relative"]
            ax.vlines(xs, row - 0.35, row + 0.35, color=colors[article], linewidth=1.2)
        ax.set_yticks(range(len(terms)), terms)
        ax.set_ylim(len(terms) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_title(_short(article), loc="left", fontsize=10)
        ax.grid(axis="x", color="0.9")
    np.atleast_1d(axes)[-1].set_xlabel("在文中的相对位置 (relative position in the essay: 0 = start, 1 = end)")
    fig.suptitle("关键词在各文章中的分布（每条竖线 = 出现一次）")
    return fig
