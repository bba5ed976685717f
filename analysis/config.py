"""Every path the package uses, relative to the package itself (never the working directory).

>>> from analysis import config
>>> config.SEEDS_DIR.name, config.DATA_DIR.name
('seeds', 'data')
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
PROJECT_DIR = PACKAGE_DIR.parent
SEEDS_DIR = PROJECT_DIR / "seeds"
FIGURES_DIR = PROJECT_DIR / "figures"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"

#: File endings the loader reads from a seeds folder.
ARTICLE_SUFFIXES = (".txt", ".md")
#: The manifest of article metadata kept beside the raw files.
MANIFEST_NAME = "manifest.csv"


def data_path(name: str) -> Path:
    """Path of a file shipped in ``analysis/data``.

    >>> data_path("README.md").exists()
    True
    """
    return DATA_DIR / name


def data_lines(path: str | Path):
    """Non-empty, non-comment lines of a tab-separated data file (user dictionary, stopword lists),
    split on tabs.

    >>> next(data_lines(data_path("userdict.tsv")))[:3]
    ['大模型', '2000', 'n']
    """
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("# "):
            yield line.rstrip("\n").split("\t")
