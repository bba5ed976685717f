"""analysis.output: the CSV writer and the output folder (nothing outside it is ever touched)."""
from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from analysis.errors import CorpusError
from analysis.output import (MANIFEST, OutputFolder, check_out_folder, csv_ready, neutralize_cell,
                             sha256, write_csv)


def _run(out, files: dict[str, bytes]) -> list:
    with OutputFolder(out) as folder:
        for name, data in files.items():
            (folder.staging / name).write_bytes(data)
        return folder.commit({"command": "test"})


@pytest.mark.parametrize("listed", ["../victim", "/ABS/victim", "sub/../../victim", "..", ".", ""])
def test_a_manifest_naming_files_outside_out_never_deletes_them(tmp_path, listed):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("x")
    listed = listed.replace("/ABS/victim", str(victim))
    manifest = {"generator": "analysis figures", "files": {listed: sha256(victim)}}
    (out / MANIFEST).write_text(json.dumps(manifest))
    _run(out, {"a.csv": b"a\n"})
    assert victim.read_text() == "x"


def test_a_foreign_manifest_deletes_nothing(tmp_path):
    (tmp_path / "thesis_data.csv").write_text("mine")
    foreign = {"files": {"thesis_data.csv": sha256(tmp_path / "thesis_data.csv")}}
    (tmp_path / MANIFEST).write_text(json.dumps(foreign))
    _run(tmp_path, {"a.csv": b"a\n"})
    assert (tmp_path / "thesis_data.csv").read_text() == "mine"


def test_only_unchanged_files_of_our_own_earlier_run_are_removed(tmp_path):
    _run(tmp_path, {"old.png": b"old", "edited.csv": b"v1", "kept.csv": b"k"})
    (tmp_path / "edited.csv").write_bytes(b"the user changed this")
    (tmp_path / "notes.txt").write_text("mine")
    written = _run(tmp_path, {"kept.csv": b"k"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["MANIFEST.json", "edited.csv", "kept.csv", "notes.txt"]
    assert [p.name for p in written] == ["kept.csv", MANIFEST]


def test_a_symlink_listed_by_our_manifest_is_not_followed(tmp_path):
    out = tmp_path / "out"
    victim = tmp_path / "victim.png"
    victim.write_bytes(b"v")
    _run(out if out.mkdir() is None else out, {"link.png": b"v"})
    (out / "link.png").unlink()
    (out / "link.png").symlink_to(victim)
    _run(out, {"a.csv": b"a\n"})
    assert victim.read_bytes() == b"v"


def test_an_interrupted_run_leaves_the_folder_as_it_was(tmp_path):
    _run(tmp_path, {"a.csv": b"first\n"})
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(KeyboardInterrupt), OutputFolder(tmp_path) as folder:
        (folder.staging / "a.csv").write_bytes(b"second\n")
        raise KeyboardInterrupt
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_second_run_into_a_locked_folder_stops_with_one_line(tmp_path):
    with OutputFolder(tmp_path):
        with pytest.raises(CorpusError, match="another run is writing"):
            OutputFolder(tmp_path).__enter__()
    _run(tmp_path, {"a.csv": b"a\n"})  # the lock is released afterwards


def test_out_inside_or_equal_to_the_seeds_is_refused(tmp_path):
    for out in (tmp_path, tmp_path / "figs"):
        with pytest.raises(CorpusError, match="inside the articles folder"):
            check_out_folder(out, seeds=tmp_path)
    assert not (tmp_path / "figs").exists()


def test_out_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(CorpusError, match="is a file"):
        check_out_folder(tmp_path / "f")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_out_read_only_is_refused(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(CorpusError, match="not writable"):
            check_out_folder(tmp_path)
    finally:
        tmp_path.chmod(0o700)


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(cell):
    assert neutralize_cell(cell) == "'" + cell


def test_numbers_and_plain_text_are_left_alone():
    assert [neutralize_cell(v) for v in (-1, 2.5, "大模型", "", None)] == [-1, 2.5, "大模型", "", None]


def test_write_csv_neutralises_every_text_column_and_keeps_the_input(tmp_path):
    frame = pd.DataFrame({"title": ["=HYPERLINK(1)"], "text": ["-据报道"], "n": [-3],
                          "cues": [["=x"]]})
    copy = frame.copy()
    path = write_csv(frame, tmp_path / "t.csv")
    assert path.read_text(encoding="utf-8") == "title,text,n,cues\n'=HYPERLINK(1),'-据报道,-3,['=x']\n"
    pd.testing.assert_frame_equal(frame, copy)


def test_empty_frame_writes_only_the_header(tmp_path):
    assert write_csv(pd.DataFrame(columns=["a"]), tmp_path / "e.csv").read_text() == "a\n"
    assert csv_ready(pd.DataFrame()).empty


def test_a_folder_in_the_way_stops_the_run_before_anything_moves(tmp_path):
    _run(tmp_path, {"a.csv": b"old\n"})
    (tmp_path / "report.html").mkdir()
    with pytest.raises(CorpusError, match="report.html: is in the way of an output file"):
        _run(tmp_path, {"a.csv": b"new\n", "report.html": b"<html>"})
    assert (tmp_path / "a.csv").read_bytes() == b"old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".staging-")]


def test_staging_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    (tmp_path / ".staging-abc123").mkdir()
    (tmp_path / ".staging-abc123" / "x.png").write_bytes(b"x")
    _run(tmp_path, {"a.csv": b"a\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["MANIFEST.json", "a.csv"]
