"""Bytes -> text: the first step of loading (:mod:`analysis.load`), and of reading the manifest.

A file is read whole up to :data:`MAX_FILE_BYTES` (:func:`read_bytes`), then decoded
(:func:`decode_bytes`): a BOM (UTF-8, UTF-16) wins; NUL bytes mean UTF-16 without BOM or binary
data; then strict UTF-8; then GB18030 and Big5-HKSCS strictly, the one that reads most like
Chinese text (common characters, see :func:`analysis.mojibake.common_chars`); then
charset-normalizer for the rest. The encoding found is returned with the text; CRLF becomes LF.
Anything undecodable or binary is a :class:`~analysis.errors.CorpusError` naming the file.

>>> decode_bytes("大廠".encode("big5"))
('大廠', 'big5hkscs')
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import CorpusError

#: Larger files are refused before they are read: an essay is kilobytes, not a dump of megabytes.
MAX_FILE_BYTES = 20 * 2**20
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: Legacy Chinese encodings are decoded with their supersets (GB18030 contains GBK and GB2312).
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}


def decode_bytes(data: bytes, *, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes; returns ``(text, encoding)``. Raises :class:`CorpusError` for binary data.

    >>> decode_bytes("大模型".encode("gbk"))
    ('大模型', 'gb18030')
    >>> decode_bytes(b"\\xef\\xbb\\xbfAI\\r\\n")
    ('AI\\n', 'utf-8-sig')
    """
    if not data:
        raise CorpusError(path, "file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _newlines(data.decode(encoding)), encoding
            except UnicodeDecodeError as exc:
                raise CorpusError(path, f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}") from None
    if b"\x00" in data[:4096]:
        best = _most_plausible(data, ("utf-16-le", "utf-16-be"))
        if best is None:
            raise CorpusError(path, "binary data, not text (NUL bytes)")
        return _newlines(best[0]), best[1]
    try:
        return _newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    best = _most_plausible(data, _CHINESE_ENCODINGS)
    if best is not None:
        return _newlines(best[0]), best[1]
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise CorpusError(path, "cannot detect the text encoding (binary file, or undecodable bytes)")
    encoding = _SUPERSET.get(best.encoding, best.encoding)
    text = _strict_decode(data, encoding)
    if text is None:
        raise CorpusError(path, f"undecodable bytes for the detected encoding {encoding}")
    if _control_share(text) > 0.01:
        raise CorpusError(path, "binary data, not text (control characters)")
    return _newlines(text), encoding


#: Tried strictly before charset-normalizer, which mistakes short Big5 for Shift-JIS and GB18030 for UTF-16.
_CHINESE_ENCODINGS = ("gb18030", "big5hkscs")
_PLAIN = re.compile(r"[\x20-\x7e\n\t\u3000-\u303f\uff00-\uffef“”‘’…—]")


def _plausibility(text: str) -> float:
    """Share of characters that are plain ASCII, CJK punctuation or common Chinese characters
    (the wrong one of GB18030/Big5 decodes strictly too, but into rare characters)."""
    from .mojibake import common_chars, simplified_char

    sample = text[:20_000]
    common = common_chars()
    good = sum(1 for ch in sample if _PLAIN.match(ch) or simplified_char(ch) in common)
    return good / max(1, len(sample))


def _most_plausible(data: bytes, encodings) -> tuple[str, str] | None:
    """``(text, encoding)`` of the strict decoding that reads most like text (share >= 0.6), else None."""
    best = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if score >= 0.6 and (best is None or score > best[0]):
            best = (score, text, encoding)
    return None if best is None else best[1:]


def _strict_decode(data: bytes, encoding: str) -> str | None:
    """``data`` decoded strictly, or None (undecodable bytes, or an encoding Python does not know)."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _control_share(text: str) -> float:
    """Share of control characters (but tab, newline, carriage return, form feed) in the first 20,000."""
    sample = text[:20_000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / max(1, len(sample))


def _newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; size limit, unreadable files and broken links as :class:`CorpusError`."""
    if path.is_symlink() and not path.exists():
        raise CorpusError(path, "broken or looping symbolic link")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CorpusError(path, f"file is {size / 2**20:.1f} MB, over the {MAX_FILE_BYTES / 2**20:.0f} MB "
                                    "limit for one article (split it, or raise analysis.decode.MAX_FILE_BYTES)")
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CorpusError(path, f"cannot read the file ({exc.strerror or exc})") from None
