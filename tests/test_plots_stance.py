"""Tests of analysis.plots.stance: structure of the figures, bad input, deterministic files."""
import pandas as pd
import pytest
from matplotlib.container import BarContainer

from analysis.plots.common import save_figure
from analysis.plots.stance import plot_stance_bars, plot_stance_strip
from analysis.stance import score_sentences, stance_table

def n_bars(ax):
    return sum(len(c) for c in ax.containers if isinstance(c, BarContainer))


SENTENCES = pd.DataFrame({
    "article": ["a", "a", "b", "b", "c"],
    "sentence": [0, 1, 0, 1, 0],
    "text": ["大模型烧钱。", "机会在AI Agent。", "大厂很保守。", "独立才有自由。", "开源模型很成功。"],
})


def test_bars_one_bar_per_scored_pair_and_absent_marked():
    table = stance_table(SENTENCES)
    fig = plot_stance_bars(table, labels={"a": "文章甲"}, min_sided=0)
    ax = fig.axes[0]
    assert n_bars(ax) == int((table.n_sentences > 0).sum()) == 5
    assert [t.get_text() for t in ax.get_yticklabels()] == list(dict.fromkeys(table.target))
    assert sum(t.get_text() == "未提及" for t in ax.texts) == int((table.n_sentences == 0).sum())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["文章甲", "b", "c"]
    assert ax.get_title() and ax.get_ylabel() == "目标" and "置信区间" in ax.get_xlabel()


def test_bars_show_every_row_also_a_note_on_the_last_one():
    """The last article's 未提及 under the last target lies inside the axes (text does not widen them)."""
    table = stance_table(SENTENCES)
    ax = plot_stance_bars(table, min_sided=0).axes[0]
    low, high = ax.get_ylim()
    notes = [t.get_position()[1] for t in ax.texts if t.get_text() == "未提及"]
    assert (low, high) == (len(set(table.target)) - 0.5, -0.5)  # first target on top
    assert notes and all(high < y < low for y in notes)


def test_bars_need_the_minimum_of_sided_sentences_else_a_grey_dot():
    table = stance_table(SENTENCES)  # every scored pair here has one sentence
    ax = plot_stance_bars(table).axes[0]
    assert n_bars(ax) == 0
    notes = [t.get_text() for t in ax.texts if "判为中立" in t.get_text()]
    assert len(notes) == int((table.n_sentences > 0).sum()) and notes[0].startswith("1 句")
    assert not any(word in t.get_text() for t in ax.texts for word in ("favour", "against", "neutral", "n="))


def test_strip_one_panel_per_article():
    ev = score_sentences(SENTENCES)
    fig = plot_stance_strip(ev, n_sentences={"a": 10})
    assert len(fig.axes) == 3
    assert fig.axes[0].get_xlim() == (-1, 10)
    assert "句子序号" in fig.axes[-1].get_xlabel()
    # the legend sits outside the top panel, right of it, so it covers no point
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    legend, ax = fig.axes[0].get_legend(), fig.axes[0]
    assert legend.get_window_extent(renderer).x0 > ax.get_window_extent(renderer).x1
    with pytest.raises(ValueError):
        plot_stance_strip(ev, ax=fig.axes[0])


def test_empty_and_bad_input():
    fig = plot_stance_strip(score_sentences([]))
    assert len(fig.axes) == 1
    assert n_bars(plot_stance_bars(stance_table([])).axes[0]) == 0
    for bad in (None, pd.DataFrame({"x": [1]})):
        with pytest.raises(ValueError):
            plot_stance_bars(bad)
        with pytest.raises(ValueError):
            plot_stance_strip(bad)


def test_saved_files_are_identical_on_rerun(tmp_path):
    table = stance_table(SENTENCES)
    first = [p.read_bytes() for p in save_figure(plot_stance_bars(table), tmp_path / "one")]
    second = [p.read_bytes() for p in save_figure(plot_stance_bars(table), tmp_path / "two")]
    assert first == second
