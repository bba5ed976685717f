"""An interactive report anyone can open: one standalone HTML file (``figures/report.html``).

:func:`write_report` turns a corpus (and the frames already computed from it, if any) into one
HTML page that works offline: no CDN, no server, no network request. Everything is inside the
file: the data as one JSON blob (``<script type="application/json" id="report-data">``), a small
script and style sheet (``analysis/templates/``, rendered with Jinja2) and a subset of the
project's CJK font (only the characters the page uses). Sections:

* **Articles** and the **cleaning report** (per step: counts and before/after examples);
* **Keywords**: a term scatter (inline SVG; hover a point for its term, rates, z and G², click
  it for its concordance lines per article), a sortable distinctive-terms table and a concordance
  search (substring or regular expression, sorted by left or right context, counts per article:
  non-overlapping ``str.count`` on the clean sentence texts);
* **Companies** per article (listed in the gazetteer, and discovered) with their mention sentences;
* **Stance**: targets × articles, each cell with its interval, opening its evidence sentences with
  the drivers highlighted;
* **Provenance**: package versions, the font, sha256 of every article and data file.

Reruns give byte-identical files (sorted keys, rounded floats, no timestamps). The caps in
:class:`Caps` bound the size for large corpora.

The analysis is reached only through :mod:`analysis.report.adapters`; pass the frames you have
(``tokens=``, ``keywords=``, ``mentions=``, ``companies=``, ``candidates=``, ``evidence=``,
``stance=``) and the rest is computed.
"""
from __future__ import annotations

from pathlib import Path

from .adapters import Frames, compute_frames, provenance
from .payload import (Caps, articles_section, candidates_section, cleaning_section, companies_section,
                      company_info, contexts_section, keywords_section, make_index, sentences_section,
                      stance_section)

__all__ = ["Caps", "report_data", "render_report", "write_report"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PAGE_TITLE = "文本比较报告 · Text comparison report"


def _check_corpus(corpus) -> None:
    if not all(hasattr(corpus, a) for a in ("articles", "sentences", "report")):
        raise ValueError(f"corpus must be a Corpus from load_corpus(), not {type(corpus).__name__}")


def report_data(corpus, *, frames: Frames | None = None, caps: Caps | None = None) -> dict:
    """Everything the page shows, as JSON-ready dicts and lists (see :mod:`analysis.report.payload`).

    Parameters
    ----------
    corpus : analysis.load.Corpus
    frames : Frames, optional
        Frames already computed; the missing ones are computed from ``corpus``.
    caps : Caps, optional
        Size bounds (default :class:`Caps()`).

    Returns
    -------
    dict
        ``articles, sentences, cleaning, keywords, contexts, companies, company_info, candidates,
        stance, provenance, caps``.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.load import Corpus
    >>> empty = Corpus(articles=pd.DataFrame(columns=["article", "path"]),
    ...                paragraphs=pd.DataFrame(), sentences=pd.DataFrame(columns=["article", "paragraph",
    ...                "sentence", "kind", "text"]), report=pd.DataFrame(columns=["article", "step", "n_changes",
    ...                "chars_removed", "chars_added", "examples"]))
    >>> report_data(empty)["articles"]
    []
    """
    _check_corpus(corpus)
    caps = caps or Caps()
    if not isinstance(caps, Caps):
        raise ValueError(f"caps must be a Caps, not {type(caps).__name__}")
    frames = compute_frames(corpus, frames or Frames())
    index = make_index(corpus, caps)
    keywords = keywords_section(frames.keywords, index, caps)
    return {
        "articles": [dict(row, embedded=row["article"] in index.embedded) for row in articles_section(corpus)],
        "sentences": sentences_section(corpus, index),
        "cleaning": cleaning_section(corpus, index, caps),
        "keywords": keywords,
        "contexts": contexts_section(frames.tokens, keywords, index, caps),
        "companies": companies_section(frames.companies, frames.mentions, index, caps),
        "company_info": company_info(frames.companies),
        "candidates": candidates_section(frames.candidates, index, caps),
        "stance": stance_section(frames.stance, frames.evidence, corpus, index, caps),
        "provenance": provenance(corpus),
        "caps": {k: getattr(caps, k) for k in sorted(Caps.__dataclass_fields__)},
    }


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def _asset(name: str) -> str:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{TEMPLATES / name}: must not contain a closing </script> or </style> tag")
    return text


def render_report(data: dict, *, embed_font: bool = True) -> str:
    """The HTML page for ``data`` (from :func:`report_data`).

    With ``embed_font`` the page carries a subset of the project's CJK font holding every
    character it uses (about 300 KB for the seeds); without, it names the system fonts only.
    """
    from markupsafe import Markup

    from .embed import font_face_css, font_stack, script_json

    template = _environment().get_template("report.html.j2")
    context = {"title": PAGE_TITLE, "css": Markup(_asset("report.css")), "js": Markup(_asset("report.js")),
               "data_json": Markup(script_json(data)), "font_stack": Markup(font_stack(embedded=embed_font))}
    page = template.render(font_css=Markup(""), **context)
    if not embed_font:
        return page
    return template.render(font_css=Markup(font_face_css(page)), **context)


def write_report(corpus, path: str | Path, *, caps: Caps | None = None, embed_font: bool = True,
                 **frames) -> Path:
    """Write the interactive report of ``corpus`` to ``path`` (one HTML file); return the path.

    Parameters
    ----------
    corpus : analysis.load.Corpus
    path : str or Path
        Where to write (its folder is created).
    caps : Caps, optional
        Size bounds (see :class:`Caps`).
    embed_font : bool
        Embed a subset of the CJK font (default) or rely on system fonts.
    **frames
        Frames already computed (``tokens``, ``keywords``, ``mentions``, ``companies``,
        ``candidates``, ``evidence``, ``stance``); the others are computed.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> from analysis import load_corpus
    >>> out = write_report(load_corpus(), os.path.join(tempfile.mkdtemp(), "report.html"))
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    unknown = sorted(set(frames) - set(Frames.__dataclass_fields__))
    if unknown:
        raise ValueError(f"unknown frames {unknown}; expected some of {sorted(Frames.__dataclass_fields__)}")
    path = Path(path)
    page = render_report(report_data(corpus, frames=Frames(**frames), caps=caps), embed_font=embed_font)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(page.encode("utf-8"))
    return path
