"""Bytes -> text (analysis.decode): encodings found, binary and oversized files refused with the file named."""
from __future__ import annotations

import pytest

from analysis import decode as D
from analysis.errors import CorpusError


@pytest.mark.parametrize("data, expected", [
    ("大模型的团队".encode("utf-8"), ("大模型的团队", "utf-8")),
    ("大模型的团队".encode("gbk"), ("大模型的团队", "gb18030")),
    ("大廠的團隊".encode("big5"), ("大廠的團隊", "big5hkscs")),
    ("\ufeff大厂\r\n团队".encode("utf-8"), ("大厂\n团队", "utf-8-sig")),
    ("大厂\r团队".encode("utf-16"), ("大厂\n团队", "utf-16")),
])
def test_decode_bytes(data, expected):
    assert D.decode_bytes(data) == expected


@pytest.mark.parametrize("data, match", [(b"", "empty"), (b"\x00\x01\x02\x03" * 50, "binary"),
                                         (b"\xef\xbb\xbf\xff\xfe\xfd", "byte-order mark")])
def test_bad_bytes_name_the_file(data, match):
    with pytest.raises(CorpusError, match=match) as info:
        D.decode_bytes(data, path="x.txt")
    assert "x.txt" in str(info.value)


def test_read_bytes_limits(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_bytes(b"x" * 20)
    assert D.read_bytes(f) == b"x" * 20
    monkeypatch.setattr(D, "MAX_FILE_BYTES", 10)
    with pytest.raises(CorpusError, match="over the"):
        D.read_bytes(f)
    link = tmp_path / "b.txt"
    link.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(CorpusError, match="broken"):
        D.read_bytes(link)


def test_load_still_exports_the_names():
    from analysis import load

    assert load.decode_bytes is D.decode_bytes and load.MAX_FILE_BYTES == D.MAX_FILE_BYTES
