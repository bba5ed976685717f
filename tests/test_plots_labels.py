"""Tests for analysis.plots.labels: labels never overlap, stay inside the axes, same input same places."""
from __future__ import annotations

import pytest

from analysis.plots.common import new_figure
from analysis.plots.labels import _label_spots, _overlap, _segment_hits, _segments_cross, place_labels


def test_place_labels_without_labels_draws_nothing():
    fig, ax = new_figure()
    assert place_labels(ax, []) == [] and not ax.texts


def _crowd():
    fig, ax = new_figure(width=4, height=4)
    xs, ys = [1.0, 1.05, 1.1, 1.15, 2.0], [1.0, 1.02, 1.04, 1.06, 2.0]
    ax.scatter(xs, ys)
    ax.set(xlim=(0, 3), ylim=(0, 3))
    labels = [(f"词{i}", x, y) for i, (x, y) in enumerate(zip(xs, ys))]
    return fig, ax, place_labels(ax, labels, points=(xs, ys))


def test_crowded_labels_do_not_overlap_and_stay_inside():
    from matplotlib.text import Text

    fig, ax, texts = _crowd()
    assert [t.get_text() for t in texts] == ["词0", "词1", "词2", "词3", "词4"]
    fig.draw_without_rendering()
    frame = ax.get_window_extent()
    boxes = [Text.get_window_extent(t) for t in texts]
    for i, p in enumerate(boxes):
        assert frame.x0 <= p.x0 and p.x1 <= frame.x1 and frame.y0 <= p.y0 and p.y1 <= frame.y1
        for q in boxes[i + 1:]:
            assert min(p.x1, q.x1) <= max(p.x0, q.x0) or min(p.y1, q.y1) <= max(p.y0, q.y0)
    assert any(t.arrow_patch is not None for t in texts), "four close points need a leader line"


def test_same_input_same_positions():
    positions = [[t.get_position() + tuple(t.xyann) for t in _crowd()[2]] for _ in range(2)]
    assert positions[0] == positions[1]


@pytest.mark.parametrize("p, q, expected", [((0, 0, 2, 2), (1, 1, 3, 3), 1.0), ((0, 0, 1, 1), (2, 2, 3, 3), 0.0)])
def test_overlap(p, q, expected):
    assert _overlap(p, q) == expected


def test_spots_nearest_first():
    spots = list(_label_spots(10, 4, steps=2))
    assert [k for _, _, k in spots] == sorted(k for _, _, k in spots)
    assert spots[0] == (3.0, -2.0, 0)


def test_segments():
    assert _segment_hits((0, 0), (0, 4), (-1, 1, 1, 2)) and not _segment_hits((0, 0), (0, 4), (1, 1, 2, 2))
    assert not _segments_cross((0, 0), (1, 1), (1, 1), (2, 0))  # touching ends do not count
