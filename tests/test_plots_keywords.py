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
        assert "每千词" in " ".join(texts(fig)) or "z 值" in " ".join(texts(fig))
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


# --- layout: nothing clipped, labels that do not collide, same bytes twice ------------------------

def dense_table():
    """Two articles, 40 terms, many with the same counts and many absent from 乙文 (drawn at the
    axis floor): the crowded left edge of the real term scatter, where labels used to overlap."""
    rows = []
    for j in range(40):
        term = f"词{j:02d}"
        rows.append(("甲文", term, j % 4 + 1))
        if j % 3 == 0:
            rows.append(("乙文", term, j % 5 + 1))
    for j in range(25):
        rows.append(("乙文", f"语{j:02d}", j % 2 + 1))
    counts = pd.DataFrame(rows, columns=["article", "term", "n"])
    return bind_keyness(bind_log_odds(bind_rate(counts)))


def assert_all_text_inside(fig):
    """Every drawn artist (tick labels, axis labels, titles, annotations) within the figure."""
    from matplotlib.text import Text

    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    named = [fig._suptitle] + [t for ax in fig.axes for t in (ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts)]
    frame = fig.bbox
    for t in named:
        if t is None or not t.get_text().strip():
            continue
        box = Text.get_window_extent(t, renderer)  # an annotation's text, without its leader line
        assert box.x0 >= frame.x0 - 0.5 and box.x1 <= frame.x1 + 0.5, f"{t.get_text()!r} clipped left/right"
        assert box.y0 >= frame.y0 - 0.5 and box.y1 <= frame.y1 + 0.5, f"{t.get_text()!r} clipped top/bottom"
    tight = fig.get_tightbbox(renderer)  # inches; includes the tick labels actually drawn
    width, height = fig.get_size_inches()
    assert tight.x0 >= -0.01 and tight.y0 >= -0.01 and tight.x1 <= width + 0.01 and tight.y1 <= height + 0.01


@pytest.mark.parametrize("n_articles", [2, 3])
def test_bar_charts_keep_every_text_inside_the_figure(n_articles):
    t = table(("甲文", "乙文", "丙文")[:n_articles])
    for fig in (PK.plot_top_terms(t, top=4), PK.plot_distinctive(t, top=4),
                PK.plot_top_terms(dense_table()), PK.plot_distinctive(dense_table())):
        assert_all_text_inside(fig)


def test_distinctive_threshold_label_inside_axes_clear_of_bars():
    fig = PK.plot_distinctive(dense_table(), top=15, z=1.0)
    fig.draw_without_rendering()
    for ax in fig.axes:
        (label,) = [t for t in ax.texts if t.get_text().strip() == "z = 1"]
        box, frame = label.get_window_extent(), ax.get_window_extent()
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        first_bar = ax.patches[0].get_window_extent()
        assert box.y0 >= first_bar.y1  # above the first bar, not drawn over it


def spread_table():
    """Two articles, 60 terms at distinct spots (no two share both counts), many absent from one
    side: a crowded scatter where every term is its own circle."""
    rows = []
    for j in range(40):
        rows.append(("甲文", f"词{j:02d}", j + 1))
        if j % 2 == 0:
            rows.append(("乙文", f"词{j:02d}", (j * 7) % 40 + 1))
    rows += [("乙文", f"语{j:02d}", j + 1) for j in range(20)]
    counts = pd.DataFrame(rows, columns=["article", "term", "n"])
    return bind_keyness(bind_log_odds(bind_rate(counts)))


def test_rate_scatter_labels_do_not_overlap_and_stay_in_the_axes():
    from matplotlib.text import Text

    t = spread_table()
    fig = PK.plot_rate_scatter(t, a="甲文", b="乙文", label=12)
    ax = fig.axes[0]
    assert len(ax.texts) >= 20
    assert_all_text_inside(fig)
    frame = ax.get_window_extent()
    boxes = [Text.get_window_extent(x) for x in ax.texts]  # the text alone, without its leader line
    for i, p in enumerate(boxes):
        assert frame.x0 <= p.x0 and p.x1 <= frame.x1 and frame.y0 <= p.y0 and p.y1 <= frame.y1, ax.texts[i]
        for q in boxes[i + 1:]:
            overlap_w = min(p.x1, q.x1) - max(p.x0, q.x0)
            overlap_h = min(p.y1, q.y1) - max(p.y0, q.y0)
            assert overlap_w <= 0 or overlap_h <= 0, (ax.texts[i].get_text(), "overlaps another label")
    moved = [x for x in ax.texts if x.arrow_patch is not None]
    assert moved, "the crowded fixture should need at least one leader line"


