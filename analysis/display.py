"""Small HTML helpers for the notebooks: the evidence next to each number.

Each function returns an HTML string (wrap it in ``IPython.display.HTML`` to show it); text is
escaped, so a sentence can never inject markup. Articles are shown by their labels (titles) when
``labels=`` is given (a Corpus, its articles frame or a mapping id -> label) or the frame has a
``label`` column; otherwise by their ids.

>>> highlight("大厂很保守", [(0, 2, "target"), (3, 5, "against")])
'<mark class="target" style="background:#cfe3ff">大厂</mark>很<mark class="against" style="background:#ffd0d0">保守</mark>'
"""
from __future__ import annotations

from html import escape

import pandas as pd

from .plots.common import labels_for

#: Background colour per kind of span.
COLORS = {"target": "#cfe3ff", "favour": "#c8f0c8", "against": "#ffd0d0", "company": "#ffe9a8",
          "keyword": "#ffe9a8", "removed": "#ffd0d0", "added": "#c8f0c8"}


def highlight(text: str, spans, *, colors: dict[str, str] | None = None) -> str:
    """``text`` as HTML with each ``(start, end, kind)`` span marked in the colour of its kind.

    Overlapping spans: the earlier one wins and the later one is skipped.
    """
    colors = {**COLORS, **(colors or {})}
    out, at = [], 0
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < at or end <= start:
            continue
        if kind not in colors:
            raise ValueError(f"unknown span kind {kind!r}; known: {sorted(colors)}")
        out.append(escape(text[at:start]))
        out.append(f'<mark class="{kind}" style="background:{colors[kind]}">{escape(text[start:end])}</mark>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _names(frame: pd.DataFrame, labels) -> dict[str, str]:
    """Article id -> label to show, for the articles of ``frame``."""
    if "article" not in frame.columns:
        return {}
    if labels is None and "label" in frame.columns:
        labels = dict(zip(frame["article"].astype(str), frame["label"]))
    return labels_for(list(frame["article"].astype(str)), labels)


def _table(rows, header) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def kwic_html(lines: pd.DataFrame, *, limit: int | None = 20, labels=None) -> str:
    """KWIC lines (from :func:`analysis.keywords.kwic`) as a table, keyword highlighted;
    at most ``limit`` lines (``None``: all).

    >>> k = pd.DataFrame({"article": ["a"], "sentence": [3], "left": ["互联网"], "keyword": ["大厂"], "right": ["病"]})
    >>> "<mark" in kwic_html(k), "大厂病文" in kwic_html(k, labels={"a": "大厂病文"})
    (True, True)
    """
    names = _names(lines, labels)
    shown = lines if limit is None else lines.head(limit)
    rows = [(escape(names.get(str(r.article), str(r.article))), r.sentence, f"<div style='text-align:right'>{escape(r.left)}</div>",
             highlight(r.keyword, [(0, len(r.keyword), "keyword")]), escape(r.right))
            for r in shown.itertuples(index=False)]
    return _table(rows, ["article", "sentence", "left", "keyword", "right"]) if rows else "<p>(no occurrence)</p>"


def kwic_text(lines: pd.DataFrame, *, labels=None, width: int = 20, label_width: int = 16) -> str:
    """KWIC lines as plain text for a terminal, one per line, the keyword in 【】 and aligned:
    the article's label (cut to ``label_width`` columns), the left context right-aligned in
    ``width`` columns (cut from the left), the keyword, the right context (cut to ``width``).

    >>> k = pd.DataFrame({"article": ["a"], "left": ["互联网"], "keyword": ["大厂"], "right": ["病"]})
    >>> print(kwic_text(k, labels={"a": "大厂病文"}, width=8, label_width=8))
    大厂病文   互联网【大厂】病
    """
    from .plots.common import shorten, text_width

    names = labels_for(list(lines["article"].astype(str)), labels, width=label_width)
    out = []
    for r in lines.itertuples(index=False):
        left = r.left.replace("\n", " ")
        while text_width(left) > width:
            left = left[1:]
        label = names[str(r.article)]
        out.append(f"{label}{' ' * (label_width - text_width(label))} {' ' * (width - text_width(left))}{left}"
                   f"【{r.keyword}】{shorten(r.right, width) if r.right.strip() else ''}".rstrip())
    return "\n".join(out)


def mentions_html(mentions: pd.DataFrame, *, limit: int = 20, labels=None) -> str:
    """Sentences of :func:`analysis.companies.find_mentions` with every company alias highlighted."""
    names = _names(mentions, labels)
    rows = []
    for (article, sentence), group in mentions.groupby(["article", "sentence"], sort=False):
        spans = [(s, e, "company") for s, e in zip(group["start"], group["end"])]
        companies = "、".join(dict.fromkeys(group["company"]))
        rows.append((escape(names.get(str(article), str(article))), sentence, escape(companies),
                     highlight(group["text"].iloc[0], spans)))
        if len(rows) == limit:
            break
    return _table(rows, ["article", "sentence", "companies", "text"]) if rows else "<p>(no mention)</p>"


def evidence_html(evidence: pd.DataFrame, *, limit: int = 20, labels=None) -> str:
    """Scored sentences of :func:`analysis.stance.score_sentences`: target blue, favour green,
    against red, with the score and the words that drove it."""
    names = _names(evidence, labels)
    rows = []
    for r in evidence.head(limit).itertuples(index=False):
        spans = [(c[0], c[1], c[3]) for c in r.cues]
        rows.append((escape(names.get(str(r.article), str(r.article))), r.sentence, escape(r.target), f"{r.score:+.2f}",
                     highlight(r.text, spans), escape(r.drivers)))
    return (_table(rows, ["article", "sentence", "target", "score", "text", "drivers"])
            if rows else "<p>(no scored sentence)</p>")


def report_html(report: pd.DataFrame, *, per_step: int = 2, width: int = 80, labels=None) -> str:
    """The cleaning report with up to ``per_step`` before → after examples per step and article."""
    names = _names(report, labels)
    rows = []
    for r in report.itertuples(index=False):
        examples = [f"<code>{escape(b[:width])}</code> → <code>{escape(a[:width]) or '(removed)'}</code>"
                    for b, a in list(r.examples)[:per_step]]
        rows.append((escape(names.get(str(r.article), str(r.article))), escape(r.step), r.n_changes,
                     "<br>".join(examples)))
    return _table(rows, ["article", "step", "changes", "examples (before → after)"])
