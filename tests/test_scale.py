"""analysis.scale: the Dask engine gives the pandas engine's frames, whatever the partitioning.

One LocalCluster of 2 worker processes (1 thread each) serves the whole module; the corpus is
42 renamed copies of the seeds, in partitions of 5 files (an odd size: the last one is short).
"""
import shutil
import sys

import pandas as pd
import pytest

from analysis.config import SEEDS_DIR
from analysis.errors import CorpusError

N_COPIES, PARTITION = 42, 5


def _dask_installed() -> bool:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


needs_dask = pytest.mark.skipif(not _dask_installed(), reason='dask not installed: pip install -e ".[scale]"')


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("scale_corpus")
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    for i in range(N_COPIES):
        seed = seeds[i % len(seeds)]
        shutil.copy(seed, out / f"{i:03d}_{seed.stem}.txt")
    return out


@pytest.fixture(scope="module")
def client():
    if not _dask_installed():
        pytest.skip('dask not installed: pip install -e ".[scale]"')
    from analysis.scale import dask_client

    with dask_client() as c:  # LocalCluster: 2 processes, 1 thread each
        yield c


@pytest.fixture(scope="module")
def pandas_results(folder):
    from analysis.companies import find_mentions
    from analysis.keywords import keyword_table
    from analysis.load import load_corpus
    from analysis.stance import score_sentences, stance_table
    from analysis.tokens import tokenize

    corpus = load_corpus(folder, progress=False)
    tokens = tokenize(corpus)
    return {"corpus": corpus, "tokens": tokens, "keywords": keyword_table(tokens, top=None),
            "mentions": find_mentions(corpus), "evidence": score_sentences(corpus), "stance": stance_table(corpus)}


@pytest.fixture(scope="module")
def parquet_dir(folder, client, tmp_path_factory):
    from analysis.scale import write_parquet

    return write_parquet(folder, tmp_path_factory.mktemp("parquet"), scheduler=client, partition_size=PARTITION)


def _same(dask_frame, pandas_frame):
    pd.testing.assert_frame_equal(dask_frame.reset_index(drop=True), pandas_frame.reset_index(drop=True),
                                  check_exact=False, rtol=1e-9, check_dtype=False)
    assert list(dask_frame.dtypes.astype(str)) == list(pandas_frame.dtypes.astype(str))


@needs_dask
def test_load_corpus_dask_equals_pandas(folder, client, pandas_results):
    from analysis.load import load_corpus

    corpus = load_corpus(folder, engine="dask", scheduler=client, partition_size=PARTITION)
    expected = pandas_results["corpus"]
    for name in ("articles", "paragraphs", "sentences", "report"):
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(expected, name))
    assert isinstance(corpus.report["examples"].iloc[0], list)  # object columns of lists survive


@needs_dask
@pytest.mark.parametrize("table, key", [("sentences", None), ("tokens", "tokens"), ("keywords", "keywords"),
                                        ("mentions", "mentions"), ("evidence", "evidence"), ("stance", "stance")])
def test_write_parquet_equals_pandas(parquet_dir, pandas_results, table, key):
    from analysis.scale import read_table

    expected = pandas_results["corpus"].sentences if key is None else pandas_results[key]
    _same(read_table(parquet_dir, table), expected)


@needs_dask
def test_stance_cues_survive_parquet(parquet_dir, pandas_results):
    from analysis.scale import read_table

    cues = read_table(parquet_dir, "evidence")["cues"]
    assert cues.tolist() == pandas_results["evidence"]["cues"].tolist()
    assert isinstance(cues.iloc[0], list) and isinstance(cues.iloc[0][0], tuple)


@needs_dask
def test_bad_file_raised_in_file_order(tmp_path, client):
    from analysis.load import load_corpus

    shutil.copy(sorted(SEEDS_DIR.glob("*.txt"))[0], tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(CorpusError, match="b.txt: file is empty"):
        load_corpus(tmp_path, engine="dask", scheduler=client, partition_size=1)
    with pytest.warns(UserWarning, match="skipped .*b.txt"):
        corpus = load_corpus(tmp_path, engine="dask", scheduler=client, errors="warn")
    assert corpus.articles["article"].tolist() == ["a"]


@pytest.mark.parametrize("kwargs, message", [
    ({"engine": "spark"}, "engine must be 'pandas' or 'dask'"),
    ({"engine": "dask", "partition_size": 0}, "partition_size must be a positive integer"),
    ({"engine": "dask", "scheduler": 3}, "scheduler must be None, an address"),
])
def test_bad_arguments(kwargs, message):
    from analysis.load import load_corpus

    with pytest.raises(ValueError, match=message):
        load_corpus(SEEDS_DIR, **kwargs)


def test_without_dask_one_line_hint(monkeypatch):
    from analysis.load import load_corpus
    from analysis.scale import MissingExtraError

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(MissingExtraError, match=r'pip install -e "\.\[scale\]"') as info:
        load_corpus(SEEDS_DIR, engine="dask")
    assert isinstance(info.value, ImportError) and "\n" not in str(info.value)


def test_cli_engine_options():
    from analysis.cli import _parse

    args = _parse(["keywords", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786"])
    assert (args.engine, args.scheduler) == ("dask", "tcp://127.0.0.1:8786")
    assert _parse(["stance"]).engine == "pandas"


def test_cli_scheduler_needs_dask_engine(capsys):
    from analysis.cli import main

    assert main(["stance", "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_read_table_unknown_name(tmp_path):
    from analysis.scale import read_table

    with pytest.raises(ValueError, match="name must be one of"):
        read_table(tmp_path, "paragraphs")
