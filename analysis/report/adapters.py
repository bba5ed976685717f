"""The one place where the report calls the analysis: every frame it shows comes from here.

Each adapter wraps one public function of the package (``tokenize``, ``keyword_table``,
``find_mentions``/``company_table``/``discover_candidates``, ``score_sentences``/``stance_table``)
and names the columns the report reads, so a change of those functions is one edit here.
:func:`compute_frames` fills in whatever the caller did not pass (``make_figures`` passes the
frames it has already computed, so nothing is computed twice).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

import pandas as pd

#: Columns the report reads from each frame (checked by :func:`check_frames`).
NEEDS = {
    "tokens": ("article", "sentence", "token", "start", "end"),
    "keywords": ("article", "term", "n", "rate", "log_odds_z", "g2", "p_value", "log_ratio"),
    "mentions": ("article", "sentence", "company", "alias", "start", "end"),
    "companies": ("article", "company", "mentions", "aliases"),
    "candidates": ("candidate", "sources", "count", "articles"),
    "evidence": ("article", "sentence", "target", "text", "score", "drivers", "cues"),
    "stance": ("article", "target", "score", "n_sentences", "ci_low", "ci_high", "label"),
}


@dataclass(frozen=True)
class Frames:
    """Every frame the report shows (``None``: not computed yet)."""

    tokens: pd.DataFrame | None = None
    keywords: pd.DataFrame | None = None
    mentions: pd.DataFrame | None = None
    companies: pd.DataFrame | None = None
    candidates: pd.DataFrame | None = None
    evidence: pd.DataFrame | None = None
    stance: pd.DataFrame | None = None


def tokens_of(corpus) -> pd.DataFrame:
    """The tokens frame (``analysis.tokens.tokenize``)."""
    from ..tokens import tokenize

    return tokenize(corpus)


def keywords_of(tokens: pd.DataFrame) -> pd.DataFrame:
    """Every term of every article with its statistics (``keyword_table(tokens, top=None)``)."""
    from ..keywords import keyword_table

    return keyword_table(tokens, top=None)


def mentions_of(corpus) -> pd.DataFrame:
    """One row per company mention (``analysis.companies.find_mentions``)."""
    from ..companies import find_mentions

    return find_mentions(corpus)


def companies_of(corpus) -> pd.DataFrame:
    """Per article and company (``analysis.companies.company_table``)."""
    from ..companies import company_table

    return company_table(corpus)


def candidates_of(corpus, tokens: pd.DataFrame) -> pd.DataFrame:
    """Names not in the gazetteer that may be companies (``discover_candidates``)."""
    from ..companies import discover_candidates

    return discover_candidates(corpus, tokens=tokens)


def evidence_of(corpus) -> pd.DataFrame:
    """One row per sentence × target, with drivers and cue spans (``score_sentences``)."""
    from ..stance import score_sentences

    return score_sentences(corpus)


def stance_of(corpus) -> pd.DataFrame:
    """Per article × target: score, interval, label (``stance_table``)."""
    from ..stance import stance_table

    return stance_table(corpus)


def check_frames(frames: Frames) -> None:
    """Raise ValueError naming the frame and the columns it lacks."""
    for f in fields(frames):
        frame = getattr(frames, f.name)
        if frame is None:
            continue
        if not isinstance(frame, pd.DataFrame):
            raise ValueError(f"{f.name} must be a DataFrame, not {type(frame).__name__}")
        missing = [c for c in NEEDS[f.name] if c not in frame.columns]
        if missing:
            raise ValueError(f"{f.name} frame lacks columns {missing}")


def compute_frames(corpus, given: Frames) -> Frames:
    """``given`` with every missing frame computed from ``corpus``."""
    check_frames(given)
    out = given
    if out.tokens is None:
        out = replace(out, tokens=tokens_of(corpus))
    if out.keywords is None:
        out = replace(out, keywords=keywords_of(out.tokens))
    if out.mentions is None:
        out = replace(out, mentions=mentions_of(corpus))
    if out.companies is None:
        out = replace(out, companies=companies_of(corpus))
    if out.candidates is None:
        out = replace(out, candidates=candidates_of(corpus, out.tokens))
    if out.evidence is None:
        out = replace(out, evidence=evidence_of(corpus))
    if out.stance is None:
        out = replace(out, stance=stance_of(corpus))
    return out


def _version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def provenance(corpus) -> dict:
    """What produced the numbers: package versions (plus Jinja2, which renders the page), the font,
    sha256 of the articles and of every list and lexicon (the helpers of ``figures/MANIFEST.json``)."""
    from pathlib import Path

    from .. import config
    from ..output import sha256
    from ..provenance import file_hashes as _hashes, package_versions as _versions
    from ..fonts import cjk_font_path

    font = cjk_font_path()
    return {
        "versions": {**_versions(), "jinja2": _version("jinja2")},
        "font": {"name": font.name, "sha256": sha256(font)},
        "articles": {Path(p).name: sha256(p) for p in corpus.articles["path"] if Path(p).is_file()},
        "data": _hashes(config.DATA_DIR),
    }
