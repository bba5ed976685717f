"""The report's data: plain JSON-ready dicts and lists built from the analysis frames, with caps.

Articles are referred to by their index in ``articles`` and sentences by ``[article, sentence]``:
every sentence text is stored once (``sentences``), and the evidence of every number (a term's
concordance lines, a company's mention sentences, a stance cell's scored sentences) points into it
with character offsets. Floats are rounded (4 decimals; p-values 3 significant digits) and NaN
becomes ``null``, so the JSON is valid and reruns give the same bytes.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

ARTICLE_FIELDS = ("article", "label", "title", "author", "date", "source", "source_url", "series",
                  "encoding", "script", "n_chars_raw", "n_chars_clean", "n_paragraphs", "n_sentences")
#: Columns of one keyword row in the payload, in order (``rest_rate``: per 1,000 tokens of the
#: other articles pooled, the x axis of the term scatter).
KEYWORD_FIELDS = ("term", "n", "rate", "rest_rate", "z", "g2", "p", "log_ratio")


@dataclass(frozen=True)
class Caps:
    """Bounds that keep the file small for large corpora (the seeds are far below all of them).

    Each list has a cap per item (per article, term, step, cell) and, where it grows with the
    number of articles, a budget for the whole file: the cap per item is then
    ``min(cap, budget // number of items)`` (at least 1), so 1,000 articles stay bounded.

    Parameters
    ----------
    terms_per_article : int
        Scatter points (and table rows) per article, the most distinctive first (log-odds z).
    max_points : int
        Budget of scatter points over all articles.
    contexts_per_term : int
        Concordance lines stored per scatter point (term × article); the count shown is the full one.
    max_contexts : int
        Budget of concordance lines over all points.
    table_top : int
        Rows per article in the distinctive-terms table.
    examples_per_step : int
        Before/after examples per article and cleaning step.
    max_examples : int
        Budget of cleaning examples over all articles and steps.
    example_chars : int
        Characters kept of each side of a cleaning example.
    mentions_per_company : int
        Mention sentences stored per article and company.
    max_mentions : int
        Budget of mention sentences over all articles and companies.
    evidence_per_cell : int
        Evidence sentences stored per stance cell (article × target).
    max_evidence : int
        Budget of evidence sentences over all cells.
    candidates : int
        Discovered company names listed (most frequent first).
    max_text_chars : int
        Sentence text embedded over all articles; articles past it are listed without their text
        (the concordance search then covers the others, and the page says so).
    """

    terms_per_article: int = 2000
    max_points: int = 20_000
    contexts_per_term: int = 20
    max_contexts: int = 60_000
    table_top: int = 100
    examples_per_step: int = 5
    max_examples: int = 3_000
    example_chars: int = 160
    mentions_per_company: int = 30
    max_mentions: int = 10_000
    evidence_per_cell: int = 60
    max_evidence: int = 10_000
    candidates: int = 60
    max_text_chars: int = 3_500_000

    def __post_init__(self):
        for name, value in asdict(self).items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"caps.{name} must be a positive integer, not {value!r}")


def share(cap: int, budget: int, n_items: int) -> int:
    """Items allowed per unit: ``cap``, or less when ``n_items`` units would overrun ``budget``.

    >>> share(20, 60_000, 1_600), share(20, 60_000, 20_000), share(5, 10, 100)
    (20, 3, 1)
    """
    return max(1, min(cap, budget // max(1, n_items)))


class Index(NamedTuple):
    """Article name -> position, and which articles have their text embedded."""

    of: dict
    embedded: frozenset


def num(value, digits: int = 4):
    """A JSON-safe rounded float: ``None`` for NaN/None.

    >>> num(1.23456), num(float("nan")), num(None), num(2)
    (1.2346, None, None, 2.0)
    """
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else round(value, digits) + 0.0


def sig(value, digits: int = 3):
    """A float rounded to ``digits`` significant digits (p-values); ``None`` for NaN.

    >>> sig(0.000123456), sig(float("nan"))
    (0.000123, None)
    """
    value = num(value, 300)
    return None if value is None else float(f"{value:.{digits}g}")


def _plain(value):
    """A scalar as plain JSON: numpy ints/floats/bools to Python, NaN to None, else str."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, int) or type(value).__name__.startswith("int"):
        return int(value)
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return num(value)
    return None if pd.isna(value) else str(value)


# ---------------------------------------------------------------- articles, texts, cleaning
def articles_section(corpus) -> list[dict]:
    """One dict per article (the ``ARTICLE_FIELDS`` present in ``corpus.articles``), plus ``number``."""
    frame = corpus.articles
    cols = [c for c in ARTICLE_FIELDS if c in frame.columns]
    rows = []
    for i, rec in enumerate(frame[cols].to_dict("records")):
        row = {k: _plain(v) for k, v in rec.items()}
        row["label"] = row.get("label") or row.get("title") or row["article"]
        row["number"] = i + 1
        rows.append(row)
    return rows


def make_index(corpus, caps: Caps) -> Index:
    """Positions of the articles and the ones whose text fits in ``caps.max_text_chars``."""
    names = list(corpus.articles["article"])
    sizes = corpus.sentences.groupby("article")["text"].apply(lambda s: int(s.str.len().sum()))
    embedded, used = set(), 0
    for name in names:
        size = int(sizes.get(name, 0))
        if used + size > caps.max_text_chars:
            break
        embedded.add(name)
        used += size
    return Index({name: i for i, name in enumerate(names)}, frozenset(embedded))


def sentences_section(corpus, index: Index) -> list[list]:
    """Per article (in order): ``[sentence, paragraph, text]`` rows; ``[]`` when not embedded."""
    out = [[] for _ in index.of]
    frame = corpus.sentences[corpus.sentences["article"].isin(index.embedded)]
    for art, sen, par, text in frame[["article", "sentence", "paragraph", "text"]].itertuples(index=False):
        out[index.of[art]].append([int(sen), int(par), str(text)])
    return out


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "…"


def cleaning_section(corpus, index: Index, caps: Caps) -> list[dict]:
    """The cleaning report: per article and step, the counts and a few before/after examples."""
    rows = []
    records = [r for r in corpus.report.to_dict("records") if r["article"] in index.of]
    per = share(caps.examples_per_step, caps.max_examples, len(records))
    for rec in records:
        examples = list(rec.get("examples") or [])
        rows.append({
            "a": index.of[rec["article"]], "step": str(rec["step"]),
            "n_changes": int(rec["n_changes"]), "chars_removed": int(rec["chars_removed"]),
            "chars_added": int(rec["chars_added"]), "n_examples": len(examples),
            "examples": [[_clip(str(b), caps.example_chars), _clip(str(a), caps.example_chars)]
                         for b, a in examples[:per]],
        })
    return rows


# ---------------------------------------------------------------- keywords
def _rest_rates(table: pd.DataFrame) -> pd.Series:
    """Rate per 1,000 tokens of each row's term in the *other* articles pooled.

    Article sizes are recovered from the table itself (``n_article = 1000 · n / rate``), so they
    are exactly the denominators ``keyword_table`` used.
    """
    sizes = (1000.0 * table["n"] / table["rate"]).groupby(table["article"]).median().round()
    total_n = table.groupby("term")["n"].transform("sum")
    rest_size = float(sizes.sum()) - table["article"].map(sizes)
    rest = (total_n - table["n"]) * 1000.0 / rest_size.where(rest_size > 0)
    return rest.fillna(0.0)


def keywords_section(table: pd.DataFrame, index: Index, caps: Caps) -> list[list]:
    """Per article: keyword rows (``KEYWORD_FIELDS``), most distinctive first, at most
    ``min(terms_per_article, max_points // n_articles)`` of them."""
    out = [[] for _ in index.of]
    if table.empty:
        return out
    per = share(caps.terms_per_article, caps.max_points, len(index.of))
    table = table.assign(rest_rate=_rest_rates(table))
    table = table[table["article"].isin(index.of)]
    table = table.sort_values(["log_odds_z", "n", "term"], ascending=[False, False, True], kind="mergesort")
    for art, rows in table.groupby("article", sort=False):
        out[index.of[art]] = [
            [str(t), int(n), num(r), num(rr), num(z), num(g), sig(p), num(lr)]
            for t, n, r, rr, z, g, p, lr in rows.head(per)[
                ["term", "n", "rate", "rest_rate", "log_odds_z", "g2", "p_value", "log_ratio"]
            ].itertuples(index=False)]
    return out


def contexts_section(tokens: pd.DataFrame, keywords: list[list], index: Index, caps: Caps) -> dict:
    """Where each scatter point's term occurs in its article: term -> ``[article, sentence, start,
    end]`` rows (token offsets in the sentence text), at most ``contexts_per_term`` per point."""
    points = {(a, row[0]) for a, rows in enumerate(keywords) for row in rows}
    if not points or tokens.empty:
        return {}
    per = share(caps.contexts_per_term, caps.max_contexts, len(points))
    terms = {t for _, t in points}
    hits = tokens[tokens["token"].isin(terms) & tokens["article"].isin(index.embedded)]
    hits = hits.assign(_a=hits["article"].map(index.of)).sort_values(["_a", "sentence", "start"], kind="mergesort")
    hits = hits[np.array([p in points for p in zip(hits["_a"], hits["token"])], dtype=bool)]  # [] would pick columns
    hits = hits.groupby(["token", "article"], sort=False).head(per)
    out: dict[str, list] = {}
    for term, a, sen, start, end in hits[["token", "_a", "sentence", "start", "end"]].itertuples(index=False):
        out.setdefault(str(term), []).append([int(a), int(sen), int(start), int(end)])
    return out


# ---------------------------------------------------------------- companies
INFO_FIELDS = ("company_en", "sector", "country")


def company_info(companies: pd.DataFrame) -> dict[str, list]:
    """Company -> ``[company_en, sector, country]``, stored once rather than per article."""
    cols = [c for c in INFO_FIELDS if c in companies.columns]
    info = companies.drop_duplicates("company")
    return {str(row[0]): [_plain(v) or "" for v in row[1:]] + [""] * (len(INFO_FIELDS) - len(cols))
            for row in info[["company", *cols]].itertuples(index=False)}


def companies_section(companies: pd.DataFrame, mentions: pd.DataFrame, index: Index, caps: Caps) -> list[dict]:
    """Per article and listed company: its counts and the ``[sentence, start, end]`` of its mentions
    (English name, sector and country: :func:`company_info`)."""
    lines: dict[tuple, list] = {}
    ordered = mentions.sort_values(["article", "sentence", "start"], kind="mergesort") if len(mentions) else mentions
    for art, comp, sen, start, end in ordered[["article", "company", "sentence", "start", "end"]].itertuples(index=False):
        if art in index.embedded:
            lines.setdefault((art, comp), []).append([int(sen), int(start), int(end)])
    records = [r for r in companies.to_dict("records") if r["article"] in index.of]
    per = share(caps.mentions_per_company, caps.max_mentions, len(records))
    rows = []
    for rec in records:
        row = {"a": index.of[rec["article"]], "company": str(rec["company"]), "mentions": int(rec["mentions"]),
               "aliases": str(rec["aliases"]),
               "lines": lines.get((rec["article"], rec["company"]), [])[:per]}
        rows.append(row)
    return rows


def candidates_section(candidates: pd.DataFrame, index: Index, caps: Caps) -> list[dict]:
    """Discovered names (not in the gazetteer), most frequent first, with the articles using them."""
    rows = []
    for rec in candidates.head(caps.candidates).to_dict("records"):
        arts = [index.of[a] for a in str(rec["articles"]).split("、") if a in index.of]
        rows.append({"candidate": str(rec["candidate"]), "sources": str(rec["sources"]),
                     "count": int(rec["count"]), "articles": arts,
                     "example": _clip(str(rec.get("example", "")), 200)})
    return rows


# ---------------------------------------------------------------- stance
def _cues(cues) -> list[list]:
    """``[start, end, kind, value]`` per cue (the word is ``text[start:end]``)."""
    return [[int(s), int(e), str(k), num(v)] for s, e, _, k, v in (cues or [])]


def _evidence_rows(evidence: pd.DataFrame, texts: dict, per: int) -> dict[tuple, list]:
    out: dict[tuple, list] = {}
    ordered = evidence.sort_values(["article", "sentence"], kind="mergesort")
    for rec in ordered[["article", "target", "sentence", "text", "score", "drivers", "cues"]].to_dict("records"):
        key = (rec["article"], rec["target"])
        rows = out.setdefault(key, [])
        if len(rows) >= per:
            continue
        same = texts.get((rec["article"], int(rec["sentence"]))) == rec["text"]
        rows.append([int(rec["sentence"]), None if same else str(rec["text"]), num(rec["score"]),
                     str(rec["drivers"]), _cues(rec["cues"])])
    return out


def stance_section(stance: pd.DataFrame, evidence: pd.DataFrame, corpus, index: Index, caps: Caps) -> dict:
    """Targets (in table order) and one cell per article × target: score, interval, label, counts
    and its evidence ``[sentence, text or null (= the sentence's own text), score, drivers, cues]``
    (cues: ``[start, end, kind, value]``)."""
    texts = {(a, int(s)): t for a, s, t in corpus.sentences[["article", "sentence", "text"]].itertuples(index=False)
             if a in index.embedded}
    per = share(caps.evidence_per_cell, caps.max_evidence, len(stance))
    ev = _evidence_rows(evidence, texts, per) if len(evidence) else {}
    targets = list(dict.fromkeys(stance["target"])) if len(stance) else []
    cells = []
    for rec in stance.to_dict("records"):
        if rec["article"] not in index.of:
            continue
        cells.append({
            "a": index.of[rec["article"]], "t": targets.index(rec["target"]), "score": num(rec["score"]),
            "lo": num(rec["ci_low"]), "hi": num(rec["ci_high"]), "label": str(rec["label"]),
            "n": int(rec["n_sentences"]),
            **{k: int(rec[k]) for k in ("n_favour", "n_against", "n_neutral") if k in rec},
            "evidence": ev.get((rec["article"], rec["target"]), []),
        })
    return {"targets": targets, "cells": cells}
