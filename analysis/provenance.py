"""What produced a set of outputs: the versions of the packages that can change them, and file hashes.

Shared by ``figures/MANIFEST.json`` (:mod:`analysis.figures`) and the interactive report's
provenance (:mod:`analysis.report`), which therefore do not import each other.

>>> sorted(package_versions())[:2]
['analysis', 'fonttools']
"""
from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

from .output import sha256

#: Packages whose versions can change the numbers or the pixels.
PACKAGES = ("analysis", "pandas", "numpy", "jieba", "rjieba", "opencc", "matplotlib", "wordcloud",
            "fonttools", "pyyaml", "pillow")


def package_versions(names=PACKAGES) -> dict[str, str]:
    """Python's version and that of each package of ``names`` (default :data:`PACKAGES`;
    "not installed" when absent)."""
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def file_hashes(folder: Path, *, pattern: str = "*") -> dict[str, str]:
    """File name -> sha256 of every file of ``folder`` matching ``pattern``, in name order."""
    return {p.name: sha256(p) for p in sorted(folder.glob(pattern)) if p.is_file()}
