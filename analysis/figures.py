"""The one-command report: every figure and table, from a corpus, into one folder.

``python -m analysis figures [--seeds DIR] [--out DIR]`` calls :func:`make_figures`, which writes

* charts as PNG (screens, reports) and SVG (print), through :func:`analysis.plots.common.save_figure`,
  drawn by worker processes while this one goes on, and kept in the disk cache for reruns
  (:mod:`analysis.render`; the same bytes as drawn one after another);
* the CSV table behind every chart (UTF-8, ``\\n`` line ends, no index);
* ``MANIFEST.json``: what produced them (package versions, font, sha256 of every seeds file and of
  every list and lexicon in ``analysis/data/``) and the sha256 of every file written.

Runs are deterministic: the same corpus gives byte-identical files (fixed random states, no
timestamps in image metadata, no absolute paths in the manifest). Writing is safe
(:mod:`analysis.output`): files are staged and moved in together under a lock, CSV cells that a
spreadsheet would run as formulas are neutralised, the output folder may not be the articles
folder, and only files an earlier run of this program wrote (its own manifest, unchanged
since) are removed when this run no longer writes them; nothing else in the folder is touched.

Every chart adapts to any number of articles (one or more); the term scatter compares two
articles, so one is drawn per pair (``term_scatter_1v2``, ``term_scatter_1v3`` … numbered in
article order, the numbers of ``articles.csv``'s ``number`` column) up to :data:`MAX_PAIRWISE`
articles, or for the one pair asked for with ``compare``.
"""
from __future__ import annotations

import time
from itertools import combinations
from pathlib import Path

import pandas as pd

from . import config
from .output import MANIFEST, OutputFolder, check_out_folder, sha256, write_csv
from .provenance import file_hashes, package_versions

__all__ = ["make_figures", "sha256", "MANIFEST"]
#: Distinctive terms per article shown in the dispersion plot and the KWIC table.
DISPERSION_TERMS = 4
KWIC_TERMS = 5
#: Lines per term and article in kwic.csv (the first in text order; very long texts would give millions).
KWIC_LINES = 200
TOP = 15
#: Up to this many articles every pair gets a term scatter; past it none (C(n, 2) grows fast).
MAX_PAIRWISE = 5
#: Charts with a panel, row or column per article show at most this many (the first, in article
#: order); the CSV tables always hold every article.
MAX_CHART_ARTICLES = 12


def _seed_hashes(corpus) -> dict[str, str]:
    """sha256 of the articles read and of the folder's manifest.csv (never of other files there)."""
    listed = corpus.articles["paths"] if "paths" in corpus.articles else corpus.articles["path"].map(lambda p: [p])
    paths = [Path(p) for group in listed for p in group]  # a grouped corpus lists every file of a group
    root = getattr(corpus, "root", None)
    if root is not None and (Path(root) / config.MANIFEST_NAME).is_file():
        paths.append(Path(root) / config.MANIFEST_NAME)
    return {p.name: sha256(p) for p in sorted(paths, key=lambda p: p.name)}


def _distinctive_terms(table: pd.DataFrame, k: int) -> list[str]:
    """The ``k`` highest-z terms of each article, in article order, without repeats."""
    top = (table.sort_values(["log_odds_z", "term"], ascending=[False, True], kind="mergesort")
           .groupby("article", sort=False).head(k))
    order = {a: i for i, a in enumerate(dict.fromkeys(table["article"]))}
    top = top.assign(_o=top["article"].map(order)).sort_values(["_o", "log_odds_z"], ascending=[True, False],
                                                                kind="mergesort")
    return list(dict.fromkeys(top["term"]))


class _Writer:
    """Writes tables, hands charts to the renderer, prints one progress line per step."""

    def __init__(self, out: Path, progress: bool, n_steps: int, renderer):
        self.out, self.progress, self.n_steps, self.step = out, progress, n_steps, 0
        self.renderer = renderer
        self.paths: list[Path] = []
        self.start = time.perf_counter()

    def say(self, what: str) -> None:
        self.step += 1
        if self.progress:
            print(f"[{self.step:2d}/{self.n_steps}] {time.perf_counter() - self.start:5.1f} s  {what}", flush=True)

    def note(self, what: str) -> None:
        """A progress line that is not a step (no number)."""
        if self.progress:
            print(f"        {time.perf_counter() - self.start:5.1f} s  {what}", flush=True)

    def figure(self, name: str, plot, **kwargs) -> None:
        """``plot(**kwargs)`` saved as ``name``.png and .svg, drawn by a worker process while the
        main one goes on (:class:`analysis.render.Renderer`)."""
        self.renderer.submit(name, plot, **kwargs)

    def table(self, frame: pd.DataFrame, name: str) -> None:
        self.paths.append(write_csv(frame, self.out / f"{name}.csv"))


