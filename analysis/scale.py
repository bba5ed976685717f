"""The same pipeline on Dask: files read and cleaned per partition, results streamed to Parquet.

Optional: ``pip install -e ".[scale]"`` (dask[dataframe,distributed] and pyarrow). Two entry points:

* ``load_corpus(path, engine="dask", scheduler=None, partition_size=64)`` (see :mod:`analysis.dask_engine`)
  returns the same :class:`~analysis.load.Corpus` as the pandas engine, its files read and cleaned
  on a Dask cluster. The frames come back to this process, so memory is that of the corpus.
* :func:`write_parquet` runs the whole pipeline per partition (sentences, tokens, keyword counts,
  mentions, stance evidence and stance table) and writes each partition's frames as Parquet files;
  only small summaries come back. Keyword statistics need corpus totals: one global pass sums the
  term counts (a Dask groupby-aggregate over the written counts), then each partition computes its
  articles' statistics against them. A worker holds one partition at a time, so its memory is set
  by ``partition_size``, not by the corpus.

A partition is a list of ``partition_size`` files: an article is never split, and every result is per
article (token positions, stance bootstrap seeds per article × target), so nothing depends on the
partitioning. ``scheduler``: ``None`` starts a :class:`distributed.LocalCluster` (2 worker processes,
1 thread each) for the call; an address (``"tcp://host:8786"``) or a ``distributed.Client`` uses
that cluster, whose workers need this package installed and the files at the same path (and
``distributed.worker.profile.enabled: false`` in its Dask configuration: the sampling profiler costs
a pure-Python task 20-25 % of its time).

>>> import analysis.scale as scale
>>> scale.PARQUET_TABLES
('articles', 'sentences', 'tokens', 'counts', 'keywords', 'mentions', 'evidence', 'stance')
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .dask_engine import MissingExtraError, chunks, dask_client, read_partitions, require_dask  # noqa: F401
from .dask_engine import check_options as _check
from .errors import CorpusError

#: Files per partition by default (about 1–3 MB of essays).
PARTITION_SIZE = 64
#: The folders :func:`write_parquet` writes, one Parquet file per partition in each.
PARQUET_TABLES = ("articles", "sentences", "tokens", "counts", "keywords", "mentions", "evidence", "stance")
#: Arrow schema metadata key listing the columns stored as JSON text (lists of tuples).
_JSON_KEY = b"analysis.json_columns"
#: Columns numbering rows through the whole frame (a mention's id): offset per partition when read.
_RUNNING_IDS = {"mentions": "mention"}
_REST = "\x00rest"  # the pseudo-article standing for every other partition in the keyword statistics


def _inputs(path) -> tuple[Path, list[Path], dict]:
    from .load import article_files, read_manifest

    path = Path(path)
    files = article_files(path)
    return path, files, read_manifest(path if path.is_dir() else path.parent)


# ---------------------------------------------------------------- Parquet
def _json_columns(frame: pd.DataFrame) -> list[str]:
    """Object columns whose values are lists or tuples (stored as JSON text in Parquet)."""
    out = []
    for col in frame.columns:
        if frame[col].dtype == object:
            first = next((v for v in frame[col] if v is not None), None)
            if isinstance(first, (list, tuple)):
                out.append(col)
    return out


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a frame as one Parquet file; columns of lists (stance cues, report examples) as JSON text,
    named in the file's metadata so :func:`read_table` gives the lists back."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = _json_columns(frame)
    out = frame.assign(**{c: [json.dumps(v, ensure_ascii=False) for v in frame[c]] for c in cols})
    table = pa.Table.from_pandas(out.reset_index(drop=True), preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _JSON_KEY: json.dumps(cols).encode()})
    pq.write_table(table, str(path))


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def read_table(out_dir: str | Path, name: str) -> pd.DataFrame:
    """One table written by :func:`write_parquet` (all its partitions, in order) as a pandas frame:
    strings as ``object``, lists of tuples as they were written.

    >>> read_table("/nonexistent", "tokens")
    Traceback (most recent call last):
    ...
    analysis.errors.CorpusError: /nonexistent/tokens: no Parquet files (run write_parquet first)
    """
    if name not in PARQUET_TABLES:
        raise ValueError(f"name must be one of {PARQUET_TABLES}, not {name!r}")
    folder = Path(out_dir) / name
    files = sorted(folder.glob("part-*.parquet"))
    if not files:
        raise CorpusError(folder, "no Parquet files (run write_parquet first)")
    import pyarrow.parquet as pq

    frames, offset, running = [], 0, _RUNNING_IDS.get(name)
    for file in files:
        table = pq.read_table(file)
        frame = table.to_pandas()
        for col in json.loads((table.schema.metadata or {}).get(_JSON_KEY, b"[]")):
            frame[col] = [[_tuples(v) for v in json.loads(x)] for x in frame[col]]
        if running in frame.columns and len(frame):  # ids run through the corpus, not the partition
            frame[running] += offset
            offset = int(frame[running].max()) + 1
        frames.append(frame)
    nonempty = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(nonempty, ignore_index=True)


class _PartSummary(NamedTuple):
    """What a partition sends back (its frames are on disk): its bad files and its article count."""

    errors: list  # (file, CorpusError) in file order
    n_articles: int


def _pipeline_chunk(index: int, files: list[Path], manifest: dict, out_dir: str, keep_single_chars: bool):
    """Worker side: one partition through the pipeline, every frame written as ``part-<index>``."""
    from .keywords import keyword_counts
    from .load import _collect, _frames, _read_or_error
    from .pipeline import Analysis

    results = [(f, *_read_or_error(f, manifest.get(f.stem, {}))) for f in files]
    bad = [(f, e) for f, _, e in results if e is not None]
    good = [r for r in results if r[2] is None]
    if good:
        a = Analysis(_frames(*_collect(good, errors="raise"), files[0].parent))
        frames = {"articles": a.corpus.articles, "sentences": a.corpus.sentences, "tokens": a.tokens,
                  "counts": keyword_counts(a.tokens, keep_single_chars=keep_single_chars),
                  "mentions": a.mentions, "evidence": a.evidence, "stance": a.stance}
    else:
        frames = {}
    name = f"part-{index:05d}.parquet"
    for table, frame in frames.items():
        write_table(frame, Path(out_dir) / table / name)
    return _PartSummary(bad, len(good))


def _keywords_chunk(index: int, out_dir: str, totals: dict, top: int | None, prior: str, alpha0):
    """Worker side: keyword statistics of one partition's articles against the corpus totals.

    The other partitions enter as one pseudo-article holding, per term, the corpus count minus
    this partition's (and the corpus size minus this partition's), so the ``bind_*`` functions
    see exactly the corpus totals they would see on the whole tokens frame.
    """
    import pyarrow.parquet as pq

    from .keywords import bind_keyness, bind_log_odds, bind_rate, rank_keywords

    name = f"part-{index:05d}.parquet"
    path = Path(out_dir) / "counts" / name
    if not path.exists():
        return
    counts = pq.read_table(path).to_pandas()
    own_size = int(counts.groupby("article", sort=False)["n_article"].first().sum()) if len(counts) else 0
    if totals["n_articles"] > 1 and len(counts) and totals["size"] > own_size:  # other partitions exist
        own = counts.groupby("term")["n"].sum()
        term_totals = totals["terms"]
        rest_n = term_totals.sub(own.reindex(term_totals.index, fill_value=0))
        rest = pd.DataFrame({"article": _REST, "term": term_totals.index, "n": rest_n.to_numpy(),
                             "n_article": totals["size"] - own_size})
        counts = pd.concat([counts, rest], ignore_index=True)
    table = bind_keyness(bind_log_odds(bind_rate(counts), prior=prior, alpha0=alpha0))
    write_table(rank_keywords(table[table["article"] != _REST], top=top), Path(out_dir) / "keywords" / name)


def _corpus_totals(out_dir: Path, n_articles: int) -> dict:
    """The one global pass: per-term totals (a Dask groupby-aggregate over the counts files) and the
    corpus size in tokens."""
    import dask
    import dask.dataframe as dd

    with dask.config.set({"dataframe.convert-string": False}):
        counts = dd.read_parquet(str(out_dir / "counts"))
        terms = counts.groupby("term")["n"].sum()
        sizes = counts.groupby("article")["n_article"].first()
        terms, size = dask.compute(terms, sizes.sum())
    return {"terms": terms.sort_index(), "size": int(size), "n_articles": n_articles}


def write_parquet(path: str | Path, out_dir: str | Path, *, errors: str = "raise", scheduler=None,
                  partition_size: int = PARTITION_SIZE, top: int | None = None, prior: str = "pooled",
                  alpha0: float | None = 100.0, keep_single_chars: bool = False) -> Path:
    """Run the pipeline per partition on Dask and stream each partition's frames to Parquet.

    ``out_dir/<table>/part-NNNNN.parquet`` for each table of :data:`PARQUET_TABLES`: the
    ``articles`` and ``sentences`` frames of :class:`~analysis.load.Corpus`, the ``tokens`` frame
    (:func:`~analysis.tokens.tokenize`), the keyword ``counts`` (:func:`~analysis.keywords.count_terms`
    of the tokens :func:`~analysis.keywords.keyword_table` keeps), the ``keywords`` table (as
    ``keyword_table(top=top, prior=prior, alpha0=alpha0, keep_single_chars=...)``, against the
    whole corpus), ``mentions`` (:func:`~analysis.companies.find_mentions`), stance ``evidence``
    (:func:`~analysis.stance.score_sentences`) and the ``stance`` table. Read one back with
    :func:`read_table`. Bad files: ``errors="raise"`` raises the first (in file order) after the
    partitions are written, ``"warn"`` warns about each. Returns ``out_dir``.
    """
    if errors not in ("raise", "warn"):
        raise ValueError(f"errors must be 'raise' or 'warn', not {errors!r}")
    if top is not None and (not isinstance(top, int) or top < 1):
        raise ValueError(f"top must be a positive integer or None, not {top!r}")
    _check(partition_size=partition_size, scheduler=scheduler)
    require_dask()
    import dask.bag as db

    path, files, manifest = _inputs(path)
    stems: dict[str, Path] = {}
    for f in files:
        if f.stem in stems:
            raise CorpusError(f, f"same article id {f.stem!r} as {stems[f.stem].name}; rename one of them")
        stems[f.stem] = f
    out_dir = Path(out_dir)
    for table in PARQUET_TABLES:
        (out_dir / table).mkdir(parents=True, exist_ok=True)
        for old in (out_dir / table).glob("part-*.parquet"):
            old.unlink()
    parts = chunks(files, size=partition_size)
    with dask_client(scheduler) as client:
        bag = db.from_sequence(list(enumerate(parts)), npartitions=len(parts)).map(
            lambda item: _pipeline_chunk(item[0], item[1], manifest, str(out_dir), keep_single_chars))
        summaries = bag.compute(scheduler=client)
        for file, error in (e for s in summaries for e in s.errors):
            if errors == "raise":
                raise error
            warnings.warn(f"skipped {error}", stacklevel=2)
        n_articles = sum(s.n_articles for s in summaries)
        if not n_articles:
            raise CorpusError(path, "no readable article")
        totals = _corpus_totals(out_dir, n_articles)
        db.from_sequence(range(len(parts)), npartitions=len(parts)).map(
            _keywords_chunk, str(out_dir), totals, top, prior, alpha0).compute(scheduler=client)
    return out_dir
