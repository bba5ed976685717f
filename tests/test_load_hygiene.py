"""Loader cases from the adversarial review (#12): nothing lost silently, one line per bad input,
bounded time and memory. Fixtures are written under ``tmp_path``."""
from __future__ import annotations

import os
import time

import pytest

from analysis import load as L
from analysis.errors import CorpusError

BODY = "大厂的大模型团队正在做应用。创业公司怎么办？\n"


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def one(path):
    return L.load_corpus(path)


def test_nul_after_the_first_4kb_loses_nothing(tmp_path):
    text = "前言。" * 1500 + "腾讯\x00和百度都在做大模型，这一段不能丢。\n"
    corpus = one(write(tmp_path, "a.txt", text))
    assert "腾讯和百度都在做大模型，这一段不能丢。" in corpus.sentences["text"].tolist()


@pytest.mark.parametrize("mark", ["\u200d", "\u2060", "\u00ad", "\u202e", "\u200b", "\ufeff"])
def test_invisible_characters_inside_words_are_removed_and_reported(tmp_path, mark):
    corpus = one(write(tmp_path, "a.txt", f"腾{mark}讯和大{mark}模型都很好。\n"))
    assert corpus.sentences["text"].tolist() == ["腾讯和大模型都很好。"]
    report = corpus.report.set_index("step")
    assert report.loc["controls", "chars_removed"] == 2


def test_a_long_first_paragraph_is_not_a_title(tmp_path):
    long = "这是一段没有句末标点的很长的第一段" * 30
    corpus = one(write(tmp_path, "a.txt", long + "\n" + BODY))
    assert corpus.articles["title"].iloc[0] == ""
    assert corpus.sentences["text"].iloc[0] == long


def test_a_one_line_post_is_its_own_text(tmp_path):
    corpus = one(write(tmp_path, "post.txt", "禁摩限电很好"))
    assert corpus.sentences["text"].tolist() == ["禁摩限电很好"]
    assert corpus.articles["label"].iloc[0] == "post"


def test_a_headline_ending_in_a_question_mark_is_the_title(tmp_path):
    corpus = one(write(tmp_path, "ev.txt", "电动车价格战：谁在裸泳？\n" + BODY))
    assert corpus.articles[["title", "label"]].iloc[0].tolist() == ["电动车价格战：谁在裸泳？"] * 2
    assert corpus.sentences["text"].iloc[0] == "大厂的大模型团队正在做应用。"


def test_a_five_megabyte_one_line_article_loads(tmp_path):
    start = time.perf_counter()
    corpus = one(write(tmp_path, "big.txt", "大模型团队正在做应用。" * 480_000))
    assert len(corpus.sentences) == 480_000 and time.perf_counter() - start < 60


def test_a_rule_near_the_end_cuts_no_sentences(tmp_path):
    corpus = one(write(tmp_path, "a.txt", BODY + "---\n结尾这句话也是正文。\n作者：某某\n"))
    assert "结尾这句话也是正文。" in corpus.sentences["text"].tolist()


def test_markdown_quote_and_list_marks_are_removed(tmp_path):
    corpus = one(write(tmp_path, "a.md", BODY + "> 引用里的话很重要。\n- 列表的第一点。\n"))
    assert corpus.sentences["text"].tolist()[-2:] == ["引用里的话很重要。", "列表的第一点。"]


def test_a_dangling_symlink_is_reported(tmp_path):
    write(tmp_path, "good.txt", BODY)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    with pytest.raises(CorpusError, match="gone.txt: broken or looping symbolic link"):
        L.load_corpus(tmp_path)
    with pytest.warns(UserWarning, match="gone.txt: broken"):
        assert list(L.load_corpus(tmp_path, errors="warn").articles["article"]) == ["good"]


def test_an_unreadable_article_is_one_error(tmp_path, monkeypatch):
    bad = write(tmp_path, "bad.txt", BODY)
    write(tmp_path, "good.txt", BODY)
    real_open = type(bad).open

    def deny(self, *args, **kwargs):
        if self.name == "bad.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(bad), "open", deny)
    with pytest.raises(CorpusError, match="bad.txt: cannot read the file \\(Permission denied\\)"):
        L.load_corpus(tmp_path)
    with pytest.warns(UserWarning, match="bad.txt"):
        assert L.load_corpus(tmp_path, errors="warn").articles["article"].tolist() == ["good"]


@pytest.mark.parametrize("front, message", [
    ("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
     "anchors and aliases"),
    ("title: " + "[" * 10_000 + "\n", "front matter"),
    ("title: " + "长" * 1001 + "\n", "'title' is 1001 characters long"),
    ("title: [a, b]\n", "'title' must be text"),
    ("date: " + "9" * 5000 + "\n", "'date' is 5000 characters long"),
])
def test_bad_front_matter_is_one_error_fast(tmp_path, front, message):
    start = time.perf_counter()
    with pytest.raises(CorpusError, match=message):
        one(write(tmp_path, "a.md", f"---\n{front}---\n{BODY}"))
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("value", ["2024-13-45", "9" * 999, "!!binary aGVsbG8="])
def test_odd_front_matter_values_stay_text(tmp_path, value):
    corpus = one(write(tmp_path, "a.md", f"---\ndate: {value}\n---\n{BODY}"))
    assert corpus.articles["date"].iloc[0] in (value, "aGVsbG8=")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "utf-16"])
def test_manifest_in_excel_and_legacy_encodings(tmp_path, encoding):
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "manifest.csv", "article,title\na,标题甲\n".encode(encoding))
    assert L.load_corpus(tmp_path).articles["title"].tolist() == ["标题甲"]


def test_manifest_with_an_unclosed_quote_is_one_error(tmp_path):
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "manifest.csv", 'article,title\na,"标题\nb,other\n')
    with pytest.raises(CorpusError, match="manifest.csv: not a readable CSV"):
        L.load_corpus(tmp_path)


def test_manifest_listing_an_article_twice_is_one_error(tmp_path):
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "manifest.csv", "article,title\na,one\na,two\n")
    with pytest.raises(CorpusError, match="'a' is listed twice"):
        L.load_corpus(tmp_path)


def test_manifest_with_a_huge_field(tmp_path):
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "manifest.csv", "article,notes\na," + "注" * 140_000 + "\n")
    assert L.read_manifest(tmp_path)["a"]["notes"] == "注" * 140_000


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads anything")
def test_permission_denied_is_one_error(tmp_path):
    path = write(tmp_path, "a.txt", BODY)
    path.chmod(0)
    with pytest.raises(CorpusError, match="cannot read the file"):
        one(path)
