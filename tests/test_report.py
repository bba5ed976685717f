"""The interactive report (analysis.report): data, caps, safe embedding, determinism, size.

Browser behaviour is tested in tests/test_report_browser.py.
"""
from __future__ import annotations

import dataclasses
import json
import re
import shutil

import pandas as pd
import pytest

from analysis.report import Caps, render_report, report_data, write_report
from analysis.report.adapters import Frames, compute_frames
from analysis.report.embed import font_stack, script_json
from analysis.report.payload import Index, contexts_section, keywords_section, make_index

MAX_BYTES = 5 * 1024 * 1024
DATA_RE = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def frames(corpus):
    return compute_frames(corpus, Frames())


@pytest.fixture(scope="module")
def seeds_report(corpus, frames, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    return write_report(corpus, path, **dataclasses.asdict(frames))


def _data(page: str) -> dict:
    return json.loads(DATA_RE.search(page).group(1))


# ---------------------------------------------------------------- the file
def test_two_runs_are_byte_identical(corpus, frames, seeds_report, tmp_path):
    again = write_report(corpus, tmp_path / "again.html", **dataclasses.asdict(frames))
    assert again.read_bytes() == seeds_report.read_bytes()


def test_seeds_report_is_within_its_size_bound(seeds_report):
    size = seeds_report.stat().st_size
    assert 50_000 < size <= MAX_BYTES, size


def test_nothing_is_fetched_from_outside(seeds_report):
    page = seeds_report.read_text(encoding="utf-8")
    without_data = DATA_RE.sub("", page)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", without_data, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", without_data, re.I)
    assert "@import" not in without_data
    assert "default-src 'none'" in page  # the page forbids itself any request (Content-Security-Policy)
    assert "data:font/woff;base64," in page


def test_every_section_is_filled_for_the_seeds(seeds_report, corpus):
    data = _data(seeds_report.read_text(encoding="utf-8"))
    assert [a["article"] for a in data["articles"]] == list(corpus.articles["article"])
    assert [len(s) for s in data["sentences"]] == list(corpus.sentences.groupby("article", sort=False).size())
    assert len(data["cleaning"]) == len(corpus.report)
    assert all(len(rows) > 100 for rows in data["keywords"])
    assert data["companies"] and data["candidates"] and data["stance"]["cells"]
    assert {"versions", "font", "articles", "data"} <= set(data["provenance"])
    assert data["provenance"]["articles"]["000_4856daba4f8256cd.txt"]


def test_numbers_match_the_analysis_frames(seeds_report, frames):
    data = _data(seeds_report.read_text(encoding="utf-8"))
    first = {row[0]: row for row in data["keywords"][0]}
    table = frames.keywords[frames.keywords["article"] == "000_4856daba4f8256cd"].set_index("term")
    assert first["未来"][1] == table.loc["未来", "n"]
    assert first["未来"][4] == round(table.loc["未来", "log_odds_z"], 4)
    cell = next(c for c in data["stance"]["cells"] if c["a"] == 1 and data["stance"]["targets"][c["t"]] == "大厂")
    row = frames.stance[(frames.stance["article"] == "003_6e910e20341e97d3") & (frames.stance["target"] == "大厂")].iloc[0]
    assert (cell["score"], cell["lo"], cell["hi"], cell["label"], cell["n"]) == (
        row["score"], row["ci_low"], row["ci_high"], row["label"], row["n_sentences"])
    assert len(cell["evidence"]) == row["n_sentences"]


def test_a_hostile_title_cannot_break_the_page(corpus, frames):
    evil = "</script><script>alert(1)</script><!-- & \u2028"
    hostile = dataclasses.replace(corpus, articles=corpus.articles.assign(title=evil, label=evil))
    page = render_report(report_data(hostile, frames=frames), embed_font=False)
    assert page.count("</script>") == 2  # the data element's and the code's, nothing from the data
    assert "<!--" not in page
    assert _data(page)["articles"][0]["label"] == evil


def test_a_third_article_gets_every_section(tmp_path, corpus):
    from analysis import load_corpus
    from analysis.config import SEEDS_DIR

    for p in SEEDS_DIR.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "zz_third.txt").write_text(
        "# 开源模型的机会\n\n开源大模型让创业团队不必依赖大厂。百度和腾讯也在开源。\n\n"
        "我认为开源是创业公司最好的机会，但大厂仍然很强。\n", encoding="utf-8")
    three = load_corpus(tmp_path)
    data = report_data(three)
    assert len(data["articles"]) == 3 and data["articles"][2]["label"] == "开源模型的机会"
    assert all(data["keywords"]) and data["sentences"][2]
    assert len(data["stance"]["cells"]) == 3 * len(data["stance"]["targets"])
    assert {c["company"] for c in data["companies"] if c["a"] == 2} >= {"百度", "腾讯"}


