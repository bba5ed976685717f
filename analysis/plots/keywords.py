"""Keyword charts; each function returns a matplotlib Figure (save it with ``common.save_figure``).

Inputs are the frames of :mod:`analysis.keywords`: ``table`` is ``keyword_table(corpus, top=None)``
(columns ``article, term, n, rate, log_odds_z, …``); ``positions`` is ``term_positions(...)``.
One panel per article, so every chart adapts to more than two articles; each article keeps its
colour from :func:`analysis.plots.common.article_colors`. Articles are named by their labels
(titles): pass ``labels=`` a Corpus, its articles frame or a mapping id -> label (see
:func:`analysis.plots.common.article_labels`); without it, the file stems.
"""
from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd

from .common import article_colors, labels_for, new_figure, wrap
from .labels import place_labels

Z_CRIT = 1.96  # two-sided 5 % for a z-score


def _check(table, columns, name="table"):
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"{name} must be a DataFrame, not {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks columns {missing}")
    if table.empty:
        raise ValueError(f"{name} is empty: nothing to draw")


class _Bar(NamedTuple):
    label: str
    value: float
    n_terms: int


def _bars(rows: pd.DataFrame, value: str, top: int) -> list[_Bar]:
    """Up to ``top`` bars from ``rows`` (sorted best first), a term each; terms tied on the value
    (to 3 decimals) that do not all fit in the ``top`` share one bar ("A、B 等 N 个并列"), so the
    cut never picks among equals by alphabet."""
    bars = []
    rounded = rows[value].round(3).to_numpy()
    terms = rows["term"].tolist()
    i = 0
    while i < len(terms) and len(bars) < top:
        j = i
        while j + 1 < len(terms) and rounded[j + 1] == rounded[i]:
            j += 1
        size = j - i + 1
        if size > 1 and len(bars) + size > top:
            more = f" 等 {size} 个" if size > 2 else ""
            bars.append(_Bar(f"{terms[i]}、{terms[i + 1]}{more}并列", float(rows[value].iloc[i]), size))
            i = j + 1
        else:
            bars.append(_Bar(terms[i], float(rows[value].iloc[i]), 1))
            i += 1
    return bars


class _Panels(NamedTuple):
    value: str
    title: str
    xlabel: str
    threshold: float | None = None
    min_n: int = 1


#: Display columns of a panel's title line (an article's title wraps onto a second line past it).
PANEL_TITLE_WIDTH = 32


def _bar_panels(table, spec: _Panels, *, top, labels=None):
    """One panel of bars per article (see :func:`_bar_panel`), titled ``spec.title``."""
    articles = list(dict.fromkeys(table["article"]))
    colors = article_colors(articles)
    names = labels_for(articles, labels, mathtext=True)
    fig, axes = new_figure(width=max(4.2 * len(articles), 7.5), height=0.32 * top + 1.9, ncols=len(articles))
    axes = np.atleast_1d(axes)
    for ax, article in zip(axes, articles):  # every panel spans ``top`` rows: bars equally thick
        _bar_panel(ax, table, article, spec, top=top, title=names[article], color=colors[article])
    fig.suptitle(spec.title)
    return fig


def _frequent_rows(rows: pd.DataFrame, min_n: int) -> tuple[pd.DataFrame, int]:
    """``rows`` without the terms seen fewer than ``min_n`` times, and how many those were."""
    rare = int((rows["n"] < min_n).sum()) if "n" in rows.columns else 0
    if rare:
        rows = rows[rows["n"] >= min_n]
    return rows, rare


def _rare_note(rare: int, min_n: int) -> str:
    """The line under a panel's axis that says how many rare terms are not listed.

    >>> _rare_note(0, 2), _rare_note(3, 2), _rare_note(3, 5)
    ('', '\\n（另有 3 个词只出现 1 次，未列出）', '\\n（另有 3 个词出现不足 5 次，未列出）')
    """
    times = "只出现 1 次" if min_n == 2 else f"出现不足 {min_n} 次"
    return f"\n（另有 {rare} 个词{times}，未列出）" if rare else ""


