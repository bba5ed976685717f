"""The one-command report: every figure and table, from a corpus, into one folder.

``python -m analysis figures [--seeds DIR] [--out DIR]`` calls :func:`make_figures`, which writes

* charts as PNG (screens, reports) and SVG (print), through :func:`analysis.plots.common.save_figure`;
* the CSV table behind every chart (UTF-8, ``\\n`` line ends, no index);
* ``MANIFEST.json``: what produced them (package versions, font, sha256 of every seeds file and of
  every list and lexicon in ``analysis/data/``) and the sha256 of every file written.

Runs are deterministic: the same corpus gives byte-identical files (fixed random states, no
timestamps in image metadata, no absolute paths in the manifest). Files a previous run listed in
its manifest but this run did not write (e.g. the pairwise scatter of an article since removed)
are deleted; nothing else in the folder is touched.

Every chart adapts to any number of articles (two or more); the term scatter compares two
articles, so one is drawn per pair (``term_scatter_1v2``, ``term_scatter_1v3`` … numbered in
article order, the numbers of ``articles.csv``'s ``number`` column).
"""
from __future__ import annotations

import hashlib
import json
import platform
import time
from importlib import metadata
from itertools import combinations
from pathlib import Path

import pandas as pd

from . import config

MANIFEST = "MANIFEST.json"
#: Packages whose versions can change the numbers or the pixels.
PACKAGES = ("analysis", "pandas", "numpy", "jieba", "rjieba", "opencc", "matplotlib", "wordcloud",
            "fonttools", "pyyaml", "pillow")
#: Distinctive terms per article shown in the dispersion plot and the KWIC table.
DISPERSION_TERMS = 4
KWIC_TERMS = 5
TOP = 15


def sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> sha256(f.name)[:12]
    'ba7816bf8f01'
    >>> os.remove(f.name)
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _hashes(folder: Path, *, pattern: str = "*") -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(folder.glob(pattern)) if p.is_file()}


def _csv(frame: pd.DataFrame, path: Path) -> Path:
    frame = frame.copy()
    for col in frame.columns:  # lists/tuples (examples, cues) as their repr: stable text
        if frame[col].dtype == object:
            frame[col] = frame[col].map(lambda v: repr(v) if isinstance(v, (list, tuple)) else v)
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def _distinctive_terms(table: pd.DataFrame, k: int) -> list[str]:
    """The ``k`` highest-z terms of each article, in article order, without repeats."""
    top = (table.sort_values(["log_odds_z", "term"], ascending=[False, True], kind="mergesort")
           .groupby("article", sort=False).head(k))
    order = {a: i for i, a in enumerate(dict.fromkeys(table["article"]))}
    top = top.assign(_o=top["article"].map(order)).sort_values(["_o", "log_odds_z"], ascending=[True, False],
                                                                kind="mergesort")
    return list(dict.fromkeys(top["term"]))


class _Writer:
    """Collects written paths and prints one progress line per step."""

    def __init__(self, out: Path, progress: bool, n_steps: int):
        self.out, self.progress, self.n_steps, self.step = out, progress, n_steps, 0
        self.paths: list[Path] = []
        self.start = time.perf_counter()

    def say(self, what: str) -> None:
        self.step += 1
        if self.progress:
            print(f"[{self.step:2d}/{self.n_steps}] {time.perf_counter() - self.start:5.1f} s  {what}", flush=True)

    def figure(self, fig, name: str) -> None:
        from matplotlib import pyplot as plt

        from .plots.common import save_figure

        self.paths += save_figure(fig, self.out / name)
        plt.close(fig)

    def table(self, frame: pd.DataFrame, name: str) -> None:
        self.paths.append(_csv(frame, self.out / f"{name}.csv"))


