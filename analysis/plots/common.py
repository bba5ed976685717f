"""Helpers shared by every chart: a figure with the CJK font set, and deterministic saving."""
from __future__ import annotations

from pathlib import Path

#: Formats written by :func:`save_figure`: PNG for screens and reports, SVG for print.
FORMATS = ("png", "svg")
DPI = 150
#: A colour per article, in article order; the same article keeps its colour in every chart.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")


def new_figure(*, width: float = 8.0, height: float = 5.0, nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure with the CJK font configured; returns ``(fig, axes)`` like ``plt.subplots``."""
    from matplotlib.figure import Figure

    from ..fonts import use_cjk_font

    use_cjk_font()
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, **kwargs)
    return fig, axes


def article_colors(articles) -> dict[str, str]:
    """Stable colour per article id, in the order given.

    >>> article_colors(["a", "b"])
    {'a': '#1f77b4', 'b': '#d62728'}
    """
    return {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(articles)}


def save_figure(fig, stem: str | Path, *, formats=FORMATS) -> list[Path]:
    """Write ``fig`` as ``stem.png`` and ``stem.svg`` with no timestamps or version strings.

    The same figure gives the same bytes on every run (fixed SVG hash salt, no dates in metadata).
    """
    from ..fonts import use_cjk_font

    use_cjk_font()  # sets svg.hashsalt, needed even for figures not made by new_figure
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = stem.with_suffix(f".{fmt}")
        metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        fig.savefig(path, format=fmt, dpi=DPI, metadata=metadata)
        written.append(path)
    return written
