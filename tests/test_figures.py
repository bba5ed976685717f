"""The one-command report: every expected file, byte-identical reruns, a complete manifest."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import config
from analysis.figures import MANIFEST, make_figures, sha256

CHARTS = ["frequent_terms", "distinctive_terms", "term_scatter_1v2", "wordcloud", "dispersion",
          "companies_by_article", "company_heatmap", "stance_bars", "stance_strip"]
TABLES = ["articles", "cleaning_report", "keywords", "dispersion", "kwic", "companies", "company_mentions",
          "company_comentions", "stance", "stance_evidence"]


@pytest.fixture(scope="module")
def corpus():
    from analysis.load import load_corpus

    return load_corpus(config.SEEDS_DIR)


@pytest.fixture(scope="module")
def two_runs(corpus, tmp_path_factory):
    a, b = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    return a, make_figures(corpus, out=a, progress=False), b, make_figures(corpus, out=b, progress=False)


@pytest.mark.slow
def test_every_expected_file(two_runs):
    out, written, _, _ = two_runs
    names = {p.name for p in written}
    expected = {f"{c}.{ext}" for c in CHARTS for ext in ("png", "svg")} | {f"{t}.csv" for t in TABLES} | {MANIFEST}
    assert expected <= names
    assert names == {p.name for p in out.iterdir()}


@pytest.mark.slow
def test_reruns_are_byte_identical(two_runs):
    a, written_a, b, written_b = two_runs
    assert [p.name for p in written_a] == [p.name for p in written_b]
    for p in written_a:
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name


@pytest.mark.slow
def test_manifest_names_inputs_and_outputs(two_runs):
    out, written, _, _ = two_runs
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["seeds"]["000_4856daba4f8256cd.txt"] == sha256(config.SEEDS_DIR / "000_4856daba4f8256cd.txt")
    assert set(manifest["data"]) == {p.name for p in config.DATA_DIR.iterdir() if p.is_file()}
    assert {"pandas", "matplotlib", "jieba", "wordcloud", "python"} <= set(manifest["versions"])
    assert manifest["files"]["stance.csv"] == sha256(out / "stance.csv")
    assert "/" not in json.dumps(manifest["seeds"])  # names only: no machine-specific paths


@pytest.mark.slow
def test_tables_match_what_was_charted(two_runs):
    out, _, _, _ = two_runs
    stance = pd.read_csv(out / "stance.csv")
    assert set(stance["article"]) == {"000_4856daba4f8256cd", "003_6e910e20341e97d3"}
    assert (out / "keywords.csv").read_bytes().count(b"\r") == 0


def test_bad_input():
    with pytest.raises(ValueError, match="Corpus"):
        make_figures(pd.DataFrame(), out=config.PROJECT_DIR / "never_written")
