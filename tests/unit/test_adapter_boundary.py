"""Only the adapter sub-package (hooks/portal/adapter/) imports MkDocs or Material.

The rest of `portal` is plain Python, tested without MkDocs, so it can move to another engine
(Material is in maintenance; MkDocs 2 drops plugins). The hook file only translates events.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import REPO

HOOKS = REPO / "hooks"
PACKAGE = HOOKS / "portal"
ADAPTER = PACKAGE / "adapter"
ENGINES = {"mkdocs", "material", "properdocs"}


def imported(path: Path) -> list[tuple[int, str]]:
    """Return (line, module) of every import in `path`, relative ones resolved inside `portal`."""
    parts = list(path.relative_to(HOOKS).with_suffix("").parts)
    package = parts if parts[-1] == "__init__" else parts[:-1]
    package = [part for part in package if part != "__init__"]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found += [(node.lineno, module)] + [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def outside_adapter() -> list[Path]:
    return sorted(path for path in [*PACKAGE.rglob("*.py"), HOOKS / "portal_hooks.py"]
                  if ADAPTER not in path.parents and "__pycache__" not in path.parts)


@pytest.mark.parametrize("path", outside_adapter(), ids=lambda path: path.relative_to(HOOKS).as_posix())
def test_no_module_outside_the_adapter_imports_the_engine(path: Path) -> None:
    engine = [f"{path.relative_to(REPO)}:{line}: {module}" for line, module in imported(path)
              if module.partition(".")[0] in ENGINES]
    assert not engine, "MkDocs/Material imports belong in hooks/portal/adapter/:\n" + "\n".join(engine)


@pytest.mark.parametrize("path", [p for p in outside_adapter() if p.name != "portal_hooks.py"],
                         ids=lambda path: path.relative_to(HOOKS).as_posix())
def test_no_module_of_the_package_imports_the_adapter(path: Path) -> None:
    """Else MkDocs would come in through the adapter: only the hook file uses it."""
    through = [f"{path.relative_to(REPO)}:{line}: {module}" for line, module in imported(path)
               if module == "portal.adapter" or module.startswith("portal.adapter.")]
    assert not through, "\n".join(through)


def test_the_check_sees_the_adapters_own_imports() -> None:
    modules = {module for path in ADAPTER.glob("*.py") for _, module in imported(path)}
    assert "mkdocs.structure.files.File" in modules and "portal.options.Options" in modules
    assert "portal.adapter" in {module for _, module in imported(HOOKS / "portal_hooks.py")}