# ---------------------------------------------------------------- caps
def test_caps_bound_every_list(corpus, frames):
    caps = Caps(terms_per_article=5, contexts_per_term=2, table_top=3, examples_per_step=1, example_chars=10,
                mentions_per_company=1, evidence_per_cell=2, candidates=4)
    data = report_data(corpus, frames=frames, caps=caps)
    assert [len(rows) for rows in data["keywords"]] == [5, 5]
    per = pd.DataFrame([(t, h[0]) for t, hs in data["contexts"].items() for h in hs], columns=["t", "a"])
    assert per.groupby(["t", "a"]).size().max() == 2
    assert max(len(c["examples"]) for c in data["cleaning"]) == 1
    assert max(len(b) for c in data["cleaning"] for ex in c["examples"] for b in ex) <= 11
    assert max(len(c["lines"]) for c in data["companies"]) == 1
    assert max(len(c["evidence"]) for c in data["stance"]["cells"]) == 2
    assert len(data["candidates"]) == 4
    assert data["caps"]["table_top"] == 3


def test_many_articles_share_the_scatter_budget(corpus, frames):
    data = report_data(corpus, frames=frames, caps=Caps(max_points=100))
    assert [len(rows) for rows in data["keywords"]] == [50, 50]


def test_text_budget_leaves_later_articles_out_and_says_so(corpus, frames):
    data = report_data(corpus, frames=frames, caps=Caps(max_text_chars=3000))  # the first has 2,255 chars
    assert [a["embedded"] for a in data["articles"]] == [True, False]
    assert data["sentences"][1] == [] and data["sentences"][0]
    assert all(h[0] == 0 for hs in data["contexts"].values() for h in hs)
    second = [c for c in data["stance"]["cells"] if c["a"] == 1 and c["evidence"]]
    assert second and all(ev[1] for c in second for ev in c["evidence"])  # evidence keeps its own text


def test_bad_caps():
    with pytest.raises(ValueError, match="caps.table_top must be a positive integer"):
        Caps(table_top=0)
    with pytest.raises(ValueError, match="caps.max_points"):
        Caps(max_points=1.5)


# ---------------------------------------------------------------- small hand-made frames
_INDEX = Index({"A": 0, "B": 1}, frozenset({"A", "B"}))


def test_keywords_rows_carry_the_rate_in_the_other_articles():
    table = pd.DataFrame({"article": ["A", "A", "B", "B"], "term": ["大厂", "未来", "大厂", "团队"],
                          "n": [1, 3, 4, 2], "rate": [250.0, 750.0, 666.6667, 333.3333],
                          "log_odds_z": [-1.0, 1.5, 1.0, 0.8], "g2": [1.7, 7.7, 1.7, 2.4],
                          "p_value": [0.19, 0.0055, 0.19, 0.12], "log_ratio": [-1.4, 3.2, 1.4, 1.4]})
    rows = keywords_section(table, _INDEX, Caps())
    assert rows[0] == [["未来", 3, 750.0, 0.0, 1.5, 7.7, 0.0055, 3.2], ["大厂", 1, 250.0, 666.6667, -1.0, 1.7, 0.19, -1.4]]
    assert [r[0] for r in rows[1]] == ["大厂", "团队"] and rows[1][0][3] == 250.0


def test_contexts_are_token_offsets_capped_per_article():
    tokens = pd.DataFrame({"article": ["B", "A", "A", "A"], "sentence": [0, 0, 1, 2], "token": ["大厂"] * 4,
                           "start": [3, 0, 5, 1], "end": [5, 2, 7, 3]})
    out = contexts_section(tokens, [[["大厂"]], [["大厂"]]], _INDEX, Caps(contexts_per_term=2))
    assert out == {"大厂": [[0, 0, 0, 2], [0, 1, 5, 7], [1, 0, 3, 5]]}
    # lines are stored for scatter points only: B has no point 大厂 here
    assert contexts_section(tokens, [[["大厂"]], []], _INDEX, Caps()) == {"大厂": [[0, 0, 0, 2], [0, 1, 5, 7], [0, 2, 1, 3]]}
    # the file's budget: 2 points may share 3 lines, so 1 each
    assert contexts_section(tokens, [[["大厂"]], [["大厂"]]], _INDEX, Caps(max_contexts=3)) == {"大厂": [[0, 0, 0, 2], [1, 0, 3, 5]]}


def test_empty_frames_give_empty_sections():
    empty = pd.DataFrame(columns=["article", "term", "n", "rate", "log_odds_z", "g2", "p_value", "log_ratio"])
    assert keywords_section(empty, _INDEX, Caps()) == [[], []]
    assert contexts_section(pd.DataFrame(columns=["article", "sentence", "token", "start", "end"]),
                            [[], []], _INDEX, Caps()) == {}


