"""The one exception type the package raises for bad input."""
from __future__ import annotations

from pathlib import Path


class CorpusError(Exception):
    """A file or folder that cannot be turned into articles.

    The message always names the file (or folder) and the reason, on one line, so the CLI
    can print it as it is:

    >>> str(CorpusError("seeds/a.txt", "file is empty"))
    'seeds/a.txt: file is empty'
    """

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # pickled as its two fields, so it crosses from worker processes intact
        return type(self), (self.path, self.reason)
