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


def test_top_is_per_article_so_every_article_keeps_its_companies():
    fig, ax = new_figure()
    assert plot_company_bars(TABLE, top=1, ax=ax) is fig
    # a's top is 百度 (3), b's 百度 (2), c's 联想 (5): the union, most named first
    assert [t.get_text() for t in ax.get_yticklabels()] == ["百度", "联想"]


def test_labels_and_rates_per_thousand_characters():
    ax = plot_company_bars(TABLE, labels={"a": "甲文", "b": "乙文"}, sizes={"a": 2000, "b": 500, "c": 1000}).axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["甲文", "乙文", "c"]
    widths = {(round(p.get_y(), 2), p.get_width()) for p in ax.patches}
    assert {w for _, w in widths} >= {1.5, 4.0, 5.0}  # 百度: 3/2, 2/0.5; 联想: 5/1
    assert "千字" in ax.get_xlabel()
    with pytest.raises(ValueError, match="sizes lacks"):
        plot_company_bars(TABLE, sizes={"a": 1})
    heat = plot_company_heatmap(TABLE, labels={"c": "丙文"}).axes[0]
    assert [t.get_text() for t in heat.get_xticklabels()] == ["a", "b", "丙文"]


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
