"""Writing results safely: one CSV writer, and an output folder that is changed all at once.

Two promises to the people who open what the package writes:

* **CSV cells are never formulas.** A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return is what Excel and LibreOffice run as a formula (a title, an author, a
  sentence, a file named ``=cmd.txt``). :func:`write_csv` prefixes such cells with ``'``, as
  OWASP recommends for CSV injection; numbers are left alone. Every CSV the package writes
  goes through it.
* **Nothing outside the output folder is touched, and only files this program wrote are
  removed.** :class:`OutputFolder` stages every file in a hidden folder inside ``out``, then
  moves them into place and writes ``MANIFEST.json`` last. A run holds a lock on the folder,
  so two runs into one folder cannot mix their files (the second stops with one line). An
  interrupted run leaves the folder as the previous run left it. Files from a previous run
  that this run did not write are removed only when the previous ``MANIFEST.json`` carries
  this program's ``generator`` key, the name is a plain file name inside ``out`` with an
  ending the program writes, and the file still has the sha256 the manifest recorded (a file
  the user edited is kept).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .errors import CorpusError

MANIFEST = "MANIFEST.json"
#: The key and value that mark a manifest as written by this package.
GENERATOR = "analysis figures"
#: File endings the package writes into an output folder; nothing else is ever removed.
WRITTEN_SUFFIXES = (".png", ".svg", ".csv", ".json", ".html")
LOCK = ".analysis.lock"
#: Prefix of the hidden folder a run stages its files in (left behind only by a killed run,
#: and removed by the next one).
STAGING = ".staging-"
#: Characters that make a spreadsheet cell a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 1 << 20


def sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB chunks (memory stays flat for any size).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> sha256(f.name)[:12]
    'ba7816bf8f01'
    >>> os.remove(f.name)
    """
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def neutralize_cell(value):
    """``value`` safe to open in a spreadsheet: text starting like a formula gets a leading ``'``.

    >>> neutralize_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralize_cell("-5%的增长"), neutralize_cell(-5), neutralize_cell("大模型")
    ("'-5%的增长", -5, '大模型')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` as it is written: lists and tuples as their ``repr``, formulas neutralised.

    >>> csv_ready(pd.DataFrame({"t": ["=1+1", "ok"], "n": [1, -2], "c": [["a"], ()]}))
           t  n      c
    0  '=1+1  1  ['a']
    1     ok -2     ()
    """
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
            frame[col] = frame[col].map(
                lambda v: neutralize_cell(repr(v) if isinstance(v, (list, tuple)) else v))
    return frame


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as UTF-8 CSV (``\\n`` line ends, no index), formula cells neutralised.

    The input frame is not changed.

    >>> import tempfile, os
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> print(write_csv(pd.DataFrame({"title": ["@SUM(A1)", "标题"]}), path).read_text(encoding="utf-8"), end="")
    title
    '@SUM(A1)
    标题
    >>> os.remove(path)
    """
    path = Path(path)
    csv_ready(frame).to_csv(path, index=False, lineterminator="\n")
    return path


def is_own_manifest(manifest: object) -> bool:
    """Whether a parsed ``MANIFEST.json`` was written by this package.

    Manifests from before the ``generator`` key are recognised by their ``command``.

    >>> is_own_manifest({"generator": "analysis figures", "files": {}})
    True
    >>> is_own_manifest({"files": {"../victim": ""}})
    False
    """
    return isinstance(manifest, dict) and (
        manifest.get("generator") == GENERATOR or manifest.get("command") == "python -m analysis figures")


def removable(out: Path, name: object) -> bool:
    """Whether ``name`` from a manifest may be deleted from ``out``: a plain file name we could have written.

    >>> removable(Path("figures"), "wordcloud.png"), removable(Path("figures"), "../victim.png")
    (True, False)
    >>> removable(Path("figures"), "/etc/passwd"), removable(Path("figures"), "thesis.xlsx")
    (False, False)
    """
    if not isinstance(name, str) or not name or name.startswith(".") or "/" in name or "\\" in name:
        return False
    if Path(name).name != name or Path(name).suffix.lower() not in WRITTEN_SUFFIXES:
        return False
    return (out / name).resolve().parent == out.resolve()


def own_manifest(out: Path) -> dict:
    """The previous run's manifest in ``out`` if this package wrote it, else ``{}``."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return manifest if is_own_manifest(manifest) else {}