def _bar_panel(ax, table, article: str, spec: _Panels, *, top: int, title: str, color) -> None:
    """The ``top`` best terms of ``article`` by ``spec.value`` as horizontal bars on ``ax``, rare
    terms left out (said under the axis), the threshold as a dashed line when ``spec`` has one."""
    rows = table[(table["article"] == article) & table[spec.value].notna()]
    if rows.empty and table.loc[table["article"] == article, spec.value].isna().any():
        _no_bars(ax, title, "只有一篇文章：特色词要与其他文章比较，\n至少需要两篇")
        return
    rows, rare = _frequent_rows(rows, spec.min_n)
    rows = rows.sort_values([spec.value, "term"], ascending=[False, True], kind="mergesort")
    bars = _bars(rows, spec.value, top)
    ax.barh(range(len(bars)), [b.value for b in bars], color=color,
            hatch=["//" if b.n_terms > 1 else "" for b in bars], edgecolor="white", linewidth=0)
    ax.set_yticks(range(len(bars)), [b.label for b in bars])
    ax.set_ylim(top - 0.5, -0.5)
    ax.set_title(wrap(title, PANEL_TITLE_WIDTH), fontsize=10)  # within its panel, however long the title
    ax.set_xlabel(spec.xlabel + _rare_note(rare, spec.min_n))
    if not bars:
        ax.text(0.5, 0.5, "（没有可列出的词）", transform=ax.transAxes, ha="center", va="center", color="0.4")
        return
    if spec.threshold is not None:
        _threshold_line(ax, spec.threshold, top)


def _threshold_line(ax, threshold: float, top: int) -> None:
    """A dashed line at ``threshold`` with its label above the first bar, inside the axes."""
    ax.axvline(threshold, color="0.3", linestyle="--", linewidth=1)
    # room above the first bar for the threshold's label, inside the axes (not on the spine)
    ax.set_ylim(top - 0.5 + 0.1, -1.25)
    right = ax.get_xlim()[1] > threshold * 1.4  # room for the label right of the line
    ax.text(threshold, -0.8, f" z = {threshold:g} " if right else f"z = {threshold:g} ",
            fontsize=8, color="0.3", va="center", ha="left" if right else "right")


def _no_bars(ax, title: str, message: str) -> None:
    ax.set_title(wrap(title, PANEL_TITLE_WIDTH), fontsize=10)
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="0.35")


def plot_top_terms(table: pd.DataFrame, *, top: int = 15, min_n: int = 2, labels=None):
    """The ``top`` most frequent terms of each article, as rates per 1,000 tokens, side by side.

    Terms seen fewer than ``min_n`` times are not "frequent" and are left out (said under the
    axis); tied terms that do not all fit share one hatched bar (``A、B 等 N 个并列``).
    """
    _check(table, ["article", "term", "rate"])
    if not isinstance(min_n, int) or min_n < 1:
        raise ValueError(f"min_n must be a positive integer, not {min_n!r}")
    spec = _Panels("rate", f"各文章高频词（前 {top} 个，停用词已去除）", "每千词出现次数", min_n=min_n)
    return _bar_panels(table, spec, top=top, labels=labels)


def plot_distinctive(table: pd.DataFrame, *, top: int = 15, z: float = Z_CRIT, min_n: int = 2, labels=None):
    """The ``top`` most distinctive terms of each article by weighted log-odds z (Monroe et al.
    2008), with the significance threshold ``z`` as a dashed line.

    Terms seen fewer than ``min_n`` times in the article are left out (said under the axis): in
    a short article every word seen once gets the same z, and a wall of equal bars says nothing.
    Tied terms that do not all fit share one hatched bar (``A、B 等 N 个并列``).
    """
    _check(table, ["article", "term", "log_odds_z"])
    if not isinstance(min_n, int) or min_n < 1:
        raise ValueError(f"min_n must be a positive integer, not {min_n!r}")
    spec = _Panels("log_odds_z", f"各文章特色词（加权对数几率 z 值，前 {top} 个；虚线 = 显著性阈值）",
                   "加权对数几率 z 值（与其余文章相比）", threshold=z, min_n=min_n)
    return _bar_panels(table, spec, top=top, labels=labels)


#: Rate ticks of the term scatter (per 1,000 tokens), shown where they fall inside the axes.
NICE_TICKS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
#: Terms that sit at the same spot (same counts in both articles) are one circle, its area growing
#: with their number; a circle of at least this many terms says how many.
GROUP_NOTE = 10


