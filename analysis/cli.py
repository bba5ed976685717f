"""Command line: python -m analysis {clean,keywords,companies,stance,figures} ...

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
                   help=f"processes that read and clean the articles, 1 to {MAX_WORKERS} (same result)")
    p.add_argument("--engine", choices=("pandas", "dask"), default="pandas", metavar="ENGINE",
                   help='pandas, or dask to read and clean on Dask (pip install -e ".[scale]"; same result)')
    p.add_argument("--scheduler", default=None, metavar="ADDR",
                   help="Dask scheduler address (tcp://host:8786); default: a local cluster of 2 processes")


def _add_table_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--csv", action="store_true", help="print CSV instead of an aligned table")


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

    p = sub.add_parser("stance", help="stance of each article toward each target")
    _add_corpus_options(p)
    _add_table_options(p)

    p = sub.add_parser("figures", help="regenerate every figure and table")
    _add_corpus_options(p)
    p.add_argument("--out", type=Path, default=config.FIGURES_DIR, help="output folder (default: figures/)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"), default=None,
                   help="draw the term scatter for this pair of article ids only")
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
    if extra:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"warning: {message}", file=sys.stderr if file is None else file)


def _print_table(df, as_csv: bool) -> None:
    import pandas as pd

    if as_csv:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None,
                               "display.width", 200, "display.unicode.east_asian_width", True):
            print(df.to_string(index=False))


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
        from .companies import company_table

        _print_table(company_table(_corpus(args)), args.csv)
        return 0
    if args.command == "stance":
        from .stance import stance_table

        _print_table(stance_table(_corpus(args)), args.csv)
        return 0
    if args.command == "figures":
        from .figures import make_figures

        make_figures(_corpus(args), out=args.out, progress=not args.quiet,
                     compare=tuple(args.compare) if args.compare else None)
        return 0
    raise AssertionError(args.command)  # argparse guarantees one of the above
