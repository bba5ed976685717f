"""The package stays livable: small functions, modules of readable length, no import cycles.

Complexity is radon's cyclomatic complexity (``radon cc``), the number the code standards name.
Imports are read from the source (``ast``), module-level and inside functions alike, so a lazy
import that closes a cycle is caught too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis import config

MAX_COMPLEXITY = 15
MAX_LINES = 450
PACKAGE = Path(config.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))


def _module_name(path: Path) -> str:
    """``analysis/plots/labels.py`` -> ``analysis.plots.labels``; a package's ``__init__`` -> the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in SOURCES}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The analysis modules one ``from … import …`` statement of ``importer`` loads."""
    if node.level:
        base = importer.split(".") if is_package else importer.split(".")[:-1]
        if node.level > 1:
            base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target != "analysis" and not target.startswith("analysis."):
        return []
    found = []
    for alias in node.names:  # `from . import lexicons` imports a module, not a name
        sub = f"{target}.{alias.name}"
        if sub in MODULES:
            found.append(sub)
    if not found and target in MODULES:
        found.append(target)
    return found


def _import_graph() -> dict[str, set[str]]:
    """``module -> the analysis modules it imports`` (``from`` imports and ``import analysis.x``)."""
    graph = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        edges = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                edges.update(_resolve(name, is_package, node))
            elif isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in MODULES)
        edges.discard(name)
        graph[name] = edges
    return graph


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as ``[a, b, …, a]``, or None (depth-first search, deterministic order)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_the_checks_see_the_whole_package():
    assert "analysis.load" in MODULES and "analysis.plots.common" in MODULES
    assert len(MODULES) > 20


def _functions(blocks):
    """Every function radon saw: top-level, methods, closures and those of inner classes."""
    for block in blocks:
        if hasattr(block, "methods"):  # a class
            yield from _functions([*block.methods, *block.inner_classes])
        else:
            yield block
            yield from _functions(block.closures)


def test_no_function_is_too_complex():
    from radon.complexity import cc_visit

    too_complex = [f"{path.relative_to(PACKAGE.parent)}:{f.lineno} {f.fullname} ({f.complexity})"
                   for path in SOURCES for f in _functions(cc_visit(path.read_text(encoding="utf-8")))
                   if f.complexity > MAX_COMPLEXITY]
    assert not too_complex, f"cyclomatic complexity above {MAX_COMPLEXITY}:\n" + "\n".join(too_complex)


def test_no_module_is_too_long():
    too_long = {str(p.relative_to(PACKAGE.parent)): n for p in SOURCES
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not too_long, f"modules above {MAX_LINES} lines: {too_long}"


def test_no_import_cycle():
    cycle = _find_cycle(_import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ({"a": {"b"}, "b": {"b2"}, "b2": {"b"}}, ["b", "b2", "b"]),
])
def test_find_cycle(graph, expected):
    assert _find_cycle(graph) == expected


def test_relative_imports_resolve():
    node = ast.parse("from ..keywords import kwic").body[0]
    assert _resolve("analysis.plots.keywords", False, node) == ["analysis.keywords"]
    node = ast.parse("from . import config").body[0]
    assert _resolve("analysis", True, node) == ["analysis.config"]