class _Spot(NamedTuple):
    x: float
    y: float
    terms: list[str]


def _scatter_spots(rates: pd.DataFrame, a: str, b: str, floor: float) -> list[_Spot]:
    """One spot per distinct (rate in a, rate in b), zero rates at ``floor``; terms in table order."""
    xs, ys = rates[a].where(rates[a] > 0, floor), rates[b].where(rates[b] > 0, floor)
    spots = {}
    for term, x, y in zip(rates.index, xs.round(9), ys.round(9)):
        spots.setdefault((float(x), float(y)), []).append(term)
    return [_Spot(x, y, terms) for (x, y), terms in spots.items()]


def _scatter_labels(table, rates, a, b, label: int) -> list[str]:
    """Terms to name: the ``label`` most distinctive of each side, then the 5 most frequent overall."""
    z = table.pivot_table(index="term", columns="article", values="log_odds_z", aggfunc="first")
    chosen = {}  # term -> importance; ties broken by the term, so stable
    for side in (a, b):
        ranked = sorted(z[side].dropna().items(), key=lambda item: (-item[1], item[0]))[:label]
        for term, value in ranked:
            chosen[term] = max(chosen.get(term, -np.inf), float(value))
    frequent = (rates[a] + rates[b]).sort_values(ascending=False, kind="mergesort").head(5)
    for term in frequent.index:
        chosen.setdefault(term, -np.inf)
    top = max([v for v in chosen.values() if np.isfinite(v)], default=0.0) + 1
    return sorted(chosen, key=lambda t: (-(chosen[t] if np.isfinite(chosen[t]) else top), t))


def _spot_text(named: list[str], n_terms: int) -> str:
    """Label of a spot: its named terms, and how many terms it holds when that is more than shown.

    >>> _spot_text(["大厂"], 1), _spot_text(["创业", "独立"], 2), _spot_text(["创业"], 30)
    ('大厂', '创业、独立', '创业 等 30 个词')
    """
    shown = named[:2]
    return "、".join(shown) + (f" 等 {n_terms} 个词" if n_terms > len(shown) else "")


def _log_ticks(axis, lim, floor):
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    ticks = [floor] + [t for t in NICE_TICKS if floor * 1.6 < t < lim[1]]
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_major_formatter(FuncFormatter(lambda v, _: "0" if abs(v - floor) < 1e-12 else f"{v:g}"))
    axis.set_minor_locator(NullLocator())


def _two_articles(articles: list[str], a: str | None, b: str | None) -> tuple[str, str]:
    """``a`` and ``b``, defaulting to the first two articles; ValueError unless two different ones.

    >>> _two_articles(["甲", "乙"], None, None)
    ('甲', '乙')
    """
    a = a or articles[0]
    b = b or (articles[1] if len(articles) > 1 else None)
    if b is None or a not in articles or b not in articles or a == b:
        raise ValueError(f"need two different articles among {articles}, got a={a!r}, b={b!r}")
    return a, b


def _spot_labels(spots: list[_Spot], wanted: list[str], xs, ys, sizes) -> tuple[list[tuple], int]:
    """``(text, x, y)`` labels of the spots: those holding a ``wanted`` term (in its order), then
    unnamed groups of ``GROUP_NOTE`` terms or more (largest first); and how many are named."""
    where = {term: i for i, s in enumerate(spots) for term in s.terms}
    named = {}
    for term in wanted:
        if term in where:
            named.setdefault(where[term], []).append(term)
    texts = [(_spot_text(terms, len(spots[i].terms)), xs[i], ys[i]) for i, terms in named.items()]
    groups = [i for i in np.argsort(-sizes, kind="stable") if sizes[i] >= GROUP_NOTE and i not in named]
    texts += [(f"{sizes[i]} 个词", xs[i], ys[i]) for i in groups]
    return texts, len(named)


def _scatter_frame(ax, lim, floor: float) -> None:
    """The "0" lines at ``floor`` and the diagonal (equal rates)."""
    ax.axvline(floor, color="0.85", linewidth=0.8, zorder=0)
    ax.axhline(floor, color="0.85", linewidth=0.8, zorder=0)
    ax.plot(lim, lim, color="0.6", linewidth=1, linestyle=":", zorder=1)


