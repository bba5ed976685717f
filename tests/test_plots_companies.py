"""Tests for analysis.plots.companies (warnings such as missing glyphs are errors under pytest)."""
from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis.plots.common import new_figure, save_figure
from analysis.plots.companies import plot_company_bars, plot_company_heatmap

TABLE = pd.DataFrame({"article": ["a", "a", "b", "c", "c"], "company": ["百度", "Meta", "百度", "联想", "Meta"],
                      "mentions": [3, 1, 2, 5, 1]})


def test_bars_sorted_grouped_and_labelled():
    fig = plot_company_bars(TABLE)
    ax = fig.axes[0]
    assert isinstance(fig, Figure)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["百度", "联想", "Meta"]  # 5, 5, 2: ties by name
    assert len(ax.patches) == 3 * 3  # companies x articles
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "c"]
    assert ax.get_title() and "次" in ax.get_xlabel() and ax.get_ylabel()


def test_top_and_given_axes():
    fig, ax = new_figure()
    assert plot_company_bars(TABLE, top=1, ax=ax) is fig
    assert [t.get_text() for t in ax.get_yticklabels()] == ["百度"]


def test_heatmap_cells():
    fig = plot_company_heatmap(TABLE)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "2", "3", "5"]


def test_bad_input():
    with pytest.raises(ValueError, match="no company mentions"):
        plot_company_bars(TABLE.iloc[:0])
    with pytest.raises(ValueError, match="columns"):
        plot_company_heatmap(pd.DataFrame({"company": ["百度"]}))
    with pytest.raises(ValueError, match="top"):
        plot_company_bars(TABLE, top=0)


def test_saved_bytes_are_deterministic(tmp_path):
    first = save_figure(plot_company_heatmap(TABLE), tmp_path / "one")
    second = save_figure(plot_company_heatmap(TABLE), tmp_path / "two")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_ner_found_companies_are_hatched_and_starred():
    table = TABLE.assign(source=["gazetteer", "gazetteer", "gazetteer", "ner", "gazetteer"])
    ax = plot_company_bars(table).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["百度", "联想 *", "Meta"]
    hatched = [p for p in ax.patches if p.get_hatch() == "//"]
    assert len(hatched) == 3  # 联想's bar in each of the three articles
    heat = plot_company_heatmap(table).axes[0]
    assert "联想 *" in [t.get_text() for t in heat.get_yticklabels()] and "*" in heat.get_title()