def _pairs(articles: list[str], compare: tuple[str, str] | None) -> list[tuple[int, int]]:
    """Article index pairs for the term scatter: every pair up to :data:`MAX_PAIRWISE`, else none.

    ``compare`` names one pair (article ids or labels' ids) and overrides the rule.

    >>> _pairs(["a", "b", "c"], None)
    [(0, 1), (0, 2), (1, 2)]
    >>> _pairs([str(i) for i in range(9)], None), _pairs(["a", "b", "c"], ("c", "a"))
    ([], [(2, 0)])
    """
    if compare is not None:
        missing = [a for a in compare if a not in articles]
        if missing or len(compare) != 2 or compare[0] == compare[1]:
            raise ValueError(f"compare needs two different article ids from {articles[:5]}…, got {list(compare)}")
        return [(articles.index(compare[0]), articles.index(compare[1]))]
    if len(articles) > MAX_PAIRWISE:
        return []
    return list(combinations(range(len(articles)), 2))


def make_figures(corpus, *, out: str | Path = config.FIGURES_DIR, progress: bool = True,
                 compare: tuple[str, str] | None = None, targets: pd.DataFrame | None = None,
                 gazetteer=None, provenance: dict | None = None, workers: int = 1,
                 render_workers: int | None = None) -> list[Path]:
    """Write every chart and table for ``corpus`` into ``out``; return the written paths.

    Parameters
    ----------
    corpus : Corpus
        From :func:`analysis.load.load_corpus`, one article or more; comparisons (the term
        scatter) need two and say so in one line otherwise.
    out : path
        Output folder; created if missing; refused if it is, or lies inside, the articles folder.
        Files are staged and moved in together (see :mod:`analysis.output`).
    progress : bool
        Print one line per step.
    compare : (str, str), optional
        Draw the term scatter for this pair of article ids only. Without it every pair is
        drawn up to :data:`MAX_PAIRWISE` articles, and none past that.
    targets, gazetteer : optional
        Stance targets and company gazetteer (see :class:`analysis.pipeline.Analysis`).
    workers : int
        Processes that segment, find companies and score stance (:class:`analysis.pipeline.Analysis`).
    provenance : dict, optional
        ``command`` (the command line as typed) and ``inputs`` (role -> list of the user's own
        files: targets, gazetteer, lexicon), recorded in ``MANIFEST.json`` with each file's sha256.
    render_workers : int, optional
        Processes drawing the charts while this one computes the next frames and writes the tables
        and the report (default :func:`analysis.render.default_workers`: the cores but one, at most
        2, on Linux; 0 draws them here, one after another). The files are the same bytes either way.

    Returns
    -------
    list of Path
        The files written, ``MANIFEST.json`` last.
    """
    from .pipeline import Analysis
    from .render import Renderer

    analysis = Analysis(corpus, targets=targets, gazetteer=gazetteer, workers=workers)
    articles = analysis.articles
    if not articles:
        raise ValueError("the corpus has no articles")
    pairs = _pairs(articles, compare)
    out = check_out_folder(out, seeds=getattr(corpus, "root", None))
    with OutputFolder(out) as folder:
        # the renderer's workers are stopped before the staging folder goes (an error, Ctrl-C)
        with Renderer(folder.staging, workers=render_workers) as renderer:
            w = _Writer(folder.staging, progress, n_steps=12 + len(pairs), renderer=renderer)
            _write_all(w, analysis, pairs)
            w.say(f"manifest: {MANIFEST}")
            manifest = _manifest(corpus, provenance or {})
            waiting = renderer.waiting  # a first run draws the charts in a worker: say what the wait is
            if waiting:
                w.note(f"waiting for {waiting} chart(s) still being drawn")
            renderer.finish()
            if waiting:
                w.note("all charts drawn")
        return folder.commit(manifest)