def _scatter_legend(fig, colors: dict, names: dict, a: str, b: str) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", color=colors[a], alpha=0.7, label=f"{names[a]} 更常用"),
               Line2D([], [], marker="o", linestyle="", color=colors[b], alpha=0.7, label=f"{names[b]} 更常用"),
               Line2D([], [], marker="o", linestyle="", color="#9a9a9a", alpha=0.7, label="一样常用")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8, frameon=False)


def plot_rate_scatter(table: pd.DataFrame, *, a: str | None = None, b: str | None = None, label: int = 12,
                      labels=None):
    """Rate of every term in article ``a`` (x) against article ``b`` (y), per 1,000 tokens on
    log axes with plain-number ticks; a term absent from one article sits on that axis's "0" line.

    Terms with the same counts in both articles share one circle whose area grows with their
    number (circles of ``GROUP_NOTE`` terms or more say how many), so every mark is either one
    term or a counted group. Colour: the article that uses the term more (grey: equally); the
    ``label`` most distinctive terms of each side and the five most frequent are named.
    """
    _check(table, ["article", "term", "rate", "log_odds_z"])
    articles = list(dict.fromkeys(table["article"]))
    a, b = _two_articles(articles, a, b)
    rates = table.pivot_table(index="term", columns="article", values="rate", aggfunc="sum").fillna(0.0)
    rates = rates[(rates[a] > 0) | (rates[b] > 0)]
    floor = rates[[a, b]].replace(0, np.nan).min().min() / 2
    spots = _scatter_spots(rates, a, b, floor)
    colors, names = article_colors(articles), labels_for(articles, labels, mathtext=True)
    xs, ys = np.array([s.x for s in spots]), np.array([s.y for s in spots])
    sizes = np.array([len(s.terms) for s in spots])
    fill = np.where(np.isclose(xs, ys), "#9a9a9a", np.where(xs > ys, colors[a], colors[b]))
    fig, ax = new_figure(width=8, height=8.6)
    lim = (floor / 1.5, max(xs.max(), ys.max()) * 1.6)
    _scatter_frame(ax, lim, floor)
    ax.scatter(xs, ys, s=np.minimum(14 * sizes, 900), c=list(fill), alpha=0.55, linewidths=0.5,
               edgecolors="white", zorder=2)
    ax.set(xscale="log", yscale="log", xlim=lim, ylim=lim)
    _log_ticks(ax.xaxis, lim, floor)
    _log_ticks(ax.yaxis, lim, floor)
    ax.set_xlabel(f"{names[a]}：每千词出现次数（对数刻度，0 = 未出现）")
    ax.set_ylabel(f"{names[b]}：每千词出现次数（对数刻度，0 = 未出现）")
    ax.set_title("两篇文章的词频对比：每个圆是一个词，或出现次数相同的一组词")
    texts, n_named = _spot_labels(spots, _scatter_labels(table, rates, a, b, label), xs, ys, sizes)
    placed = place_labels(ax, texts, points=(xs, ys), fontsize=8)
    for text in placed[n_named:]:
        text.set_color("0.35")
    _scatter_legend(fig, colors, names, a, b)
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


def plot_wordcloud(table: pd.DataFrame, *, max_words: int = 80, z: float = Z_CRIT, labels=None):
    """One word cloud per article (size = rate per 1,000 tokens, stopwords already removed).

    Colour logic, the same in every panel: the article's colour for distinctive terms
    (log-odds z > ``z``), grey for the rest. Words whose glyphs the font lacks are left out
    with a warning (wordcloud would draw boxes silently). Deterministic (fixed random_state).
    """
    from wordcloud import WordCloud, wordcloud

    from ..fonts import cjk_font_path, shared_truetype

    _check(table, ["article", "term", "rate", "log_odds_z"])
    articles = list(dict.fromkeys(table["article"]))
    colors = article_colors(articles)
    names = labels_for(articles, labels, mathtext=True)
    fig, axes = new_figure(width=5 * len(articles), height=4.2, ncols=len(articles))
    with shared_truetype(wordcloud):  # one font object per size for all clouds, not one per word tried
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
            ax.set_title(names[article])
    fig.suptitle(f"词云：字号 = 每千词出现次数；彩色 = 特色词（z > {z:g}），灰色 = 其他")
    return fig


