"""Tests for analysis.display: escaped HTML, article labels instead of file stems."""
from __future__ import annotations

import pandas as pd

from analysis import display as D

LABELS = {"000_x": "大模型搞砸！烧光3000万，CTO被裁"}


def kwic_lines(n=1):
    return pd.DataFrame({"article": ["000_x"] * n, "sentence": range(n), "left": ["<b>互联网"] * n,
                         "keyword": ["大厂"] * n, "right": ["病"] * n})


def test_kwic_html_labels_escapes_and_limits():
    html = D.kwic_html(kwic_lines(), labels=LABELS)
    assert "大模型搞砸！烧光3000万，CTO被裁" in html and "000_x" not in html
    assert "&lt;b&gt;互联网" in html
    assert D.kwic_html(kwic_lines(30)).count("<tr>") == 1 + 20
    assert D.kwic_html(kwic_lines(30), limit=None).count("<tr>") == 1 + 30
    assert D.kwic_html(kwic_lines().assign(label="标题甲")).count("标题甲") == 1
    assert D.kwic_html(kwic_lines().iloc[:0]) == "<p>(no occurrence)</p>"


def test_other_tables_take_labels():
    report = pd.DataFrame({"article": ["000_x"], "step": ["markdown"], "n_changes": [1],
                           "examples": [[("**大厂**", "大厂")]]})
    assert "烧光" in D.report_html(report, labels=LABELS)
    mentions = pd.DataFrame({"article": ["000_x"], "sentence": [0], "company": ["腾讯"], "start": [0],
                             "end": [2], "text": ["腾讯很大"]})
    assert "烧光" in D.mentions_html(mentions, labels=LABELS)
    evidence = pd.DataFrame({"article": ["000_x"], "sentence": [0], "target": ["大厂"], "score": [-0.5],
                             "text": ["大厂很保守"], "cues": [[(0, 2, "大厂", "target")]], "drivers": ["保守"]})
    assert "烧光" in D.evidence_html(evidence, labels=LABELS) and "000_x" not in D.evidence_html(evidence, labels=LABELS)


def test_kwic_text_aligns_and_fits_a_terminal():
    from analysis.plots.common import text_width

    lines = pd.DataFrame({"article": ["000_x", "000_x"], "left": ["要求集团投资3000万搞大", "大"],
                          "keyword": ["模型", "模型"], "right": ["。" + "很长的右侧上下文" * 5, ""]})
    text = D.kwic_text(lines, labels=LABELS).splitlines()
    assert len(text) == 2 and all(t.startswith("大模型搞砸！烧…") for t in text)
    keyword_at = [text_width(t[:t.index("【")]) for t in text]
    assert keyword_at[0] in (keyword_at[1], keyword_at[1] - 1)  # a narrow digit can leave one column
    assert all(text_width(t) <= 100 for t in text) and text[1].endswith("【模型】")
