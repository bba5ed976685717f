"""Tests for analysis.plots.keywords: each chart draws, labels itself and covers its glyphs."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.fonts import missing_glyphs
from analysis.keywords import bind_keyness, bind_log_odds, bind_rate, term_positions
from analysis.plots import keywords as PK


def table(articles=("甲文", "乙文", "丙文")):
    rows = []
    for i, a in enumerate(articles):
        for j, term in enumerate(["大模型", "大厂", "团队", "未来", "AI Agent", "价值"]):
            rows.append((a, term, (i + 1) * (j + 1) % 7 + 1))
    counts = pd.DataFrame(rows, columns=["article", "term", "n"])
    return bind_keyness(bind_log_odds(bind_rate(counts)))


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in (ax.title, ax.xaxis.label)] + [fig._suptitle.get_text()]


@pytest.mark.parametrize("n_articles", [2, 3])
def test_bar_charts_one_panel_per_article(n_articles):
    t = table(("甲文", "乙文", "丙文")[:n_articles])
    for fig in (PK.plot_top_terms(t, top=4), PK.plot_distinctive(t, top=4)):
        assert len(fig.axes) == n_articles
        assert all(texts(fig))
        assert "1,000" in " ".join(texts(fig)) or "log-odds z" in " ".join(texts(fig))
        fig.canvas.draw()  # matplotlib glyph warnings are errors under pytest


def test_distinctive_marks_threshold():
    fig = PK.plot_distinctive(table(), top=3, z=1.5)
    assert all(any(list(line.get_xdata()) == [1.5, 1.5] for line in ax.lines) for ax in fig.axes)


def test_rate_scatter_labels_terms():
    fig = PK.plot_rate_scatter(table(), a="甲文", b="丙文", label=2)
    ax = fig.axes[0]
    assert "甲文" in ax.get_xlabel() and "丙文" in ax.get_ylabel()
    assert {t.get_text() for t in ax.texts} <= set(table()["term"]) and ax.texts
    fig.canvas.draw()
    with pytest.raises(ValueError, match="two different"):
        PK.plot_rate_scatter(table(), a="甲文", b="甲文")


def test_wordcloud_glyphs_covered_and_deterministic():
    t = table()
    words = PK.wordcloud_words(t, "甲文")
    assert missing_glyphs(words) == []
    assert set(words) == set(t["term"])
    f1, f2 = PK.plot_wordcloud(t), PK.plot_wordcloud(t)
    assert len(f1.axes) == 3
    import numpy as np

    assert np.array_equal(f1.axes[0].images[0].get_array(), f2.axes[0].images[0].get_array())


def test_wordcloud_leaves_out_undrawable_words(monkeypatch):
    import analysis.fonts as fonts

    monkeypatch.setattr(fonts, "missing_glyphs", lambda words, **kw: ["𠀀"] if "𠀀" in "".join(words) else [])
    t = pd.concat([table(), pd.DataFrame({"article": ["甲文"], "term": ["𠀀"], "rate": [1e6],
                                          "log_odds_z": [0.0]})], ignore_index=True)
    with pytest.warns(UserWarning, match="cannot draw"):
        assert "𠀀" not in PK.wordcloud_words(t, "甲文")


def test_dispersion():
    tokens = pd.DataFrame({"article": ["甲文"] * 4 + ["乙文"] * 2, "sentence": [0, 0, 1, 1, 0, 0],
                           "position": [0, 1, 2, 3, 0, 1], "token": ["大厂", "团队", "未来", "大厂", "大厂", "价值"]})
    fig = PK.plot_dispersion(term_positions(tokens, ["大厂", "未来"]))
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["大厂", "未来"]
    fig.canvas.draw()


def test_bad_input():
    with pytest.raises(ValueError, match="empty"):
        PK.plot_top_terms(table().iloc[:0])
    with pytest.raises(ValueError, match="lacks columns"):
        PK.plot_distinctive(table().drop(columns="log_odds_z"))
    with pytest.raises(ValueError):
        PK.plot_dispersion("大厂")
