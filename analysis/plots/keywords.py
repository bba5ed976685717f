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

import numpy as np
import pandas as pd

from .common import article_colors, labels_for, new_figure

Z_CRIT = 1.96  # two-sided 5 % for a z-score


def _check(table, columns, name="table"):
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"{name} must be a DataFrame, not {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks columns {missing}")
    if table.empty:
        raise ValueError(f"{name} is empty: nothing to draw")


def _bar_panels(table, value, *, top, title, xlabel, threshold=None, labels=None):
    articles = list(dict.fromkeys(table["article"]))
    colors = article_colors(articles)
    names = labels_for(articles, labels, mathtext=True)
    fig, axes = new_figure(width=4.2 * len(articles), height=0.32 * top + 1.6, ncols=len(articles))
    axes = np.atleast_1d(axes)
    for ax, article in zip(axes, articles):
        rows = (table[table["article"] == article]
                .sort_values([value, "term"], ascending=[False, True], kind="mergesort").head(top))
        ax.barh(range(len(rows)), rows[value], color=colors[article])
        ax.set_yticks(range(len(rows)), rows["term"])
        ax.invert_yaxis()
        ax.set_title(names[article])
        ax.set_xlabel(xlabel)
        if threshold is not None:
            ax.axvline(threshold, color="0.3", linestyle="--", linewidth=1)
            # room above the first bar for the threshold's label, inside the axes (not on the spine)
            ax.set_ylim(len(rows) - 0.5 + 0.1, -1.25)
            ax.text(threshold, -0.8, f" z = {threshold:g}", fontsize=8, color="0.3", va="center", ha="left")
    fig.suptitle(title)
    return fig


def plot_top_terms(table: pd.DataFrame, *, top: int = 15, labels=None):
    """The ``top`` most frequent terms of each article, as rates per 1,000 tokens, side by side."""
    _check(table, ["article", "term", "rate"])
    return _bar_panels(table, "rate", top=top, title=f"各文章高频词（前 {top} 个，停用词已去除）",
                       xlabel="每千词出现次数 (rate per 1,000 tokens)", labels=labels)


def plot_distinctive(table: pd.DataFrame, *, top: int = 15, z: float = Z_CRIT, labels=None):
    """The ``top`` most distinctive terms of each article by weighted log-odds z (Monroe et al.
    2008), with the significance threshold ``z`` as a dashed line."""
    _check(table, ["article", "term", "log_odds_z"])
    return _bar_panels(table, "log_odds_z", top=top, threshold=z,
                       title=f"各文章特色词（加权对数几率 z 值，前 {top} 个；虚线 = 显著性阈值）",
                       xlabel="加权对数几率 z 值\n(weighted log-odds z, vs the other articles)", labels=labels)


def plot_rate_scatter(table: pd.DataFrame, *, a: str | None = None, b: str | None = None, label: int = 12,
                      labels=None):
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
    names = labels_for(articles, labels, mathtext=True)
    ax.set_xlabel(f"{names[a]}：每千词出现次数 (rate per 1,000 tokens, log)")
    ax.set_ylabel(f"{names[b]}：每千词出现次数 (rate per 1,000 tokens, log)")
    ax.set_title("两篇文章的词频对比（对角线以下：横轴文章更常用；贴轴 = 未出现；点有轻微抖动）")
    z = table.pivot_table(index="term", columns="article", values="log_odds_z", aggfunc="first")
    chosen = {}  # term -> its z on the side it was chosen for; ties broken by the term, so stable
    for side in (a, b):
        ranked = sorted(z[side].dropna().items(), key=lambda item: (-item[1], item[0]))[:label]
        for term, value in ranked:
            chosen[term] = max(chosen.get(term, -np.inf), float(value))
    order = sorted(chosen, key=lambda t: (-chosen[t], t))  # the most distinctive get the nearest spots
    _place_labels(ax, [(term, x[term], y[term]) for term in order], points=(x.to_numpy(), y.to_numpy()),
                  fontsize=8)
    return fig


def _overlap(p, q) -> float:
    """Area shared by two boxes ``(x0, y0, x1, y1)``.

    >>> _overlap((0, 0, 2, 2), (1, 1, 3, 3)), _overlap((0, 0, 1, 1), (1, 0, 2, 1))
    (1.0, 0.0)
    """
    w = min(p[2], q[2]) - max(p[0], q[0])
    h = min(p[3], q[3]) - max(p[1], q[1])
    return float(max(w, 0.0) * max(h, 0.0))


