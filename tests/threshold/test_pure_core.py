"""The pure core stays framework-free, so the rules can be run and tested without a database.

The threshold engine and the case clock import the standard library, each its own package and
(for the clock) the bank-holiday calendar: no Django, nothing else from casereview, and
neither the other. Callers reach the threshold engine through ``engine`` alone.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from casereview.threshold import engine, evaluate, model, months, parse

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


def test_the_engine_hands_callers_the_objects_its_parts_define() -> None:
    # Callers import from engine only, so the parts can be rearranged without them noticing.
    assert engine.parse is parse.parse
    assert engine.evaluate_parsed is evaluate.evaluate_parsed
    assert engine.add_months is months.add_months
    for name in ("Policy", "Complaint", "Result", "RuleResult", "Exclusion", "ThresholdInputError"):
        assert getattr(engine, name) is getattr(model, name)
    assert engine.EXCLUSION_REASONS is model.EXCLUSION_REASONS
    assert set(engine.__all__) == {
        *("EXCLUSION_REASONS", "Complaint", "Exclusion", "Policy", "Reason", "Result"),
        *("RuleName", "RuleResult", "ThresholdInputError", "add_months", "evaluate"),
        *("evaluate_parsed", "parse"),
    }
