"""Command line: python -m analysis {clean,keywords,kwic,companies,stance,figures} ...

A thin front on the package's functions. Bad input is reported as one line naming the
file and the reason, with exit status 2; warnings as one "warning:" line each; never a
traceback (set ANALYSIS_DEBUG=1 to see one).
"""
from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

from . import config
from .errors import CorpusError

#: Terminal tables: width in columns, and the widest a text cell is shown (``--wide``: no limits).
TABLE_WIDTH, CELL_WIDTH = 100, 24
#: Upper bound of --workers (more processes than this only add start-up time).
MAX_WORKERS = 64


def _bounded_int(text: str, *, low: int, high: int) -> int:
    if not text.strip().lstrip("+").isdigit() or not low <= int(text) <= high:
        raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}, not {text!r}")
    return int(text)


def _positive_int(text: str) -> int:
    return _bounded_int(text, low=1, high=MAX_WORKERS)


def _count(text: str) -> int:
    return _bounded_int(text, low=0, high=10**6)


def _article_file(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in config.ARTICLE_SUFFIXES:
        raise argparse.ArgumentTypeError(f"{text}: not an article (expected {' or '.join(config.ARTICLE_SUFFIXES)})")
    return path


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seeds", type=Path, default=config.SEEDS_DIR,
                   help="folder of articles (.txt/.md); default: the project's seeds/")
    p.add_argument("--skip-bad", action="store_true",
                   help="skip files that cannot be read, with a warning, instead of stopping")
    p.add_argument("--workers", type=_positive_int, default=1,
                   help=f"processes that read, clean, segment and score the articles, 1 to {MAX_WORKERS} (same result)")
    p.add_argument("--engine", choices=("pandas", "dask"), default="pandas", metavar="ENGINE",
                   help='pandas, or dask to read and clean on Dask (pip install -e ".[scale]"; same result)')
    p.add_argument("--scheduler", default=None, metavar="ADDR",
                   help="Dask scheduler address (tcp://host:8786); default: a local cluster of 2 processes")


def _add_table_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--csv", action="store_true", help="print CSV instead of an aligned table")
    p.add_argument("--wide", action="store_true",
                   help=f"print every column and whole texts (default: fit {TABLE_WIDTH} columns)")


def _add_stance_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--targets", type=Path, help="your targets, a target,alias CSV (replaces the defaults)")
    p.add_argument("--with-default-targets", action="store_true", help="keep the six default targets too")
    p.add_argument("--lexicon", type=Path, help="your own lexicon, a word,value CSV")
    p.add_argument("--profile", choices=["general", "ai_essays"],
                   help="lexicon profile (default: ai_essays for the default targets, else general)")
    p.add_argument("--unit", choices=["post", "essay"],
                   help="post: a label from one sentence; essay: two and a bootstrap interval "
                        "(default: post when the median document has at most 5 sentences)")
    p.add_argument("--train", type=Path,
                   help="coded CSV (text,target,label): label with a classifier trained on it instead")
    p.add_argument("--pooled", action="store_true", help="with --train: one model for all targets")


def _build_parser() -> argparse.ArgumentParser:
    fmt = argparse.ArgumentDefaultsHelpFormatter
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n\n")[1],
                                     formatter_class=fmt)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_SubParser)

    p = sub.add_parser("clean", help="print the clean, Simplified body text of one article")
    p.add_argument("path", type=_article_file, help="an article file (.txt or .md)")
    p.add_argument("--report", action="store_true", help="print the cleaning report instead")
    _add_table_options(p)

    p = sub.add_parser("keywords", help="per article and term: count, rate, log-odds z, G2, p")
    _add_corpus_options(p)
    _add_table_options(p)
    p.add_argument("--top", type=_count, default=20, help="terms per article (by log-odds z); 0 = all")

    p = sub.add_parser("companies", help="companies named per article")
    _add_corpus_options(p)
    _add_table_options(p)
    p.add_argument("--gazetteer", type=Path, action="append", metavar="FILE",
                   help="your own gazetteer YAML (repeatable; see analysis/data/README.md, Companies)")
    p.add_argument("--no-ner", action="store_true", help="gazetteer names only (no NER-found companies)")
    p.add_argument("--discover", action="store_true", help="print the review queue of candidate names instead")

    p = sub.add_parser("stance", help="stance of each article toward each target")
    _add_corpus_options(p)
    _add_table_options(p)
    _add_stance_options(p)

    p = sub.add_parser("kwic", help="every occurrence of a word or phrase, in context (characters, not tokens)")
    p.add_argument("query", help="what to find: characters (default), a token (--mode token) or a regex")
    _add_corpus_options(p)
    _add_table_options(p)
    p.add_argument("--mode", choices=["substring", "token", "regex"], default="substring",
                   help="substring: any occurrence in the clean text; token: whole tokens; regex: a pattern")
    p.add_argument("--sort", choices=["left", "right"], default=None,
                   help="sort by the context left or right of the keyword; none: text order")
    p.add_argument("--window", type=_count, default=None,
                   help="context each side; none: 20 characters, 8 tokens in token mode")
    p.add_argument("--counts", action="store_true", help="occurrences per article instead of the lines")

    p = sub.add_parser("figures", help="regenerate every figure and table")
    _add_corpus_options(p)
    p.add_argument("--out", type=Path, default=config.FIGURES_DIR, help="output folder (default: figures/)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"), default=None,
                   help="draw the term scatter for this pair of article ids only")
    p.add_argument("--targets", type=Path, help="stance targets, a target,alias CSV (replaces the defaults)")
    p.add_argument("--with-default-targets", action="store_true", help="keep the six default targets too")
    p.add_argument("--gazetteer", type=Path, action="append", metavar="FILE",
                   help="your own company gazetteer YAML for the company tables and charts (repeatable)")
    p.add_argument("--group-by", metavar="FIELD",
                   help="compare groups of articles, not articles: a manifest/front-matter field "
                        "(source, author, series …) or date:year / date:month")
    return parser


class _SubParser(argparse.ArgumentParser):
    """Subcommand parsers: defaults shown in --help."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.ArgumentDefaultsHelpFormatter)
        super().__init__(*args, **kwargs)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse ``argv``; an unknown flag is reported with the subcommand's own usage."""
    parser = _build_parser()
    args, extra = parser.parse_known_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if extra:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"warning: {message}", file=sys.stderr if file is None else file)


def _label_width(args) -> int | None:
    """Titles in a terminal table: cut to a cell, a repeated title keeping its number (``[3]``);
    whole in ``--csv`` and ``--wide`` output."""
    return None if args.csv or args.wide else CELL_WIDTH


def _print_table(df, as_csv: bool, *, wide: bool = False) -> None:
    """Print ``df`` as CSV, or as an aligned table that fits :data:`TABLE_WIDTH` columns (long
    text cut with …, columns wrapped in blocks; ``wide``: everything, unwrapped)."""
    import pandas as pd

    if as_csv:  # the one CSV writer's cells: formulas neutralised (analysis.output)
        from .output import csv_ready

        csv_ready(df).to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    if df.empty:
        print(f"(no rows; columns: {', '.join(map(str, df.columns))})")
        return
    if not wide:
        from .plots.common import shorten

        df = df.copy()
        for col in df.columns:
            if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
                df[col] = df[col].map(lambda v: shorten(repr(v) if isinstance(v, (list, tuple)) else v, CELL_WIDTH)
                                      if isinstance(v, (str, list, tuple)) else v)
    with pd.option_context("display.max_rows", None, "display.max_columns", None,
                           "display.width", 10**6 if wide else TABLE_WIDTH, "display.max_colwidth", None,
                           "display.expand_frame_repr", not wide, "display.unicode.east_asian_width", True):
        print(df.to_string(index=False) if wide else df.to_string(index=False, line_width=TABLE_WIDTH))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input, 130 interrupted)."""
    args = _parse(argv)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            return _run(args)
    except BrokenPipeError:  # e.g. `... | head`
        return 0
    except KeyboardInterrupt:
        print("interrupted: nothing was changed in the output folder", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 — the one place that turns errors into a line
        if os.environ.get("ANALYSIS_DEBUG"):
            raise
        print(f"error: {_describe(exc)}", file=sys.stderr)
        return 2


def _describe(exc: BaseException) -> str:
    """One line for an exception: the file and the reason where known."""
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    if isinstance(exc, (CorpusError, ValueError, OSError)):
        return " ".join(str(exc).split())
    return f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())} (rerun with ANALYSIS_DEBUG=1 and report it)"


def _corpus(args):
    from .load import load_corpus

    if args.seeds.exists() and not args.seeds.is_dir():
        raise CorpusError(args.seeds, "not a folder (--seeds takes the folder that holds the articles)")
    if args.scheduler and args.engine != "dask":
        raise ValueError("--scheduler needs --engine dask")
    return load_corpus(args.seeds, errors="warn" if args.skip_bad else "raise", workers=args.workers,
                       engine=args.engine, scheduler=args.scheduler)


def _figures(args) -> int:
    """``figures``: targets, gazetteer and grouping from the options, then every chart and table."""
    from .figures import make_figures
    from .stance import load_targets
    from .tokens import verify_in_background

    targets = (load_targets(args.targets, include_defaults=args.with_default_targets)
               if args.targets is not None else None)
    if args.gazetteer:  # the default for this process, so the report's discovery uses it too
        from .companies import use_gazetteer

        use_gazetteer(extra=args.gazetteer)
    verify_in_background()  # the rjieba check runs on the other core while the articles load
    corpus = _corpus(args)
    if args.group_by:
        from .groups import group_corpus

        corpus = group_corpus(corpus, by=args.group_by)
    provenance = {"command": " ".join(["python -m analysis", *map(str, args.argv)]),
                  "inputs": {"targets": [args.targets] if args.targets else [], "gazetteer": args.gazetteer or []}}
    make_figures(corpus, out=args.out, progress=not args.quiet, targets=targets, provenance=provenance,
                 compare=tuple(args.compare) if args.compare else None, workers=args.workers)
    return 0


def _report_examples(report):
    """The cleaning report with its first example per step as ``before → after`` text."""
    def first(examples) -> str:
        if not isinstance(examples, (list, tuple)) or not examples:
            return ""
        before, after = examples[0]
        return f"{before} → {after}" if after else f"{before} → (removed)"

    return report.assign(examples=report["examples"].map(first)).rename(columns={"examples": "example"})


def _run(args) -> int:
    if args.command == "clean":
        from .load import load_article

        corpus = load_article(args.path)
        if args.report:
            _print_table(_report_examples(corpus.report) if not args.csv else corpus.report, args.csv,
                         wide=args.wide)
        else:
            sys.stdout.write(corpus.body_text(corpus.articles["article"].iloc[0]) + "\n")
        return 0
    if args.command == "keywords":
        from .keywords import keyword_table
        from .plots.common import with_label

        corpus = _corpus(args)
        _print_table(with_label(keyword_table(corpus, top=args.top or None), corpus, width=_label_width(args)),
                     args.csv, wide=args.wide)
        return 0
    if args.command == "companies":
        from .companies import company_table, discover_candidates, load_gazetteer

        g = load_gazetteer(extra=args.gazetteer) if args.gazetteer else None
        corpus = _corpus(args)
        from .plots.common import with_label

        table = (discover_candidates(corpus, gazetteer=g) if args.discover
                 else with_label(company_table(corpus, gazetteer=g, ner=not args.no_ner), corpus, width=_label_width(args)))
        _print_table(table, args.csv, wide=args.wide)
        return 0
    if args.command == "stance":
        from .plots.common import labels_for
        from .stance.cli import run_stance

        corpus = _corpus(args)
        table = run_stance(corpus, args)
        # the article's title beside its id ("label" is the stance here)
        table.insert(1, "title", table["id"].astype(str).map(labels_for(list(table["id"]), corpus, width=_label_width(args))))
        _print_table(table, args.csv, wide=args.wide)
        return 0
    if args.command == "kwic":
        return _kwic(args)
    if args.command == "figures":
        return _figures(args)
    raise AssertionError(args.command)  # argparse guarantees one of the above


def _kwic(args) -> int:
    from .display import kwic_text
    from .keywords import KWIC_WINDOW, kwic, kwic_counts
    from .plots.common import with_label

    corpus = _corpus(args)
    if args.counts:
        _print_table(kwic_counts(corpus, args.query, mode=args.mode), args.csv, wide=args.wide)
        return 0
    lines = kwic(corpus, args.query, mode=args.mode, sort=args.sort, window=args.window)
    if args.csv:
        _print_table(with_label(lines, corpus), True)
    elif len(lines):
        window = KWIC_WINDOW[args.mode] if args.window is None else args.window
        print(kwic_text(lines, labels=corpus, width=min(window, 40) if args.mode != "token" else 20))
    per = lines.groupby("article").size()
    print(f"{len(lines)} occurrence(s) of {args.query!r} in {per.size} of {len(corpus.articles)} article(s)",
          file=sys.stderr)
    return 0