def _label_spots(w: float, h: float, *, gap: float = 3.0, lead: float = 6.0, pad: float = 1.0, steps: int = 12):
    """Candidate spots for a ``w`` × ``h`` label (points) of a point at (0, 0), nearest first:
    right of the point, left of it, then nudged up/down by whole text heights, right before left,
    and ``lead`` points further out so that the leader line drawn to a nudged label shows.
    Yields ``(dx, dy, k)``: the text's lower-left corner and how many heights it was nudged.

    >>> list(_label_spots(10, 4, lead=1, steps=1))
    [(3.0, -2.0, 0), (-13.0, -2.0, 0), (4.0, 3.0, 1), (4.0, -7.0, 1), (-14.0, 3.0, 1), (-14.0, -7.0, 1)]
    """
    dy0 = -h / 2
    yield gap, dy0, 0
    yield -gap - w, dy0, 0
    right, left = gap + lead, -gap - lead - w
    for k in range(1, steps + 1):
        up, down = dy0 + k * (h + pad), dy0 - k * (h + pad)
        for dx in (right, left):
            for dy in (up, down):
                yield dx, dy, k


#: Costs of a label spot, in pt²: overlapping another label is all but forbidden, and so is covering
#: a labelled point; coming near any other dot (within ``halo`` points) costs the area concerned, so a
#: label does not sit against a dot that is not its own; each text height of nudge costs STEP_COST;
#: a leader line passing a labelled point, crossing a label or another leader costs LEADER_COST.
LABEL_WEIGHT, STEP_COST, LEADER_COST = 100.0, 8.0, 400.0


def _segment_hits(p, q, box) -> bool:
    """Whether the segment ``p``–``q`` passes through the box ``(x0, y0, x1, y1)`` (Liang–Barsky).

    >>> _segment_hits((0, 0), (4, 4), (1, 1, 2, 2)), _segment_hits((0, 0), (4, 0), (1, 1, 2, 2))
    (True, False)
    """
    t0, t1 = 0.0, 1.0
    d = (q[0] - p[0], q[1] - p[1])
    for delta, lo, hi, start in ((d[0], box[0], box[2], p[0]), (d[1], box[1], box[3], p[1])):
        if delta == 0:
            if not lo <= start <= hi:
                return False
            continue
        a, b = (lo - start) / delta, (hi - start) / delta
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
        if t0 > t1:
            return False
    return True