def _write_all(w: "_Writer", analysis, pairs: list[tuple[int, int]]) -> None:
    from .companies import co_mentions
    from .plots import keywords as kp
    from .plots.common import article_labels, with_label
    from .report import write_report

    corpus, articles = analysis.corpus, analysis.articles
    labels = article_labels(corpus)  # short, unique titles for charts; CSVs get the full ones
    shown = _charted(articles, w.progress)
    w.say("articles and cleaning report")
    w.table(with_label(corpus.articles.drop(columns=["path"]).assign(number=range(1, len(articles) + 1)), corpus),
            "articles")  # the label every other table uses: a repeated title gets its number
    w.table(with_label(corpus.report, corpus), "cleaning_report")

    w.say("tokens and keyword statistics")
    tokens, table = analysis.tokens, analysis.keywords
    w.table(with_label(table, corpus), "keywords")

    w.say("frequency comparison: frequent_terms")
    w.figure("frequent_terms", kp.plot_top_terms, table=shown(table), top=TOP, labels=labels)
    w.say("distinctive terms: distinctive_terms")
    w.figure("distinctive_terms", kp.plot_distinctive, table=shown(table), top=TOP, labels=labels)
    if not pairs and w.progress:
        print(f"        term scatter: {_no_pairs_reason(len(articles))}", flush=True)
    for i, j in pairs:
        name = f"term_scatter_{i + 1}v{j + 1}"
        w.say(f"term scatter: {name}")
        w.figure(name, kp.plot_rate_scatter, table=table, a=articles[i], b=articles[j], labels=labels)
    w.say("word clouds: wordcloud")
    w.figure("wordcloud", kp.plot_wordcloud, table=shown(table), labels=labels)

    w.say("dispersion and KWIC of distinctive terms")
    _dispersion_and_kwic(w, analysis, shown, labels)

    w.say("companies: tables")
    mentions, companies = analysis.mentions, analysis.companies
    w.table(with_label(companies, corpus), "companies")
    w.table(with_label(mentions, corpus), "company_mentions")
    w.table(co_mentions(mentions), "company_comentions")
    w.say("companies: companies_by_article, company_heatmap")
    sizes = dict(zip(corpus.articles["article"], corpus.articles["n_chars_clean"]))
    _company_figures(w, shown(companies), labels=labels, sizes=sizes)

    w.say("stance: tables")
    evidence, stance = analysis.evidence, analysis.stance
    w.table(with_label(stance, corpus, column="title"), "stance")
    w.table(with_label(evidence, corpus, column="title"), "stance_evidence")
    w.say("stance: stance_bars, stance_strip")
    _stance_figures(w, analysis, shown, labels)

    _trend_figures(w, analysis)

    w.say("interactive report: report.html")
    w.paths.append(write_report(corpus, w.out / "report.html", tokens=tokens, keywords=table, mentions=mentions,
                                companies=companies, candidates=analysis.candidates, evidence=evidence,
                                stance=stance))


#: Trend charts need dated articles in at least this many periods.
MIN_PERIODS = 3
TREND_TERMS = 5


def _trend_figures(w: "_Writer", analysis) -> None:
    """Term rates and stance per month (else per year) when the articles' dates span
    :data:`MIN_PERIODS` periods or more; nothing otherwise (most corpora have no dates)."""
    from .plots.trends import plot_trend
    from .trends import periods, stance_trend, term_trend

    arts = analysis.corpus.articles
    by = next((b for b in ("date:month", "date:year") if periods(arts, by=b).nunique() >= MIN_PERIODS), None)
    if by is None:
        return
    w.say(f"trends over time ({by.split(':')[1]}): term_trends, stance_trends")
    totals = analysis.keywords.groupby("term", sort=False)["n"].sum().sort_values(ascending=False, kind="mergesort")
    terms = term_trend(analysis.tokens, arts, list(totals.index[:TREND_TERMS]), by=by)
    w.table(terms, "term_trends")
    w.figure("term_trends", plot_trend, frame=terms, value="rate", series="term", count="n")
    stance = stance_trend(analysis.stance, arts, by=by)
    w.table(stance, "stance_trends")
    if len(stance):
        w.figure("stance_trends", plot_trend, frame=stance, value="score", series="target", count="n_sentences")


