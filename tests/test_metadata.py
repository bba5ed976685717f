"""Manifest and front matter (analysis.metadata): values as text, bad files named with the line."""
from __future__ import annotations

import pytest

from analysis import metadata as M
from analysis.errors import CorpusError


def test_front_matter_values_are_text():
    meta, front, rest = M.split_front_matter("---\ntitle: 标题\ndate: 2024-13-45\nseries: ~\n---\n正文")
    assert meta == {"title": "标题", "date": "2024-13-45", "series": ""}
    assert front.endswith("---\n") and rest == "正文"
    assert M.split_front_matter("") == ({}, "", "")


@pytest.mark.parametrize("yaml_text, match", [
    ("title: [unclosed", "not valid YAML"), ("a: &x 1\nb: *x", "anchors"), ("- a\n- b", "mapping"),
    ("title: [a, b]", "must be text"), ("a: " + "[" * 50 + "]" * 50, "nested more than 20 levels"),
    ("a: " + "[" * 100_000, "not valid YAML"), (f"notes: {'长' * (M.MAX_FIELD_CHARS + 1)}", "characters long"),
])
def test_bad_front_matter(yaml_text, match):
    with pytest.raises(CorpusError, match=match) as info:
        M.split_front_matter(f"---\n{yaml_text}\n---\n正文", path="x.md")
    assert "x.md" in str(info.value)


def test_manifest(tmp_path):
    assert M.read_manifest(tmp_path) == {}
    (tmp_path / "manifest.csv").write_text("# comment\narticle,title,author\na,标题,\n", encoding="gbk")
    assert M.read_manifest(tmp_path) == {"a": {"title": "标题"}}
    (tmp_path / "manifest.csv").write_text("article,title\na,x\na,y\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="listed twice"):
        M.read_manifest(tmp_path)
    (tmp_path / "manifest.csv").write_text("id,title\na,x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="'article' column"):
        M.read_manifest(tmp_path)