def stale_files(out: Path, previous: dict, written: set[str]) -> list[Path]:
    """Files ``previous`` lists that this run did not write and that may safely be removed."""
    files = previous.get("files", {})
    if not isinstance(files, dict):
        return []
    stale = []
    for name, digest in sorted(files.items(), key=lambda kv: str(kv[0])):
        if name in written or not removable(out, name):
            continue
        path = out / name
        if path.is_file() and not path.is_symlink() and sha256(path) == digest:
            stale.append(path)
    return stale


def check_out_folder(out: str | Path, *, seeds: str | Path | None = None) -> Path:
    """``out`` as a folder that may be written: created if missing; never the seeds folder or inside it.

    Raises :class:`~analysis.errors.CorpusError` naming the folder otherwise.

    >>> check_out_folder("seeds/figs", seeds="seeds")
    Traceback (most recent call last):
    ...
    analysis.errors.CorpusError: seeds/figs: output folder is inside the articles folder seeds; choose another --out
    """
    out = Path(out)
    if seeds is not None:
        s, o = Path(seeds).resolve(), out.resolve()
        if o == s or s in o.parents:
            raise CorpusError(out, f"output folder is inside the articles folder {seeds}; choose another --out")
    if out.exists() and not out.is_dir():
        raise CorpusError(out, "output folder is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(out, f"cannot create the output folder ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise CorpusError(out, "output folder is not writable")
    return out


class OutputFolder:
    """Stage files for ``out`` and move them into place together, under a lock.

    Use as a context manager; write into :attr:`staging`; call :meth:`commit` with the
    manifest to publish. Leaving the block without ``commit`` (an error, Ctrl-C) discards
    the staged files and leaves ``out`` untouched.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> with OutputFolder(out) as folder:
    ...     _ = (folder.staging / "a.csv").write_text("x\\n")
    ...     written = folder.commit({"files": {}})
    >>> sorted(p.name for p in out.iterdir())
    ['MANIFEST.json', 'a.csv']
    >>> shutil.rmtree(out)
    """

    def __init__(self, out: str | Path):
        self.out = Path(out)
        self.staging: Path | None = None
        self._lock = None

    def __enter__(self) -> "OutputFolder":
        self._lock = _acquire_lock(self.out)
        for left in self.out.glob(STAGING + "*"):  # from a run that was killed: we hold the lock now
            if left.is_dir() and not left.is_symlink():
                shutil.rmtree(left, ignore_errors=True)
        self.staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=self.out))
        return self

    def __exit__(self, *exc) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()
            with contextlib.suppress(OSError):
                (self.out / LOCK).unlink()

    def commit(self, manifest: dict) -> list[Path]:
        """Move the staged files into ``out``, write ``manifest`` (plus ``files`` hashes), remove stale files.

        Returns the published paths, manifest last.
        """
        previous = own_manifest(self.out)
        staged = sorted((p for p in self.staging.iterdir() if p.is_file()), key=lambda p: p.name)
        files = {p.name: sha256(p) for p in staged}
        manifest = {"generator": GENERATOR, **manifest, "files": files}
        (self.staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")
        for p in [*staged, self.staging / MANIFEST]:  # check every target first: all or nothing moves
            target = self.out / p.name
            if target.exists() and (target.is_dir() or not (target.is_file() or target.is_symlink())):
                raise CorpusError(target, "is in the way of an output file (a folder or a special file); "
                                          "remove or rename it")
        written = []
        for p in [*staged, self.staging / MANIFEST]:
            os.replace(p, self.out / p.name)
            written.append(self.out / p.name)
        for path in stale_files(self.out, previous, set(files) | {MANIFEST}):
            path.unlink()
        return written


def _acquire_lock(out: Path):
    import fcntl

    handle = open(out / LOCK, "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise CorpusError(out, "another run is writing to this folder; wait for it to finish") from None
    return handle
