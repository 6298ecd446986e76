"""The `portal` package has no import cycles (TYPE_CHECKING imports aside), and every module imports."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "hooks" / "portal"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, modules: set[str]) -> set[str]:
    """Return the package modules a module imports when it runs (not those under `if TYPE_CHECKING:`)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 1 or base == "portal" or base.startswith("portal."):
                base = base.removeprefix("portal").lstrip(".")
                if base:
                    found.add(base.split(".")[0])
                else:  # `from . import a, b`
                    found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("portal."):
                    found.add(alias.name.split(".")[1])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found & modules


def import_graph() -> dict[str, set[str]]:
    """Return {module: the package modules it imports at run time}, from the source. A sub-package
    (the MkDocs adapter) is one node: what its modules import from the package (`from ..x`)."""
    paths = {path.stem: path for path in sorted(PACKAGE.glob("*.py")) if path.stem != "__init__"}
    packages = {path.parent.name: path.parent for path in sorted(PACKAGE.glob("*/__init__.py"))}
    names = set(paths) | set(packages)
    graph = {name: _imports(ast.parse(path.read_text(encoding="utf-8")), names) for name, path in paths.items()}
    for name, folder in packages.items():
        found: set[str] = set()
        for path in sorted(folder.glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level == 2:
                    base = node.module or ""
                    found.update([base.split(".")[0]] if base else [alias.name for alias in node.names])
        graph[name] = found & names - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """Return one cycle of `graph` as [a, b, …, a], or [] when there is none."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return []


def test_find_cycle_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert "adapter" in graph and "pages" in graph["adapter"]  # the graph is read
    assert find_cycle(graph) == []


@pytest.mark.parametrize("name", sorted(import_graph()))
def test_each_module_imports(name: str) -> None:
    importlib.import_module(f"portal.{name}")