def _segments_cross(p, q, r, s) -> bool:
    """Whether segments ``p``–``q`` and ``r``–``s`` cross (touching ends do not count).

    >>> _segments_cross((0, 0), (2, 2), (0, 2), (2, 0)), _segments_cross((0, 0), (1, 0), (0, 1), (1, 1))
    (True, False)
    """
    def turn(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    return turn(p, q, r) * turn(p, q, s) < 0 and turn(r, s, p) * turn(r, s, q) < 0


def _place_labels(ax, labels, *, points=None, fontsize: float = 8, pad: float = 1.0, dot: float = 2.0,
                  halo: float = 4.0, edge: float = 2.0, steps: int = 12):
    """Label points without overlaps, by a deterministic greedy repel (no randomness, no iteration
    to convergence: the same input gives the same positions, hence the same bytes).

    ``labels`` are ``(text, x, y)`` in data coordinates, most important first; ``points`` the
    ``(xs, ys)`` of every dot drawn (the labelled ones are always avoided). Each label, in turn,
    takes the spot of :func:`_label_spots` inside the axes (``edge`` points clear of the spines)
    with the least cost (``LABEL_WEIGHT``, ``STEP_COST``, ``LEADER_COST``), the nearest on ties.
    A label nudged off its point's row gets a thin grey leader line. Geometry is in points once
    the layout is settled, so it holds at any dpi. Returns the label artists, in ``labels`` order.
    """
    if not labels:
        return []
    fig = ax.figure
    fig.draw_without_rendering()  # settles constrained layout: the axes' final size and place
    scale = 72.0 / fig.dpi
    frame = ax.get_window_extent()
    width, height = frame.width * scale, frame.height * scale

    def to_points(xs, ys):
        xy = ax.transData.transform(np.column_stack([np.asarray(xs, float), np.asarray(ys, float)]))
        return (xy[:, 0] - frame.x0) * scale, (xy[:, 1] - frame.y0) * scale

    ax_, ay = to_points([lx for _, lx, _ in labels], [ly for _, _, ly in labels])
    dots = np.column_stack(to_points(*points) if points is not None else (ax_, ay))
    placed = [(px - dot, py - dot, px + dot, py + dot) for px, py in zip(ax_, ay)]  # labelled dots
    texts, leaders = [], []
    for i, ((term, lx, ly), px, py) in enumerate(zip(labels, ax_, ay)):
        not_own = np.hypot(dots[:, 0] - px, dots[:, 1] - py) > 1e-6  # every dot but the label's own
        others = dots[not_own]
        obstacles = placed[:i] + placed[i + 1:]  # the other labelled dots, then the labels placed
        probe = ax.text(0, 0, term, fontsize=fontsize)
        extent = probe.get_window_extent()
        probe.remove()
        w, h = extent.width * scale, extent.height * scale
        best = None
        for dx, dy, k in _label_spots(w, h, pad=pad, steps=steps):
            corner = (px + dx + (0.0 if dx > 0 else w), py + dy + (0.0 if dy > 0 else h))
            if best is not None and k * STEP_COST >= best[0]:
                break  # every further spot costs at least as much
            box = (px + dx - pad / 2, py + dy - pad / 2, px + dx + w + pad / 2, py + dy + h + pad / 2)
            if box[0] < edge or box[1] < edge or box[2] > width - edge or box[3] > height - edge:
                continue
            ox, oy = others[:, 0], others[:, 1]
            near = (np.clip(np.minimum(box[2], ox + halo) - np.maximum(box[0], ox - halo), 0, None)
                    * np.clip(np.minimum(box[3], oy + halo) - np.maximum(box[1], oy - halo), 0, None))
            cost = (LABEL_WEIGHT * sum(_overlap(box, other) for other in obstacles)
                    + float(near.sum()) + k * STEP_COST)
            if k:  # the leader line: from the point to the text's nearest corner
                cost += LEADER_COST * (sum(_segment_hits((px, py), corner, other) for other in obstacles)
                                       + sum(_segments_cross((px, py), corner, *line) for line in leaders))
            if best is None or cost < best[0]:
                best = (cost, dx, dy, k, box, corner)
        if best is None:  # no spot inside the axes (a tiny axes): the default spot
            best = (0.0, 3.0, -h / 2, 0, (px + 3.0, py - h / 2, px + 3.0 + w, py + h / 2), None)
        _, dx, dy, k, box, corner = best
        placed.append(box)
        if k:
            leaders.append(((px, py), corner))
        arrow = None
        if k:  # leader line from the text's corner nearest the point
            arrow = dict(arrowstyle="-", color="0.35", linewidth=0.6, shrinkA=0.5, shrinkB=2,
                         relpos=(0.0 if dx > 0 else 1.0, 0.0 if dy > 0 else 1.0))
        text = ax.annotate(term, (lx, ly), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                           ha="left", va="bottom", arrowprops=arrow)
        text.set_in_layout(False)  # inside the axes by construction; must not move the layout
        texts.append(text)
    return texts


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
    from wordcloud import WordCloud

    from ..fonts import cjk_font_path

    _check(table, ["article", "term", "rate", "log_odds_z"])
    articles = list(dict.fromkeys(table["article"]))
    colors = article_colors(articles)
    names = labels_for(articles, labels, mathtext=True)
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
        ax.set_title(names[article])
    fig.suptitle(f"词云：字号 = 每千词出现次数；彩色 = 特色词 (z > {z})，灰色 = 其他")
    return fig


def plot_dispersion(positions: pd.DataFrame, *, terms=None, articles=None, labels=None):
    """Where chosen terms occur along each essay: one panel per article, one row per term,
    a tick per occurrence at its relative position (0 = start, 1 = end of the essay)."""
    _check(positions, ["article", "term", "relative"], name="positions")
    terms = list(terms) if terms is not None else list(dict.fromkeys(positions["term"]))
    articles = list(articles) if articles is not None else list(dict.fromkeys(positions["article"]))
    colors = article_colors(articles)
    names = labels_for(articles, labels, mathtext=True)
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
        ax.set_title(names[article], loc="left", fontsize=10)
        ax.grid(axis="x", color="0.9")
    np.atleast_1d(axes)[-1].set_xlabel("在文中的相对位置 (relative position in the essay: 0 = start, 1 = end)")
    fig.suptitle("关键词在各文章中的分布（每条竖线 = 出现一次）")
    return fig