def make_figures(corpus, *, out: str | Path = config.FIGURES_DIR, progress: bool = True) -> list[Path]:
    """Write every chart and table for ``corpus`` into ``out``; return the written paths.

    ``corpus`` is a :class:`analysis.load.Corpus` with at least two articles (the comparisons
    need two). See the module docstring for what is written.
    """
    from .companies import co_mentions, company_table, find_mentions
    from .keywords import keyword_table, kwic, term_positions
    from .plots import keywords as kp
    from .plots import stance as sp
    from .report import write_report
    from .stance import score_sentences, stance_table
    from .tokens import tokenize

    if not hasattr(corpus, "articles") or not hasattr(corpus, "sentences"):
        raise ValueError(f"corpus must be a Corpus from load_corpus(), not {type(corpus).__name__}")
    articles = list(corpus.articles["article"])
    if len(articles) < 2:
        raise ValueError(f"need at least two articles to compare, got {len(articles)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    previous = _previous_files(out)
    pairs = list(combinations(range(len(articles)), 2))
    w = _Writer(out, progress, n_steps=11 + len(pairs))

    w.say("articles and cleaning report")
    w.table(corpus.articles.drop(columns=["path"]).assign(number=range(1, len(articles) + 1)), "articles")
    w.table(corpus.report, "cleaning_report")

    w.say("tokens and keyword statistics")
    tokens = tokenize(corpus)
    table = keyword_table(tokens, top=None)
    w.table(table, "keywords")

    w.say("frequency comparison: frequent_terms")
    w.figure(kp.plot_top_terms(table, top=TOP), "frequent_terms")
    w.say("distinctive terms: distinctive_terms")
    w.figure(kp.plot_distinctive(table, top=TOP), "distinctive_terms")
    for i, j in pairs:
        name = f"term_scatter_{i + 1}v{j + 1}"
        w.say(f"term scatter: {name}")
        w.figure(kp.plot_rate_scatter(table, a=articles[i], b=articles[j]), name)
    w.say("word clouds: wordcloud")
    w.figure(kp.plot_wordcloud(table), "wordcloud")

    w.say("dispersion and KWIC of distinctive terms")
    terms = _distinctive_terms(table, DISPERSION_TERMS)
    positions = term_positions(tokens, terms)
    w.table(positions, "dispersion")
    w.figure(kp.plot_dispersion(positions, terms=terms, articles=articles), "dispersion")
    lines = [kwic(corpus, term) for term in _distinctive_terms(table, KWIC_TERMS)]
    w.table(pd.concat(lines, ignore_index=True), "kwic")

    w.say("companies: tables")
    mentions = find_mentions(corpus)
    companies = company_table(corpus)
    w.table(companies, "companies")
    w.table(mentions, "company_mentions")
    w.table(co_mentions(mentions), "company_comentions")
    w.say("companies: companies_by_article, company_heatmap")
    _company_figures(w, companies)

    w.say("stance: tables")
    evidence = score_sentences(corpus)
    stance = stance_table(corpus)
    w.table(stance, "stance")
    w.table(evidence, "stance_evidence")
    w.say("stance: stance_bars, stance_strip")
    labels = dict(zip(corpus.articles["article"], corpus.articles["title"].fillna("")))
    labels = {a: (t or a) for a, t in labels.items()}
    n_sent = corpus.sentences.groupby("article")["sentence"].max().add(1).to_dict()
    w.figure(sp.plot_stance_bars(stance, labels=labels), "stance_bars")
    w.figure(sp.plot_stance_strip(evidence, n_sentences=n_sent, labels=labels), "stance_strip")

    w.paths.append(write_report(corpus, out / "report.html", tokens=tokens, keywords=table, mentions=mentions,
                                companies=companies, evidence=evidence, stance=stance))
    w.say(f"manifest: {MANIFEST}")
    w.paths.append(_write_manifest(corpus, out, w.paths))
    _remove_stale(out, previous, w.paths)
    return w.paths


def _company_figures(w: _Writer, companies: pd.DataFrame) -> None:
    from .plots import companies as cp

    if companies.empty:  # the charts need at least one mention; the (empty) tables are written
        if w.progress:
            print("        no company named in any article: no company charts", flush=True)
        return
    w.figure(cp.plot_company_bars(companies), "companies_by_article")
    w.figure(cp.plot_company_heatmap(companies), "company_heatmap")


def _write_manifest(corpus, out: Path, written: list[Path]) -> Path:
    from .fonts import cjk_font_path

    root = getattr(corpus, "root", None)
    seeds = _hashes(Path(root)) if root is not None and Path(root).is_dir() else {
        Path(p).name: sha256(p) for p in corpus.articles["path"]}
    font = cjk_font_path()
    manifest = {
        "command": "python -m analysis figures",
        "articles": list(corpus.articles["article"]),
        "versions": _versions(),
        "font": {"name": font.name, "sha256": sha256(font)},
        "seeds": seeds,
        "data": _hashes(config.DATA_DIR),
        "files": {p.name: sha256(p) for p in sorted(written, key=lambda p: p.name)},
    }
    path = out / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _remove_stale(out: Path, previous: list[str], written: list[Path]) -> None:
    """Delete files an earlier run listed in its manifest that this run did not write."""
    keep = {p.name for p in written}
    for name in previous:
        if name not in keep and (out / name).is_file():
            (out / name).unlink()


def _previous_files(out: Path) -> list[str]:
    try:
        return list(json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("files", {}))
    except (OSError, ValueError):
        return []