#: The dispersion chart never grows past this height (inches): rows get thinner instead.
DISPERSION_MAX_HEIGHT = 9.0


class _RowSize(NamedTuple):
    row_height: float  # inches
    height: float  # of the whole chart, inches
    fontsize: float  # of the term names


def _dispersion_size(rows: list[int]) -> _RowSize:
    """Row height, chart height and font size for panels of ``rows`` rows (at most
    ``DISPERSION_MAX_HEIGHT`` inches: rows get thinner, down to 0.12 inches, with smaller names).

    >>> _dispersion_size([3, 2])
    _RowSize(row_height=0.3, height=3.6, fontsize=10)
    """
    row_height = min(0.3, (DISPERSION_MAX_HEIGHT - 1.0 - 0.55 * len(rows)) / max(sum(rows), 1))
    row_height = max(row_height, 0.12)
    height = min(DISPERSION_MAX_HEIGHT, 1.0 + 0.55 * len(rows) + row_height * sum(rows))
    fontsize = 10 if row_height >= 0.25 else 8 if row_height >= 0.17 else 6
    return _RowSize(row_height, height, fontsize)


def _missing_note(title: str, missing: list[str]) -> str:
    """``title`` with the terms the article never uses (up to 6 named).

    >>> print(_missing_note("甲", []), _missing_note("甲", ["大厂", "创业"]))
    甲 甲　（未出现：大厂、创业）
    """
    if missing:
        shown = "、".join(missing[:6]) + (f" 等 {len(missing)} 个" if len(missing) > 6 else "")
        title += f"　（未出现：{shown}）"
    return title


def _dispersion_panel(ax, hits: pd.DataFrame, used: list[str], *, color, fontsize: float) -> None:
    """A row per term of ``used``, a tick per occurrence at its relative position."""
    for row, term in enumerate(used):
        xs = hits.loc[hits["term"] == term, "relative"]
        ax.vlines(xs, row - 0.35, row + 0.35, color=color, linewidth=1.2)
    ax.set_yticks(range(len(used)), used, fontsize=fontsize)
    ax.set_ylim(max(len(used), 1) - 0.5, -0.5)
    ax.set_xlim(0, 1)


def plot_dispersion(positions: pd.DataFrame, *, terms=None, articles=None, labels=None):
    """Where chosen terms occur along each essay: one panel per article, one row per term it
    uses, a tick per occurrence at its relative position (0 = start, 1 = end of the essay).

    Terms an article never uses get no row (the panel lists them under its title), so the chart
    holds only evidence; panels are as tall as their rows and the whole chart at most
    ``DISPERSION_MAX_HEIGHT`` inches.
    """
    _check(positions, ["article", "term", "relative"], name="positions")
    terms = list(terms) if terms is not None else list(dict.fromkeys(positions["term"]))
    articles = list(articles) if articles is not None else list(dict.fromkeys(positions["article"]))
    colors = article_colors(articles)
    names = labels_for(articles, labels, mathtext=True)
    used = {a: [t for t in terms if ((positions["article"] == a) & (positions["term"] == t)).any()]
            for a in articles}
    rows = [max(len(used[a]), 1) for a in articles]
    size = _dispersion_size(rows)
    fig, axes = new_figure(width=9, height=size.height, nrows=len(articles), sharex=True,
                           gridspec_kw={"height_ratios": rows})
    for ax, article in zip(np.atleast_1d(axes), articles):
        _dispersion_panel(ax, positions[positions["article"] == article], used[article], color=colors[article],
                          fontsize=size.fontsize)
        ax.set_title(_missing_note(names[article], [t for t in terms if t not in used[article]]),
                     loc="left", fontsize=9)
        ax.grid(axis="x", color="0.9")
        if not used[article]:
            ax.set_yticks([])
    np.atleast_1d(axes)[-1].set_xlabel("在文中的相对位置（0 = 开头，1 = 结尾）")
    fig.suptitle("关键词在各文章中的分布（每条竖线 = 出现一次）")
    return fig
