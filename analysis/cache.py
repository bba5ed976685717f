"""A small disk cache for results that are slow to compute and fully determined by their inputs.

Three things use it, all to make ``python -m analysis figures`` faster on a second run:

* :func:`analysis.tokens.rjieba_verified`, whether rjieba tags the probe text exactly like jieba
  (building the jieba reference takes about a second), keyed by the rjieba and jieba versions and
  the sha256 of the user dictionary and of the probe text;
* :func:`analysis.report.embed.subset_font`, the report's font subset, keyed by the font's
  sha256, the fontTools version, the subsetting options and the characters;
* :mod:`analysis.render`, every chart's PNG and SVG, keyed by the pickled chart job and the
  environment (:func:`analysis.render.environment_key`).

An entry's name is the sha256 of everything its value depends on, so a changed input is a new
entry and never a stale one. Entries are written to a temporary file and moved into place (two
processes writing one entry at once both leave a whole file). A cache that cannot be read or
written is no error: the value is computed as if the cache were empty. The folder is made readable
by its owner only, and not used when another user owns it or could write to it.

The folder is ``$ANALYSIS_CACHE_DIR`` if set, else ``analysis-cache`` in the system's temporary
folder (where jieba keeps its own cache); ``ANALYSIS_CACHE_DIR=off`` turns the cache off. After a run
that stored charts, the least recently used entries are removed past :data:`MAX_BYTES` (:func:`prune`).

>>> name = key("example", 1, "大模型")
>>> len(name), name == key("example", 1, "大模型"), name == key("example", 2, "大模型")
(64, True, False)
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

ENV = "ANALYSIS_CACHE_DIR"
#: Value of :data:`ENV` that turns the cache off.
OFF = "off"
_ENTRY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*-[0-9a-f]{64}")


def cache_dir() -> Path | None:
    """The cache folder (``$ANALYSIS_CACHE_DIR``, else ``<tmp>/analysis-cache``); None when turned off.

    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {ENV: "/tmp/my-cache"}):
    ...     print(cache_dir())
    /tmp/my-cache
    >>> with mock.patch.dict(os.environ, {ENV: "off"}):
    ...     print(cache_dir())
    None
    """
    value = os.environ.get(ENV)
    if value is not None and value.strip().lower() == OFF:
        return None
    return Path(value) if value else Path(tempfile.gettempdir()) / "analysis-cache"


def key(*parts) -> str:
    """Hex sha256 of ``parts`` (strings, numbers, lists, dicts: anything JSON can write).

    >>> key("a", [1, 2]) == key("a", [1, 2]) != key("a", [2, 1])
    True
    """
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes (read whole: for the small and medium files keyed here)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _path(kind: str, name: str) -> Path | None:
    if not kind.isidentifier() or len(name) != 64:
        raise ValueError(f"cache entries are named by a kind (an identifier) and a key(), not {kind!r}, {name!r}")
    folder = cache_dir()
    return None if folder is None or not _private(folder) else folder / f"{kind}-{name}"


def _private(folder: Path) -> bool:
    """Create ``folder`` (mode 700) if missing; usable only if it is ours and nobody else can write
    to it (the default lies in a temporary folder shared by every user of the machine)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and folder.is_dir() and not folder.is_symlink() and not info.st_mode & 0o022


#: Entries being computed by :func:`fill_in_background`: (kind, name) -> the process.
_filling: dict[tuple[str, str], object] = {}


def fill_in_background(kind: str, name: str, compute) -> bool:
    """Start ``compute()`` (which stores the entry ``kind``/``name``) in a forked process, unless the
    entry is stored already, the cache is off or ``fork`` is missing (not Linux); return whether it
    started. :func:`read` of that entry waits for the process first.

    The ``figures`` command starts the rjieba verification this way before it loads the articles,
    so both run at once on two cores.
    """
    import multiprocessing
    import sys

    if (sys.platform != "linux" or (kind, name) in _filling or _path(kind, name) is None
            or read(kind, name) is not None):
        return False
    process = multiprocessing.get_context("fork").Process(target=_fill, args=(compute,), daemon=True)
    process.start()
    _filling[(kind, name)] = process
    return True


def _fill(compute) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    compute()


def read(kind: str, name: str) -> bytes | None:
    """The bytes stored under ``kind`` and ``name`` (a :func:`key`), or None.

    >>> read("example", key("never written")) is None
    True
    """
    filling = _filling.pop((kind, name), None)
    if filling is not None:
        filling.join()
    path = _path(kind, name)
    if path is None:
        return None
    try:
        data = path.read_bytes()
        os.utime(path)  # recently used: pruned last
    except OSError:
        return None
    return data


def write(kind: str, name: str, data: bytes) -> None:
    """Store ``data`` under ``kind`` and ``name``; silently nothing when the folder is not writable."""
    path = _path(kind, name)
    if path is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return


#: :func:`prune` keeps the cache under this many bytes (the seeds' run stores about 3 MB).
MAX_BYTES = 256 * 2**20


def prune(max_bytes: int = MAX_BYTES) -> int:
    """Remove the least recently used entries until the cache holds at most ``max_bytes``; return
    how many were removed. ``figures`` calls it after each run."""
    folder = cache_dir()
    if folder is None or not folder.is_dir():
        return 0
    entries = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if _ENTRY.fullmatch(path.name) and path.is_file() and not path.is_symlink():
                info = path.stat()
                entries.append((info.st_mtime, path.name, info.st_size, path))
    total, removed = sum(e[2] for e in entries), 0
    for _, _, size, path in sorted(entries):
        if total <= max_bytes:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total, removed = total - size, removed + 1
    return removed


def clear() -> int:
    """Remove the entries this module wrote (``<kind>-<64 hex digits>``, nothing else in the folder);
    return how many. Benchmarks measure cold runs with it."""
    folder = cache_dir()
    if folder is None or not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if _ENTRY.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed

