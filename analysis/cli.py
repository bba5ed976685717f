"""Command line: ``python -m analysis {clean,keywords,companies,stance,figures} ...``.

A thin front on the package's functions. Bad input is reported as one line naming the
file and the reason, with exit status 2; never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config
from .errors import CorpusError


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {text!r}")
    return int(text)


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seeds", type=Path, default=config.SEEDS_DIR,
                   help="folder of articles (.txt/.md); default: the project's seeds/")
    p.add_argument("--skip-bad", action="store_true",
                   help="skip files that cannot be read, with a warning, instead of stopping")
    p.add_argument("--workers", type=_positive_int, default=1,
                   help="processes that read and clean the articles (default 1; same result)")


def _add_table_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--csv", action="store_true", help="print CSV instead of an aligned table")


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("clean", help="print the clean, Simplified body text of one article")
    p.add_argument("path", type=Path, help="an article file (.txt or .md)")
    p.add_argument("--report", action="store_true", help="print the cleaning report instead")
    _add_table_options(p)

    p = sub.add_parser("keywords", help="per article and term: count, rate, log-odds z, G2, p")
    _add_corpus_options(p)
    _add_table_options(p)
    p.add_argument("--top", type=int, default=20, help="terms per article (by log-odds z); 0 = all")

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

    p = sub.add_parser("figures", help="regenerate every figure and table")
    _add_corpus_options(p)
    p.add_argument("--out", type=Path, default=config.FIGURES_DIR, help="output folder (default: figures/)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--gazetteer", type=Path, action="append", metavar="FILE",
                   help="your own company gazetteer YAML for the company tables and charts (repeatable)")
    return parser


def _print_table(df, as_csv: bool) -> None:
    import pandas as pd

    if as_csv:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None,
                               "display.width", 200, "display.unicode.east_asian_width", True):
            print(df.to_string(index=False))


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    try:
        return _run(args)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `... | head`
        return 0


def _corpus(args):
    from .load import load_corpus

    return load_corpus(args.seeds, errors="warn" if args.skip_bad else "raise", workers=args.workers)


def _run(args) -> int:
    if args.command == "clean":
        from .load import load_article

        corpus = load_article(args.path)
        if args.report:
            _print_table(corpus.report.drop(columns=["examples"], errors="ignore")
                         if not args.csv else corpus.report, args.csv)
        else:
            sys.stdout.write(corpus.body_text(corpus.articles["article"].iloc[0]) + "\n")
        return 0
    if args.command == "keywords":
        from .keywords import keyword_table

        _print_table(keyword_table(_corpus(args), top=args.top or None), args.csv)
        return 0
    if args.command == "companies":
        from .companies import company_table, discover_candidates, load_gazetteer

        g = load_gazetteer(extra=args.gazetteer) if args.gazetteer else None
        corpus = _corpus(args)
        _print_table(discover_candidates(corpus, gazetteer=g) if args.discover
                     else company_table(corpus, gazetteer=g, ner=not args.no_ner), args.csv)
        return 0
    if args.command == "stance":
        from .stance import stance_table

        _print_table(stance_table(_corpus(args)), args.csv)
        return 0
    if args.command == "figures":
        from .figures import make_figures

        if args.gazetteer:
            from .companies import use_gazetteer

            use_gazetteer(extra=args.gazetteer)
        make_figures(_corpus(args), out=args.out, progress=not args.quiet)
        return 0
    raise AssertionError(args.command)  # argparse guarantees one of the above