def test_rate_scatter_same_input_same_bytes(tmp_path):
    from analysis.plots.common import save_figure

    a = save_figure(PK.plot_rate_scatter(dense_table(), a="甲文", b="乙文"), tmp_path / "a")
    b = save_figure(PK.plot_rate_scatter(dense_table(), a="甲文", b="乙文"), tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


# --- labels: titles, not file stems ----------------------------------------------------------------

LABELS = {"甲文": "大模型搞砸！烧光3000万，CTO被裁", "乙文": "AI大模型创业展望(2)：大模型团队与科技大厂如何相处",
          "丙文": "电动车价格战：谁在裸泳？"}


def test_every_keyword_chart_names_articles_by_label():
    t = table()
    tokens = pd.DataFrame({"article": ["甲文"] * 2 + ["乙文"] * 2, "sentence": [0, 0, 0, 0],
                           "position": [0, 1, 0, 1], "token": ["大厂", "团队", "大厂", "价值"]})
    figs = [PK.plot_top_terms(t, top=3, labels=LABELS), PK.plot_distinctive(t, top=3, labels=LABELS),
            PK.plot_wordcloud(t, labels=LABELS),
            PK.plot_dispersion(term_positions(tokens, ["大厂"]), labels=LABELS)]
    for fig in figs:
        titles = [ax.get_title() or ax.get_title(loc="left") for ax in fig.axes]
        assert titles[0] == "大模型搞砸！烧光3000万，CTO被裁", titles
        assert titles[1].startswith("AI大模型创业展望(2)") and titles[1].endswith("…")
        assert not any(a in " ".join(titles) for a in LABELS)  # no stem anywhere
    scatter = PK.plot_rate_scatter(t, a="甲文", b="丙文", label=2, labels=LABELS)
    assert scatter.axes[0].get_xlabel().startswith("大模型搞砸") and "裸泳" in scatter.axes[0].get_ylabel()


def test_same_titles_stay_apart():
    t = table()
    fig = PK.plot_top_terms(t, top=3, labels={a: "同一个标题" for a in ("甲文", "乙文", "丙文")})
    assert [ax.get_title() for ax in fig.axes] == ["同一个标题 [1]", "同一个标题 [2]", "同一个标题 [3]"]


# --- fair charts (issue 16, point 9) -----------------------------------------------------------------

def short_article_table():
    """甲文 long; 乙文 short: 价格战 ×4, 电池 ×2, and ten words seen once (all tied on z)."""
    rows = [("甲文", "大模型", 30), ("甲文", "大厂", 12), ("甲文", "团队", 9), ("甲文", "电池", 1)]
    rows += [("乙文", "价格战", 4), ("乙文", "电池", 2)] + [("乙文", f"词{j}", 1) for j in range(10)]
    return bind_keyness(bind_log_odds(bind_rate(pd.DataFrame(rows, columns=["article", "term", "n"]))))


def bar_labels(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def test_distinctive_leaves_out_words_seen_once_and_says_so():
    fig = PK.plot_distinctive(short_article_table(), top=15)
    short = fig.axes[1]
    assert bar_labels(short) == ["价格战", "电池"]
    assert "另有 10 个词只出现 1 次，未列出" in short.get_xlabel()
    assert bar_labels(PK.plot_distinctive(short_article_table(), top=15, min_n=1).axes[1])[:2] == ["价格战", "电池"]
    with pytest.raises(ValueError, match="min_n"):
        PK.plot_distinctive(short_article_table(), min_n=0)


def test_ties_that_do_not_fit_share_one_bar():
    fig = PK.plot_top_terms(short_article_table(), top=3, min_n=1)
    labels = bar_labels(fig.axes[1])
    assert labels == ["价格战", "电池", "词0、词1 等 10 个并列"]
    hatched = [p.get_hatch() for p in fig.axes[1].patches]
    assert hatched == [None, None, "//"] or hatched == ["", "", "//"]
    # ties that fit are drawn one by one
    assert PK._bars(pd.DataFrame({"term": ["甲", "乙"], "v": [1.0, 1.0]}), "v", 3) == [
        PK._Bar("甲", 1.0, 1), PK._Bar("乙", 1.0, 1)]


def test_bar_panels_keep_bars_equally_thick():
    fig = PK.plot_top_terms(short_article_table(), top=6, min_n=1)
    heights = {round(p.get_window_extent().height, 3) for ax in fig.axes for p in ax.patches}
    assert len(heights) == 1


def test_rate_scatter_ticks_legend_and_labels():
    fig = PK.plot_rate_scatter(spread_table(), a="甲文", b="乙文", label=3)
    ax = fig.axes[0]
    fig.draw_without_rendering()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "0"
    assert all(t.replace(".", "").isdigit() for t in ticks), ticks  # 0, 0.5, 1, 2, 5 …: no 10⁰
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["甲文 更常用", "乙文 更常用", "一样常用"]
    named = " ".join(t.get_text() for t in ax.texts)
    rates = spread_table().groupby("term")["rate"].sum().sort_values(ascending=False)
    assert all(term in named for term in rates.index[:2])  # the two most frequent terms are named


def test_rate_scatter_groups_terms_at_one_spot_and_counts_them():
    rows = [("甲文", "大模型", 20), ("乙文", "大模型", 5)] + [("甲文", f"词{j}", 1) for j in range(30)]
    t = bind_keyness(bind_log_odds(bind_rate(pd.DataFrame(rows, columns=["article", "term", "n"]))))
    fig = PK.plot_rate_scatter(t, a="甲文", b="乙文", label=2)
    ax = fig.axes[0]
    assert len(ax.collections[0].get_offsets()) == 2  # 31 terms, 2 spots
    assert any(x.get_text().endswith("等 30 个词") for x in ax.texts), [x.get_text() for x in ax.texts]


def test_dispersion_height_is_capped_and_rows_hold_evidence():
    articles = [f"文{i}" for i in range(10)]
    terms = [f"词{j:02d}" for j in range(40)]
    positions = pd.DataFrame([(a, terms[(i * 4 + k) % 40], k / 4) for i, a in enumerate(articles) for k in range(4)],
                             columns=["article", "term", "relative"])
    fig = PK.plot_dispersion(positions, terms=terms, articles=articles)
    assert fig.get_size_inches()[1] <= PK.DISPERSION_MAX_HEIGHT
    assert all(len(ax.get_yticks()) == 4 for ax in fig.axes)  # only the terms each article uses
    assert "未出现" in fig.axes[0].get_title(loc="left")
    assert_all_text_inside(fig)


def test_one_language_per_chart():
    """Titles, axis labels and notes are Chinese: no English words (ASCII words of 3+ letters)."""
    import re

    t = short_article_table()
    tokens = pd.DataFrame({"article": ["甲文", "乙文"], "sentence": [0, 0], "position": [0, 0],
                           "token": ["大厂", "大厂"]})
    figs = [PK.plot_top_terms(t), PK.plot_distinctive(t), PK.plot_rate_scatter(t, a="甲文", b="乙文"),
            PK.plot_wordcloud(t), PK.plot_dispersion(term_positions(tokens, ["大厂"]))]
    for fig in figs:
        words = [fig._suptitle.get_text() if fig._suptitle else ""]
        for ax in fig.axes:
            words += [ax.get_title(), ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
        words += [x.get_text() for leg in fig.legends for x in leg.get_texts()]
        assert not re.search(r"[A-Za-z]{3,}", " ".join(words)), words


def test_svg_keeps_text_as_text_and_png_is_unchanged(tmp_path):
    from matplotlib.figure import Figure

    from analysis.plots.common import save_figure

    fig = PK.plot_top_terms(table(), top=3)
    png, svg = save_figure(fig, tmp_path / "chart")
    text = svg.read_text(encoding="utf-8")
    from analysis.fonts import use_cjk_font

    assert "各文章高频词" in text and "<text" in text and f"font-family: '{use_cjk_font()}'" in text
    assert 'id="glyph' not in text and "DejaVuSans-" not in text  # no glyph outlines
    plain = tmp_path / "plain.png"
    fig.savefig(plain, format="png", dpi=150, metadata={"Software": None})  # as before this change
    assert png.read_bytes() == plain.read_bytes()
    assert isinstance(fig, Figure)


def test_one_article_distinctive_says_it_needs_two():
    one = bind_keyness(bind_log_odds(bind_rate(pd.DataFrame({"article": ["甲文"] * 3, "term": ["大厂", "团队", "未来"],
                                                             "n": [3, 2, 2]}))))
    assert one["log_odds_z"].isna().all()
    fig = PK.plot_distinctive(one, labels={"甲文": "电动车价格战：谁在裸泳？"})
    (ax,) = fig.axes
    assert ax.get_title() == "电动车价格战：谁在裸泳？" and not ax.patches
    assert any("至少需要两篇" in t.get_text() for t in ax.texts)
    assert_all_text_inside(fig)
    assert len(PK.plot_top_terms(one).axes[0].patches) == 3


def test_distinctive_panel_titles_wrap_within_their_panel():
    table = pd.DataFrame({"article": ["a"] * 3 + ["b"] * 3, "term": ["大厂", "团队", "外卖"] * 2,
                          "n": [3, 2, 2, 1, 2, 3], "log_odds_z": [2.0, 1.0, -1.0, -2.0, -1.0, 1.0]})
    fig = PK.plot_distinctive(table, min_n=1, labels={"a": "国庆黄金周外卖与旅游市场双双升温，携程美团饿了么都在抢", "b": "短"})
    titles = [ax.get_title() for ax in fig.axes]
    # the label is cut at 40 columns (labels_for), then wrapped at 32 (PANEL_TITLE_WIDTH)
    assert titles[0] == "国庆黄金周外卖与旅游市场双双升温\n，携程…" and titles[1] == "短"
