"""Every notebook runs top to bottom in a fresh kernel, without errors or warnings.

Also runs the report notebook with papermill-style parameters on a folder of three articles
(the two seeds plus a small hand-written one) to prove the charts adapt to more than two.
"""
from __future__ import annotations

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from analysis import config

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
THIRD = """# 开源大模型的机会

很多人以为只有大厂才能做大模型，其实开源社区给了小团队机会。
百度和腾讯都在追赶，但独立团队更灵活，也更愿意尝试AI Agent。
不过，烧钱的训练并不能保证成功，应用才是价值所在。
我看好开源大模型，它让创业团队不再依赖大厂。
"""


def _execute(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}})
    client.execute()
    return nb


def _problems(nb: nbformat.NotebookNode) -> list[str]:
    found = []
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {i}: {output.get('ename')}: {output.get('evalue')}")
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = output.get("text", "")
                if "Glyph" in text or "Warning" in text:
                    found.append(f"cell {i} stderr: {text[:300]}")
    return found


def _with_parameters(nb: nbformat.NotebookNode, **params) -> nbformat.NotebookNode:
    """Insert a cell after the one tagged ``parameters``, as papermill does."""
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(index + 1, cell)
    return nb


def test_notebooks_are_numbered_and_stripped():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
        assert "SEEDS = None" in tagged[0].source
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{path.name}: outputs not stripped"
        assert "sys.path" not in "".join(c.source for c in nb.cells)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_clean(path):
    nb = _execute(nbformat.read(path, as_version=4))
    assert _problems(nb) == []


@pytest.mark.slow
def test_report_notebook_with_three_articles(tmp_path):
    seeds = tmp_path / "three"
    shutil.copytree(config.SEEDS_DIR, seeds)
    (seeds / "900_third.md").write_text(THIRD, encoding="utf-8")
    out = tmp_path / "figures"
    nb = nbformat.read(config.NOTEBOOKS_DIR / "05_report.ipynb", as_version=4)
    nb = _execute(_with_parameters(nb, SEEDS=str(seeds), OUT=str(out)))
    assert _problems(nb) == []
    for name in ("term_scatter_1v2", "term_scatter_1v3", "term_scatter_2v3", "wordcloud", "stance_bars"):
        assert (out / f"{name}.png").is_file(), name
    articles = (out / "articles.csv").read_text(encoding="utf-8")
    assert "900_third" in articles
