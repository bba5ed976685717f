"""Provenance (analysis.provenance): package versions and file hashes, shared by figures and the report."""
from __future__ import annotations

from analysis import provenance as P


def test_versions_name_every_package():
    versions = P.package_versions()
    assert set(versions) == {"python", *P.PACKAGES} and all(versions.values())


def test_file_hashes(tmp_path):
    (tmp_path / "b.txt").write_bytes(b"abc")
    (tmp_path / "a.csv").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    assert P.file_hashes(tmp_path) == {
        "a.csv": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "b.txt": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}
    assert list(P.file_hashes(tmp_path, pattern="*.txt")) == ["b.txt"]
    assert P.file_hashes(tmp_path / "sub") == {}
