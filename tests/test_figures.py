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


def test_figures_segments_finds_and_scores_once(tmp_path, monkeypatch):
    """Each frame is computed once (analysis.pipeline.Analysis): the corpus is segmented once,
    the NER model runs once and stance is scored once for the whole run, report included."""
    import analysis.companies.ner as ner
    import analysis.stance.score as score
    import analysis.tokens as tokens
    from analysis.load import load_corpus

    calls = {"_columns_all": 0, "texts through the NER model": 0, "_profiles": 0}

    def counted(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    counted(tokens, "_columns_all")
    counted(score, "_profiles")
    real_model = ner._model()

    class CountingModel:
        def run(self, texts):
            calls["texts through the NER model"] += len(texts)
            return real_model.run(texts)

    monkeypatch.setattr(ner, "_model", lambda: CountingModel())
    monkeypatch.setattr(ner, "_cache", {})
    corpus = load_corpus()
    make_figures(corpus, out=tmp_path, progress=False)
    assert calls == {"_columns_all": 1, "texts through the NER model": corpus.sentences["text"].nunique(),
                     "_profiles": 1}


def test_manifest_records_the_command_and_the_users_own_files(tmp_path):
    from analysis.cli import main

    targets = tmp_path / "my_targets.csv"
    targets.write_text("target,alias\n大厂,大厂\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["figures", "--out", str(out), "--quiet", "--targets", str(targets)]) == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["command"].endswith(f"--targets {targets}")
    assert manifest["inputs"] == {"targets": {"my_targets.csv": sha256(targets)}}


def test_articles_table_labels_a_repeated_title_like_every_other_table(tmp_path):
    from analysis.load import load_corpus

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "---\ntitle: 自行车道\n---\n成都修了新的自行车道，市民很满意。美团的单车停在路口。\n"
    for name in ("a.md", "b.md"):
        (seeds / name).write_text(text, encoding="utf-8")
    make_figures(load_corpus(seeds), out=tmp_path / "out", progress=False, render_workers=0)
    articles = pd.read_csv(tmp_path / "out" / "articles.csv")
    companies = pd.read_csv(tmp_path / "out" / "companies.csv")
    assert articles["label"].tolist() == ["自行车道 [1]", "自行车道 [2]"]
    assert set(companies["label"]) <= set(articles["label"])