def test_text_index_follows_article_order(corpus):
    index = make_index(corpus, Caps())
    assert index.of == {"000_4856daba4f8256cd": 0, "003_6e910e20341e97d3": 1}
    assert index.embedded == frozenset(index.of)


# ---------------------------------------------------------------- embedding and bad input
def test_script_json_is_sorted_and_escaped():
    text = script_json({"b": [1.5, None], "a": "<b>&</b>"})
    assert text == '{"a":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e","b":[1.5,null]}'
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})


def test_font_stack_names_the_project_font_and_fallbacks():
    stack = font_stack()
    assert stack.startswith('"Report CJK", "Noto Sans SC"') and stack.endswith("sans-serif")
    assert '"Microsoft YaHei"' in stack and '"PingFang SC"' in stack


def test_bad_input(corpus, tmp_path):
    with pytest.raises(ValueError, match="Corpus"):
        write_report(pd.DataFrame(), tmp_path / "r.html")
    with pytest.raises(ValueError, match="unknown frames"):
        write_report(corpus, tmp_path / "r.html", tokenz=pd.DataFrame())
    with pytest.raises(ValueError, match="keywords frame lacks columns"):
        write_report(corpus, tmp_path / "r.html", keywords=pd.DataFrame({"term": []}))
    with pytest.raises(ValueError, match="caps must be a Caps"):
        report_data(corpus, caps={"table_top": 3})
    assert not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------- 1,000 articles
def many_articles(corpus, frames, copies: int):
    """``copies`` renamed copies of every article, with the frames copied alike: a corpus of
    ``copies × 2`` articles (about 10,000 characters of Chinese per pair) without re-running the
    analysis, to check the report's size bounds and load time at scale."""
    def grow(frame):
        if frame is None or frame.empty or "article" not in frame.columns:
            return frame
        return pd.concat([frame.assign(article=frame["article"] + f"~{k:04d}") for k in range(copies)],
                         ignore_index=True)

    big = dataclasses.replace(corpus, articles=grow(corpus.articles), paragraphs=grow(corpus.paragraphs),
                              sentences=grow(corpus.sentences), report=grow(corpus.report))
    grown = {f.name: grow(getattr(frames, f.name)) for f in dataclasses.fields(frames)}
    return big, grown


@pytest.mark.slow
def test_a_thousand_articles_stay_under_20_mb(corpus, frames, tmp_path):
    big, grown = many_articles(corpus, frames, 500)
    path = write_report(big, tmp_path / "big.html", **grown)
    data = _data(path.read_text(encoding="utf-8"))
    assert len(data["articles"]) == 1000
    assert path.stat().st_size < 20 * 1024 * 1024
    assert 0 < sum(a["embedded"] for a in data["articles"]) < 1000  # the text budget is what binds


def test_an_article_past_the_text_budget_gets_no_contexts_and_no_error():
    from analysis.report.payload import Caps, Index, contexts_section

    tokens = pd.DataFrame({"article": ["a"], "sentence": [0], "token": ["大厂"], "start": [0], "end": [2]})
    not_embedded = Index(of={"a": 0}, embedded=frozenset())
    assert contexts_section(tokens, [[["大厂"]]], not_embedded, Caps()) == {}
    embedded = Index(of={"a": 0}, embedded=frozenset({"a"}))
    assert contexts_section(tokens, [[["大厂"]]], embedded, Caps()) == {"大厂": [[0, 0, 0, 2]]}


def test_font_subset_is_the_plain_fonttools_subset_and_is_cached(tmp_path, monkeypatch):
    """The bounds shortcut and the disk cache change no byte of the embedded font."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from analysis import cache
    from analysis.fonts import cjk_font_path
    from analysis.report import embed

    monkeypatch.setenv(cache.ENV, str(tmp_path))
    chars = "文本比较报告：大模型、大厂与独立团队 AI Agent 0-9"
    options = subset.Options()
    for option, value in embed.SUBSET_OPTIONS.items():
        setattr(options, option, value)
    with TTFont(cjk_font_path(), recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted({ord(c) for c in chars}))
        subsetter.subset(font)
        font.flavor = "woff"
        buffer = io.BytesIO()
        font.save(buffer, reorderTables=True)
    first = embed.subset_font(chars)
    assert first == buffer.getvalue()
    assert len(list(tmp_path.iterdir())) == 1
    assert embed.subset_font(chars + chars) == first  # same characters: the stored entry
    assert embed.subset_font(chars + "创") != first  # one more character: a new entry
    assert len(list(tmp_path.iterdir())) == 2
