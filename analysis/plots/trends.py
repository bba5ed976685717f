"""Line charts of trends over time (input: :mod:`analysis.trends`), each point annotated with
the amount of text it rests on.

>>> import pandas as pd
>>> t = pd.DataFrame({"period": ["2024-01", "2024-02"], "term": ["大厂", "大厂"], "n": [1, 3],
...                   "n_tokens": [200, 300], "rate": [5.0, 10.0], "n_articles": [1, 2]})
>>> ax = plot_trend(t, value="rate", series="term", count="n").axes[0]
>>> [line.get_label() for line in ax.get_lines()], ax.get_ylabel()
(['大厂'], '每千词出现次数（次/千词）')
"""
from __future__ import annotations

import pandas as pd

from .common import new_figure

#: y-axis label and title of each value that can be charted.
VALUES = {"rate": ("每千词出现次数（次/千词）", "关键词随时间的变化"),
          "score": ("立场得分（−1 反对 … +1 支持）", "立场随时间的变化")}
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def plot_trend(frame: pd.DataFrame, *, value: str, series: str, count: str, ax=None):
    """One line per ``series`` (term or target) of ``value`` over ``period``; each point is
    annotated with ``count`` (occurrences or sentences) so thin periods are visible."""
    if value not in VALUES:
        raise ValueError(f"value must be one of {sorted(VALUES)}, not {value!r}")
    missing = [c for c in ("period", series, value, count) if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks columns {missing}")
    if frame.empty:
        raise ValueError("no periods to plot")
    periods = sorted(frame["period"].unique())
    if ax is None:
        fig, ax = new_figure(width=max(6.0, 0.9 * len(periods) + 3), height=4.5)
    else:
        fig = ax.figure
    x = {p: i for i, p in enumerate(periods)}
    for k, (name, rows) in enumerate(frame.groupby(series, sort=False)):
        rows = rows.sort_values("period")
        xs = [x[p] for p in rows["period"]]
        ax.plot(xs, rows[value], marker="o", color=PALETTE[k % len(PALETTE)], label=str(name))
        for xi, yi, n in zip(xs, rows[value], rows[count]):
            ax.annotate(str(int(n)), (xi, yi), textcoords="offset points", xytext=(0, 5), ha="center",
                        fontsize=7, color=PALETTE[k % len(PALETTE)])
    ylabel, title = VALUES[value]
    ax.set_xticks(range(len(periods)), periods, rotation=30 if len(periods) > 6 else 0)
    ax.set_xlabel("时间段（数字：该段的出现次数或句数）")
    ax.set_ylabel(ylabel)
    if value == "score":
        ax.axhline(0, color="black", lw=0.8)
        ax.set_ylim(-1.05, 1.05)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    return fig
