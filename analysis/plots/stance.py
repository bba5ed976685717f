"""Stance charts: a diverging bar chart (targets × articles) and a stance strip along each essay.

Both take the frames of :mod:`analysis.stance` and return a matplotlib ``Figure``.

>>> import pandas as pd
>>> from analysis.stance import stance_table, score_sentences
>>> text = ["大模型烧钱。", "机会在AI Agent。"]
>>> fig = plot_stance_bars(stance_table(text))
>>> fig.axes[0].get_xlabel()
'立场得分（−1 反对 … +1 支持），误差线：95% 自助法置信区间'
>>> fig = plot_stance_strip(score_sentences(text))
>>> len(fig.axes)
1
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .common import article_colors, new_figure

#: One colour per target, in target order (kept apart from the article palette).
TARGET_PALETTE = ("#e6550d", "#3182bd", "#31a354", "#756bb1", "#636363", "#d6616b", "#8c6d31", "#17becf")
_BAR_COLUMNS = {"article", "target", "score", "n_sentences", "ci_low", "ci_high", "label"}
#: Labels as printed on the (Chinese) charts.
LABEL_ZH = {"favour": "支持", "against": "反对", "neutral": "中立", "mixed": "正反兼有", "not mentioned": "未提及"}
_STRIP_COLUMNS = {"article", "sentence", "target", "score"}


def _check(frame, columns: set[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a DataFrame, not {type(frame).__name__}")
    if missing := sorted(columns - set(frame.columns)):
        raise ValueError(f"{name} lacks columns {missing}")


def plot_stance_bars(table: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
                     title: str = "各文章对各目标的立场", min_sided: int | None = None, ax=None):
    """Diverging horizontal bars: one group per target, one bar per article, CI whiskers.

    ``table`` is :func:`analysis.stance.stance_table`'s output; ``labels`` maps article ids to
    the names shown in the legend (default: the ids). Targets an article never names are
    marked "未提及" instead of a bar; a pair with fewer than ``min_sided`` sentences taking a
    side (default :data:`analysis.stance.MIN_SIDED`) gets a grey dot with its n instead of a bar,
    so one sentence never draws the longest bar; each bar is annotated with its sentence count
    and its label, in Chinese.
    """
    from ..stance import MIN_SIDED

    min_sided = MIN_SIDED if min_sided is None else min_sided
    _check(table, _BAR_COLUMNS, "table")
    labels = dict(labels or {})
    articles = list(dict.fromkeys(table.article))
    targets = list(dict.fromkeys(table.target))
    if ax is None:
        height = 1.2 + 0.28 * max(1, len(targets) * max(1, len(articles))) + 0.3 * len(targets)
        fig, ax = new_figure(width=9.0, height=max(3.0, height))
    else:
        fig = ax.figure
    colors = article_colors(articles)
    band = 0.8 / max(1, len(articles))
    ax.axvspan(-1.05, 0, color="#d62728", alpha=0.05, lw=0)
    ax.axvspan(0, 1.05, color="#2ca02c", alpha=0.05, lw=0)
    ax.axvline(0, color="black", lw=0.8)
    indexed = table.set_index(["article", "target"])
    for i, article in enumerate(articles):
        for j, target in enumerate(targets):
            if (article, target) in indexed.index:
                _stance_bar(ax, indexed.loc[(article, target)], y=j - 0.4 + band * (i + 0.5), height=band * 0.9,
                            color=colors[article], min_sided=min_sided)
    from matplotlib.patches import Patch

    # every article in the legend, below the axes (under the x label), so it never covers a bar or a note;
    # notes without a bar are written in their article's colour
    handles = [Patch(color=colors[a], label=labels.get(a, a)) for a in articles]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncols=min(len(articles), 3),
              fontsize=8, title="文章", frameon=False)
    ax.set_yticks(range(len(targets)), targets)
    ax.set_ylim(max(len(targets), 1) - 0.5, -0.5)  # every row, also notes (text does not widen the limits); first on top
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("立场得分（−1 反对 … +1 支持），误差线：95% 自助法置信区间")
    ax.set_ylabel("目标")
    ax.set_title(title)
    return fig


def _stance_bar(ax, row, *, y: float, height: float, color: str, min_sided: int) -> None:
    """One article × target: a bar with its interval and "n 句 · label", or a note in the
    article's colour when the target is not named or too few sentences take a side."""
    if row.n_sentences == 0:
        ax.text(0.02, y, "未提及", va="center", ha="left", fontsize=7, color=color)
        return
    sided = int(row.get("n_favour", min_sided) + row.get("n_against", 0))
    if sided < min_sided:
        ax.plot([0], [y], "o", color=color, ms=4)
        ax.text(0.03, y, f"{row.n_sentences} 句，表态句少于 {min_sided}，判为中立", va="center",
                ha="left", fontsize=7, color=color)
        return
    err = np.array([[row.score - row.ci_low], [row.ci_high - row.score]])
    ax.barh(y, row.score, height=height, color=color)
    ax.errorbar(row.score, y, xerr=np.clip(err, 0, None), fmt="none", ecolor="black", elinewidth=0.8, capsize=2)
    side = 1 if row.score >= 0 else -1
    edge = row.ci_high if side > 0 else row.ci_low
    ax.text(edge + 0.03 * side, y, f"{row.n_sentences} 句 · {LABEL_ZH.get(row.label, row.label)}", va="center",
            ha="left" if side > 0 else "right", fontsize=7)


