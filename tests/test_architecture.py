"""The shape of the code (docs/architecture.md): no import cycles between modules, and no
imports hidden inside functions to dodge one. The layers themselves are import-linter's
contracts in pyproject.toml, run by `make lint`."""

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parents[1] / "casereview"

# Imports that must wait for something other than a cycle, each with its reason.
LATE_IMPORTS_ALLOWED = {
    # Subscriptions and registrations run once the app registry is ready.
    "apps.py": "AppConfig.ready()",
    # Sentry is set up only when a DSN is configured.
    "config/settings/production.py": "optional dependency",
    # Logging filters are configured before Django's apps are loaded.
    "core/observability/logs.py": "loaded before the app registry",
}


def test_no_module_imports_itself_back() -> None:
    graph = grimp.build_graph("casereview", cache_dir=None)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append(f"{module} <-> {imported}")
    assert cycles == []


def _late_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("casereview")
    ]


def test_no_function_imports_the_product_late_except_for_a_stated_reason() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "migrations" in path.parts or relative.endswith(tuple(LATE_IMPORTS_ALLOWED)):
            continue
        found += [f"{relative}:{line}" for line in _late_imports(path)]
    assert found == []
