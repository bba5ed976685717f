"""Loading the seeds and small hand-made files into the Corpus frames."""
import hashlib
import re
import subprocess
import sys

import pytest

from analysis import config
from analysis.errors import CorpusError
from analysis.load import (
    ARTICLE_COLUMNS, PARAGRAPH_COLUMNS, REPORT_COLUMNS, SENTENCE_COLUMNS, classify_lines,
    load_article, load_corpus, split_front_matter,
)

SEED_SHA256 = {
    "000_4856daba4f8256cd.txt": "c405fb76079c863d9e2755b11c74ec248e15c174c71b010fb7e3b6ac348ba87c",
    "003_6e910e20341e97d3.txt": "574f9dbd25d6dd3740e843d4776807bd990795cf7ba4f338e86a0fd1402b318c",
}
A, B = "000_4856daba4f8256cd", "003_6e910e20341e97d3"


def test_seeds_are_unchanged():
    for name, digest in SEED_SHA256.items():
        assert hashlib.sha256((config.SEEDS_DIR / name).read_bytes()).hexdigest() == digest, name


def test_frames_have_the_contract_columns(corpus):
    assert list(corpus.articles.columns) == ARTICLE_COLUMNS
    assert list(corpus.paragraphs.columns) == PARAGRAPH_COLUMNS
    assert list(corpus.sentences.columns) == SENTENCE_COLUMNS
    assert list(corpus.report.columns) == REPORT_COLUMNS
    assert list(corpus.articles["article"]) == [A, B]


def test_article_metadata(corpus):
    a = corpus.articles.set_index("article")
    assert a.loc[A, "title"] == "大模型搞砸！烧光3000万，CTO被裁"
    assert a.loc[A, "author"] == "ByteAILab"
    assert a.loc[A, "date"] == "2024-05-20"
    assert a.loc[A, "source"] == "技术领导力"
    assert a.loc[A, "source_url"].startswith("https://mp.weixin.qq.com/")
    assert a.loc[B, "author"] == "白熊观察员"
    assert a.loc[B, "series"] == "AI大模型创业展望"
    assert list(a["script"]) == ["simplified", "traditional"]
    assert list(a["encoding"]) == ["utf-8", "utf-8"]
    assert (a["n_chars_clean"] < a["n_chars_raw"]).all()


def test_paragraph_kinds(corpus):
    p = corpus.paragraphs
    kinds = p.groupby("article")["kind"].value_counts().unstack(fill_value=0)
    assert kinds.loc[A, "boilerplate"] == 1 and kinds.loc[B, "boilerplate"] == 2
    assert kinds.loc[A, "caption"] == 1
    footer = p[(p.article == A) & (p.kind == "boilerplate")]["text"].iloc[0]
    assert footer.startswith("感谢阅读")
    assert set(p[(p.article == B) & (p.kind == "boilerplate")]["text"]) == {"本文配图：midjourney", "白熊观察员：永远对未来充满好奇心"}
    headings = list(p[(p.article == A) & (p.kind == "heading")]["text"])
    assert "大模型本身，并不能创造价值" in headings and "别卷大模型了，机会在AI Agent" in headings
    assert "还有其它可行的方法吗？" in set(p[(p.article == B) & (p.kind == "heading")]["text"])


def test_elided_paragraphs(corpus):
    p = corpus.paragraphs
    elided = p[p.elided]
    assert list(elided["article"].value_counts().items()) == [(A, 4)]
    assert not elided["text"].str.contains(r"\.\.\.|…$").any()
    assert "尽管不断有大佬高喊“不能落地的大模型没有意义”，但丝毫不影响近一两年来大模型赛道的激烈厮杀。" in set(elided["text"])


def test_clean_text_has_no_pinyin_mojibake_markup_or_traditional(corpus):
    from analysis.clean import to_simplified

    for article in (A, B):
        text = corpus.body_text(article)
        assert not re.search(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", text), "pinyin left"
        assert not re.search(r"\*\*|!\[|\]\(|https?://|/p>|<[a-z]", text), "markup left"
        assert "\ufffd" not in text and "?" not in text
        assert "GPTNB" not in text and "midjourney" not in text
        assert to_simplified(text) == text, "not entirely Simplified"
    b = corpus.body_text(B)
    for repaired in ("因为大厂“有病”", "难度。现实中", "他们在内部", "局限性。这也", "随着AI大模型创业的深入"):
        assert repaired in b
    for kept in ("(G端、B端或C端)", "384.33美元", "(除了拼多多？)", "We did nothing wrong, but somehow, we lost."):
        assert kept in b


def test_report_conserves_characters(corpus):
    r = corpus.report.assign(net=lambda d: d.chars_removed - d.chars_added).groupby("article")["net"].sum()
    a = corpus.articles.set_index("article")
    assert (r == a["n_chars_raw"] - a["n_chars_clean"]).all()
    b = corpus.report[corpus.report.article == B].set_index("step")
    assert b.loc["pinyin", "n_changes"] > 900 and b.loc["mojibake", "n_changes"] >= 10
    assert b.loc["simplified", "n_changes"] > 1000 and b.loc["punctuation", "n_changes"] > 400


def test_sentences(corpus):
    s = corpus.sentences
    assert (s.groupby("article")["sentence"].apply(lambda x: list(x) == list(range(len(x))))).all()
    assert s["text"].str.len().min() > 0
    assert set(s["kind"]) == {"heading", "body"}
    assert "王慧文何出此言？" in set(s["text"])


def test_front_matter_and_manifest_precedence(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: 前言标题\nauthor: 甲\n---\n\n正文第一句。第二句！\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("猜测的标题\n正文。\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("article,author\na,乙\n", encoding="utf-8")
    c = load_corpus(tmp_path)
    a = c.articles.set_index("article")
    assert (a.loc["a", "title"], a.loc["a", "author"]) == ("前言标题", "乙")
    assert a.loc["b", "title"] == "猜测的标题"
    assert list(c.sentences["text"]) == ["正文第一句。", "第二句！", "正文。"]


def test_split_front_matter():
    assert split_front_matter("正文") == ({}, "", "正文")
    with pytest.raises(CorpusError, match="x.md: front matter is not valid YAML"):
        split_front_matter("---\ntitle: [unclosed\n---\n正文", path="x.md")


def test_classify_lines():
    assert classify_lines(["**01**", "正文。", "---", "感谢阅读！"]) == ["heading", "body", "", "boilerplate"]
    assert classify_lines(["![alt](a.png)", "文章来源：[甲](http://a)", "2.3", "可行吗？"]) == \
        ["caption", "metadata", "heading", "heading"]
    assert classify_lines([]) == []


def test_load_article_and_errors(tmp_path):
    c = load_article(config.SEEDS_DIR / f"{A}.txt")
    assert list(c.articles["article"]) == [A]
    with pytest.raises(CorpusError, match="no such file"):
        load_article(tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="errors must be"):
        load_corpus(errors="ignore")


def test_cli_clean_prints_simplified_body():
    out = subprocess.run([sys.executable, "-m", "analysis", "clean", str(config.SEEDS_DIR / f"{B}.txt")],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("引言\n本文系承接上篇")
    assert "白熊观察员：永远" not in out and "(chuàng)" not in out
    report = subprocess.run([sys.executable, "-m", "analysis", "clean", "--report", "--csv",
                             str(config.SEEDS_DIR / f"{B}.txt")], capture_output=True, text=True, check=True).stdout
    assert report.splitlines()[0] == "article,step,n_changes,chars_removed,chars_added,examples"


def test_cli_error_is_one_line(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "analysis", "clean", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {bad}: file is empty"
