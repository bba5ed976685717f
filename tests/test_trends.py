"""analysis.trends and plots.trends: rates and stance per period, and the figures that use them."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.figures import make_figures
from analysis.load import load_corpus
from analysis.plots.trends import plot_trend
from analysis.trends import periods, stance_trend, term_trend

POSTS = {  # name: (date, text)
    "a": ("2024-01-03", "大模型很有前途，大厂都在投入。"),
    "b": ("2024-02-10", "大模型烧钱太多，大厂很焦虑。"),
    "c": ("2024-02-20", "团队在做大模型应用。"),
    "d": ("2024-03-01", "大模型是泡沫，没有价值。"),
    "e": ("", "没有日期的文章也提到大模型。"),
}


@pytest.fixture
def dated(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, (_, text) in POSTS.items():
        (seeds / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    rows = "".join(f"{name},{date}\n" for name, (date, _) in POSTS.items())
    (seeds / "manifest.csv").write_text("article,date\n" + rows, encoding="utf-8")
    return load_corpus(seeds)


def test_term_trend_counts_rates_and_leaves_out_undated(dated):
    from analysis.tokens import tokenize

    trend = term_trend(tokenize(dated), dated.articles, ["大模型"])
    assert trend[["period", "n", "n_articles"]].values.tolist() == [
        ["2024-01", 1, 1], ["2024-02", 2, 2], ["2024-03", 1, 1]]
    assert (trend["rate"] == 1000 * trend["n"] / trend["n_tokens"]).all()


def test_stance_trend_weights_articles_by_sentences():
    stance = pd.DataFrame({"article": ["a", "b", "c"], "target": ["T"] * 3, "score": [1.0, -1.0, 0.0],
                           "n_sentences": [3, 1, 0]})
    arts = pd.DataFrame({"article": ["a", "b", "c"], "date": ["2024-01-01", "2024-01-02", "2024-02-01"]})
    assert stance_trend(stance, arts).values.tolist() == [["2024-01", "T", 0.5, 4, 2]]


def test_bad_arguments():
    with pytest.raises(ValueError, match="by must be"):
        periods(pd.DataFrame({"article": ["a"], "date": ["2024"]}), by="date:day")
    with pytest.raises(ValueError, match="no periods"):
        plot_trend(pd.DataFrame(columns=["period", "term", "rate", "n"]), value="rate", series="term", count="n")


def test_figures_draw_trends_only_with_three_periods(dated, tmp_path):
    written = {p.name for p in make_figures(dated, out=tmp_path / "out", progress=False)}
    assert {"term_trends.png", "term_trends.csv", "stance_trends.csv", "stance_trends.png"} <= written
    seeds = {p.name for p in make_figures(load_corpus(), out=tmp_path / "seeds_out", progress=False)}
    assert not any(name.startswith(("term_trends", "stance_trends")) for name in seeds)
