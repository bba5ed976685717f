"""Labels for points that never overlap: a deterministic greedy repel, with leader lines.

Used by the term scatter (:func:`analysis.plots.keywords.plot_rate_scatter`); works on any axes.
Each label, most important first, takes the cheapest spot near its point (costs in pt²: see
``LABEL_WEIGHT``, ``STEP_COST``, ``LEADER_COST``); no randomness and no iteration to
convergence, so the same input gives the same positions, hence the same bytes.

>>> from analysis.plots.common import new_figure
>>> fig, ax = new_figure()
>>> _ = ax.scatter([1, 2], [1, 2])
>>> [t.get_text() for t in place_labels(ax, [("大厂", 1, 1), ("团队", 2, 2)])]
['大厂', '团队']
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np


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


class _Choice(NamedTuple):
    """A label's chosen spot: its cost, offset ``(dx, dy)`` from the point (points), how many text
    heights it was nudged (``k``), its padded box and the leader line's end (None when not nudged)."""
    cost: float
    dx: float
    dy: float
    k: int
    box: tuple
    corner: tuple | None


class _Layout(NamedTuple):
    """What a label must avoid, in points: the axes' size, the other dots, the labelled dots and
    labels placed so far (``obstacles``) and the leader lines drawn."""
    width: float
    height: float
    others: np.ndarray
    obstacles: list
    leaders: list


def _spot_cost(box, corner, k: int, point, layout: _Layout, halo: float) -> float:
    """Cost of a label at ``box`` (see ``LABEL_WEIGHT``, ``STEP_COST``, ``LEADER_COST``)."""
    ox, oy = layout.others[:, 0], layout.others[:, 1]
    near = (np.clip(np.minimum(box[2], ox + halo) - np.maximum(box[0], ox - halo), 0, None)
            * np.clip(np.minimum(box[3], oy + halo) - np.maximum(box[1], oy - halo), 0, None))
    cost = (LABEL_WEIGHT * sum(_overlap(box, other) for other in layout.obstacles)
            + float(near.sum()) + k * STEP_COST)
    if k:  # the leader line: from the point to the text's nearest corner
        cost += LEADER_COST * (sum(_segment_hits(point, corner, other) for other in layout.obstacles)
                               + sum(_segments_cross(point, corner, *line) for line in layout.leaders))
    return cost


def _inside(box, layout: _Layout, edge: float) -> bool:
    """Whether ``box`` lies inside the axes, ``edge`` points clear of the spines."""
    return not (box[0] < edge or box[1] < edge or box[2] > layout.width - edge or box[3] > layout.height - edge)


def _best_spot(point, w: float, h: float, layout: _Layout, *, pad: float, halo: float, edge: float,
               steps: int) -> _Choice:
    """The cheapest spot of :func:`_label_spots` inside the axes for a ``w`` × ``h`` label of
    ``point``, the nearest on ties; the default spot right of the point when none fits."""
    px, py = point
    best = None
    for dx, dy, k in _label_spots(w, h, pad=pad, steps=steps):
        corner = (px + dx + (0.0 if dx > 0 else w), py + dy + (0.0 if dy > 0 else h))
        if best is not None and k * STEP_COST >= best.cost:
            break  # every further spot costs at least as much
        box = (px + dx - pad / 2, py + dy - pad / 2, px + dx + w + pad / 2, py + dy + h + pad / 2)
        if not _inside(box, layout, edge):
            continue
        cost = _spot_cost(box, corner, k, (px, py), layout, halo)
        if best is None or cost < best.cost:
            best = _Choice(cost, dx, dy, k, box, corner)
    if best is None:  # no spot inside the axes (a tiny axes): the default spot
        best = _Choice(0.0, 3.0, -h / 2, 0, (px + 3.0, py - h / 2, px + 3.0 + w, py + h / 2), None)
    return best


def _text_size(ax, text: str, fontsize: float, scale: float) -> tuple[float, float]:
    """Width and height of ``text`` drawn on ``ax``, in points."""
    probe = ax.text(0, 0, text, fontsize=fontsize)
    extent = probe.get_window_extent()
    probe.remove()
    return extent.width * scale, extent.height * scale


def _annotate(ax, text: str, xy, choice: _Choice, fontsize: float):
    """The label ``text`` at ``choice``'s offset from ``xy``, with a leader line when nudged."""
    arrow = None
    if choice.k:  # leader line from the text's corner nearest the point
        arrow = dict(arrowstyle="-", color="0.35", linewidth=0.6, shrinkA=0.5, shrinkB=2,
                     relpos=(0.0 if choice.dx > 0 else 1.0, 0.0 if choice.dy > 0 else 1.0))
    artist = ax.annotate(text, xy, xytext=(choice.dx, choice.dy), textcoords="offset points", fontsize=fontsize,
                         ha="left", va="bottom", arrowprops=arrow)
    artist.set_in_layout(False)  # inside the axes by construction; must not move the layout
    return artist


def place_labels(ax, labels, *, points=None, fontsize: float = 8, pad: float = 1.0, dot: float = 2.0,
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
        # the other labelled dots, then the labels placed
        layout = _Layout(width, height, dots[not_own], placed[:i] + placed[i + 1:], leaders)
        w, h = _text_size(ax, term, fontsize, scale)
        best = _best_spot((px, py), w, h, layout, pad=pad, halo=halo, edge=edge, steps=steps)
        placed.append(best.box)
        if best.k:
            leaders.append(((px, py), best.corner))
        texts.append(_annotate(ax, term, (lx, ly), best, fontsize))
    return texts
