"""The pure core stays framework-free, so the rules can be run and tested without a database.

The threshold engine and the case clock import the standard library, each its own package and
(for the clock) the bank-holiday calendar: no Django, nothing else from casereview, and
neither the other.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "casereview"
ALLOWED = {"threshold": {"casereview.threshold"}, "clock": {"casereview.clock", "holidays"}}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def _allowed(name: str, package: str) -> bool:
    top = name.split(".")[0]
    if top in sys.stdlib_module_names or top == "__future__":
        return True
    return any(name == a or name.startswith(a + ".") for a in ALLOWED[package])


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_the_package_imports_only_the_standard_library_and_itself(package: str) -> None:
    files = sorted((ROOT / package).glob("*.py"))
    assert files
    strays = {
        f"{path.name}: {name}"
        for path in files
        for name in _imports(path)
        if not _allowed(name, package)
    }
    assert strays == set()