def _stance_figures(w: "_Writer", analysis, shown, labels) -> None:
    """The stance charts; one line instead when no article names any target."""
    from .plots import stance as sp

    if not len(analysis.evidence):
        if w.progress:
            print("        no article names a stance target: no stance charts "
                  "(give your own targets with --targets FILE.csv)", flush=True)
        return
    n_sent = analysis.corpus.sentences.groupby("article")["sentence"].max().add(1).to_dict()
    w.figure("stance_bars", sp.plot_stance_bars, table=shown(analysis.stance), labels=labels)
    w.figure("stance_strip", sp.plot_stance_strip, evidence=shown(analysis.evidence), n_sentences=n_sent,
             labels=labels)


def _dispersion_and_kwic(w: "_Writer", analysis, shown, labels) -> None:
    """The dispersion chart and table and the KWIC table of the distinctive terms (words seen at
    least twice, as the distinctive-terms chart); one line instead when there is none."""
    from .keywords import kwic, term_positions
    from .plots import keywords as kp
    from .plots.common import with_label

    table, corpus = analysis.keywords, analysis.corpus
    terms = _distinctive_terms(shown(table[table["n"] >= 2]), DISPERSION_TERMS)
    if not terms:
        if w.progress:
            print("        no term is used twice: no dispersion chart and no KWIC table", flush=True)
        return
    positions = term_positions(analysis.tokens, terms)
    w.table(with_label(positions, corpus), "dispersion")
    w.figure("dispersion", kp.plot_dispersion, positions=_thin(shown(positions)), terms=terms,
             articles=analysis.articles[:MAX_CHART_ARTICLES], labels=labels)
    lines = [kwic(corpus, term, limit=KWIC_LINES) for term in _distinctive_terms(shown(table), KWIC_TERMS)]
    w.table(with_label(pd.concat(lines, ignore_index=True), corpus), "kwic")


def _thin(positions: pd.DataFrame, *, most: int = 2000) -> pd.DataFrame:
    """At most ``most`` evenly spaced rows per article and term (a chart of a very long text
    cannot show more marks than it has pixels); the CSV keeps every position.

    >>> len(_thin(pd.DataFrame({"article": ["a"] * 5000, "term": ["x"] * 5000}), most=100))
    100
    """
    rank = positions.groupby(["article", "term"], sort=False).cumcount()
    size = positions.groupby(["article", "term"], sort=False)["term"].transform("size")
    step = (size // most).clip(lower=1) + (size % most > 0) * (size > most)
    return positions[(rank % step == 0)]


def _charted(articles: list[str], progress: bool):
    """A filter keeping the rows of the first :data:`MAX_CHART_ARTICLES` articles (all, if fewer)."""
    if len(articles) <= MAX_CHART_ARTICLES:
        return lambda frame: frame
    if progress:
        print(f"        {len(articles)} articles: charts show the first {MAX_CHART_ARTICLES}; "
              "the CSV tables hold all of them", flush=True)
    keep = set(articles[:MAX_CHART_ARTICLES])
    return lambda frame: frame[frame["article"].isin(keep)]


def _no_pairs_reason(n: int) -> str:
    if n < 2:
        return "needs two articles to compare; one was given"
    return f"{n} articles: pairwise charts skipped (more than {MAX_PAIRWISE}); use --compare A B for one pair"


def _company_figures(w: _Writer, companies: pd.DataFrame, *, labels, sizes) -> None:
    from .plots import companies as cp

    if companies.empty:  # the charts need at least one mention; the (empty) tables are written
        if w.progress:
            print("        no company named in any article: no company charts", flush=True)
        return
    w.figure("companies_by_article", cp.plot_company_bars, table=companies, labels=labels, sizes=sizes)
    w.figure("company_heatmap", cp.plot_company_heatmap, table=companies, labels=labels)


def _manifest(corpus, provenance: dict) -> dict:
    """What produced the files: command, articles, versions, font, seeds', data files' and the
    user's own files' sha256."""
    from .fonts import cjk_font_path

    font = cjk_font_path()
    inputs = {role: {Path(p).name: sha256(p) for p in paths}
              for role, paths in sorted((provenance.get("inputs") or {}).items()) if paths}
    return {
        "command": provenance.get("command", "python -m analysis figures"),
        **({"inputs": inputs} if inputs else {}),
        "articles": list(corpus.articles["article"]),
        "versions": package_versions(),
        "font": {"name": font.name, "sha256": sha256(font)},
        "seeds": _seed_hashes(corpus),
        "data": file_hashes(config.DATA_DIR),
    }
