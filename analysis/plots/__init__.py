"""Chart functions, one module per concern; each returns a matplotlib Figure.

Save figures with :func:`analysis.plots.common.save_figure` (PNG + SVG, byte-identical reruns).
"""
