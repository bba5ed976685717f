"""Span precision and recall of found company mentions against hand-marked spans.

Exact: a found span counts when a gold span has the same offsets; overlap: when it shares a character
with one. Precision is over distinct found spans (a group acronym's rows are one span); recall over
gold spans. Used by ``benchmarks/bench_company_ner.py`` and ``tests/test_companies.py``.

>>> score_spans([[(0, 2), (5, 9)]], [[(0, 2), (5, 7), (10, 12)]])
Score(found=2, gold=3, precision_exact=0.5, precision_overlap=1.0, recall_exact=0.333, recall_overlap=0.667)
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple


class Score(NamedTuple):
    """Counts and the four rates (rounded to 3 places; 0.0 when undefined)."""

    found: int
    gold: int
    precision_exact: float
    precision_overlap: float
    recall_exact: float
    recall_overlap: float


def _overlaps(a: tuple[int, int], spans) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def score_spans(found: list, gold: list) -> Score:
    """Score per-sentence lists of ``(start, end)`` found spans against gold spans (same order)."""
    if len(found) != len(gold):
        raise ValueError(f"found has {len(found)} sentences, gold {len(gold)}")
    n_found = n_gold = p_exact = p_overlap = r_exact = r_overlap = 0
    for f, g in zip(found, gold):
        f, g = sorted(set(map(tuple, f))), sorted(set(map(tuple, g)))
        n_found, n_gold = n_found + len(f), n_gold + len(g)
        p_exact += sum(s in g for s in f)
        p_overlap += sum(_overlaps(s, g) for s in f)
        r_exact += sum(s in f for s in g)
        r_overlap += sum(_overlaps(s, f) for s in g)
    rate = lambda a, b: round(a / b, 3) if b else 0.0  # noqa: E731
    return Score(n_found, n_gold, rate(p_exact, n_found), rate(p_overlap, n_found), rate(r_exact, n_gold),
                 rate(r_overlap, n_gold))


def read_eval_set(path, *, split: str | None = None) -> list[dict]:
    """Rows of a JSONL evaluation set (``text``, ``spans`` = ``[start, end, kind]``, ``split``)."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split is None or r.get("split") == split]


def gold_spans(rows: list[dict], kinds=("company",)) -> list[list[tuple[int, int]]]:
    """Per row, the gold spans of the given kinds."""
    return [[(s, e) for s, e, k in r["spans"] if k in kinds] for r in rows]