def _target_colors(evidence: pd.DataFrame) -> dict[str, str]:
    """A colour per target of ``evidence``: the default targets' file order first, then the rest."""
    from ..stance import load_targets

    present = set(evidence.target)
    targets = [t for t in dict.fromkeys(load_targets().target) if t in present]
    targets += [t for t in dict.fromkeys(evidence.target) if t not in targets]
    return {t: TARGET_PALETTE[i % len(TARGET_PALETTE)] for i, t in enumerate(targets)}


def _strip_axes(ax, n_articles: int):
    """``(figure, axes)``: ``ax`` alone (one article only), else a new figure of a panel per article."""
    if ax is not None:
        if n_articles > 1:
            raise ValueError("ax can only be given for evidence of a single article")
        return ax.figure, [ax]
    fig, axes = new_figure(width=10.0, height=1.2 + 2.4 * n_articles, nrows=n_articles, sharey=True)
    return fig, list(np.atleast_1d(axes))


def _strip_panel(ax, rows: pd.DataFrame, colors: dict[str, str], *, last: int | None, title: str) -> None:
    """One article's sentences: a stem and a dot per scored sentence, x up to ``last`` sentences."""
    ax.axhline(0, color="black", lw=0.6)
    for target, color in colors.items():
        part = rows[rows.target == target]
        if part.empty:
            continue
        ax.vlines(part.sentence, 0, part.score, color=color, lw=0.8, alpha=0.6)
        ax.scatter(part.sentence, part.score, s=18, color=color, label=target, zorder=3)
    if last is None:
        last = int(rows.sentence.max()) + 1 if len(rows) else 1
    ax.set_xlim(-1, max(1, last, int(rows.sentence.max()) + 2 if len(rows) else 1))  # no dot on the edge
    ax.set_ylim(-1.05, 1.05)
    ax.set_title(title, fontsize=10, loc="left")
    ax.set_ylabel("得分（−1…+1）")


def _target_legend(ax, colors: dict[str, str]) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", ls="", color=c, label=t) for t, c in colors.items()]
    # outside the top panel, to its right (constrained layout makes room): it never covers a point
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0,
              fontsize=8, ncols=1, title="目标", frameon=False)


def plot_stance_strip(evidence: pd.DataFrame, *, n_sentences: Mapping[str, int] | None = None,
                      labels: Mapping[str, str] | None = None,
                      title: str = "立场沿文章的变化（每个点是一句话）", ax=None):
    """One panel per article: sentence position (x) against sentence score (y), one colour per target.

    ``evidence`` is :func:`analysis.stance.score_sentences`' output. ``n_sentences`` maps each
    article to its number of sentences, so the x axis spans the whole essay (default: up to the
    last scored sentence). Stems from 0 make the turns of an argument easy to see. ``ax`` may be
    given only when the evidence holds a single article.
    """
    _check(evidence, _STRIP_COLUMNS, "evidence")
    labels = dict(labels or {})
    articles = list(dict.fromkeys(evidence.article)) or ["(无)"]
    colors = _target_colors(evidence)
    fig, axes = _strip_axes(ax, len(articles))
    for ax_, article in zip(axes, articles):
        _strip_panel(ax_, evidence[evidence.article == article], colors, last=(n_sentences or {}).get(article),
                     title=labels.get(article, article))
    axes[-1].set_xlabel("句子序号（文章中的第几句，从 0 起）")
    if colors:
        _target_legend(axes[0], colors)
    fig.suptitle(title)
    return fig
