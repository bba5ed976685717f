"""The disk cache: names from every input, atomic entries, off switch, unwritable folders, clearing."""
from __future__ import annotations

import pytest

from analysis import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_key_depends_on_every_part_and_their_order():
    assert cache.key("a", [1, 2], {"x": "大模型"}) == cache.key("a", [1, 2], {"x": "大模型"})
    assert cache.key("a", [1, 2]) != cache.key("a", [2, 1])
    assert cache.key("a", "b") != cache.key("ab")
    assert len(cache.key()) == 64


def test_write_then_read(folder):
    name = cache.key("entry")
    assert cache.read("font_subset", name) is None
    cache.write("font_subset", name, b"\x00woff")
    assert cache.read("font_subset", name) == b"\x00woff"
    assert [p.name for p in folder.iterdir()] == [f"font_subset-{name}"]  # no temporary file left


def test_off_switch_and_default_folder(monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    cache.write("font_subset", cache.key("x"), b"1")
    assert cache.read("font_subset", cache.key("x")) is None
    monkeypatch.delenv(cache.ENV)
    assert cache.cache_dir().name == "analysis-cache"


def test_an_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))  # a folder inside a file cannot be made
    cache.write("font_subset", cache.key("x"), b"1")
    assert cache.read("font_subset", cache.key("x")) is None


def test_clear_removes_only_entries(folder):
    cache.write("rjieba_verified", cache.key("x"), b"true")
    (folder / "notes.txt").write_text("mine")
    assert cache.clear() == 1
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_bad_names():
    with pytest.raises(ValueError, match="kind"):
        cache.read("../up", cache.key("x"))
    with pytest.raises(ValueError, match="kind"):
        cache.write("font_subset", "short", b"")


def test_a_folder_others_can_write_to_is_not_used(folder):
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    cache.write("font_subset", cache.key("x"), b"planted")
    assert cache.read("font_subset", cache.key("x")) is None
    folder.chmod(0o700)
    cache.write("font_subset", cache.key("x"), b"ours")
    assert cache.read("font_subset", cache.key("x")) == b"ours"


def _store_later(name):
    import time

    time.sleep(0.3)
    cache.write("rjieba_verified", name, b"true")


def test_fill_in_background_and_read_waits_for_it(folder):
    name = cache.key("background")
    assert cache.fill_in_background("rjieba_verified", name, lambda: _store_later(name)) is True
    assert cache.read("rjieba_verified", name) == b"true"  # waited for the forked process
    assert cache.fill_in_background("rjieba_verified", name, lambda: _store_later(name)) is False  # stored


def test_fill_in_background_does_nothing_with_the_cache_off(monkeypatch):
    monkeypatch.setenv(cache.ENV, cache.OFF)
    assert cache.fill_in_background("rjieba_verified", cache.key("x"), lambda: None) is False


def test_prune_removes_the_least_recently_used(folder):
    import os

    names = [cache.key(i) for i in range(3)]
    for age, name in zip((300, 200, 100), names):  # names[0] the oldest
        cache.write("chart_png", name, b"x" * 10)
        os.utime(folder / f"chart_png-{name}", (1e9 - age, 1e9 - age))
    assert cache.read("chart_png", names[0]) == b"x" * 10  # reading makes it the most recent
    assert cache.prune(max_bytes=20) == 1
    assert cache.read("chart_png", names[1]) is None
    assert cache.read("chart_png", names[0]) is not None and cache.read("chart_png", names[2]) is not None
    assert cache.prune(max_bytes=20) == 0
