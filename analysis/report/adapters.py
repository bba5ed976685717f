"""The one place where the report meets the analysis: the columns it reads from each frame
(:data:`NEEDS`), and :func:`compute_frames`, which fills in whatever frame the caller did not
pass with :class:`analysis.pipeline.Analysis` (``make_figures`` passes the frames it has already
computed, so nothing is computed twice).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from ..frames import require_columns

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


def check_frames(frames: Frames) -> None:
    """Raise ValueError naming the frame and the columns it lacks."""
    for f in fields(frames):
        frame = getattr(frames, f.name)
        if frame is not None:
            require_columns(frame, NEEDS[f.name], name=f"{f.name} frame")


def compute_frames(corpus, given: Frames) -> Frames:
    """``given`` with every missing frame computed from ``corpus`` by an
    :class:`~analysis.pipeline.Analysis`, seeded with the given ones (so a missing frame is
    derived from those the caller passed, and nothing is computed twice)."""
    from ..pipeline import Analysis

    check_frames(given)
    analysis = Analysis(corpus)
    for f in fields(given):
        if getattr(given, f.name) is not None:
            analysis.__dict__[f.name] = getattr(given, f.name)  # the cached_property's slot
    return Frames(**{f.name: getattr(analysis, f.name) for f in fields(given)})


def provenance(corpus) -> dict:
    """What produced the numbers: package versions (plus Jinja2, which renders the page), the font,
    sha256 of the articles and of every list and lexicon (the helpers of ``figures/MANIFEST.json``)."""
    from pathlib import Path

    from .. import config
    from ..output import sha256
    from ..provenance import PACKAGES, file_hashes as _hashes, package_versions as _versions
    from ..fonts import cjk_font_path

    font = cjk_font_path()
    return {
        "versions": _versions((*PACKAGES, "jinja2")),
        "font": {"name": font.name, "sha256": sha256(font)},
        "articles": {Path(p).name: sha256(p) for p in corpus.articles["path"] if Path(p).is_file()},
        "data": _hashes(config.DATA_DIR),
    }
