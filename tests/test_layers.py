"""The layer rule of CONTRIBUTING.md, checked on the imports and calls of every module.

The domain is pure (no other layer, no SQL, no Slack, no clock); persistence knows nothing of
the use cases or the edges; services reach Slack only through ports, never build SQL (every query
is a repository function) and never read the clock (``now`` is passed in).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import bot

PACKAGE = Path(bot.__file__).resolve().parent
EDGES = ("bot.slack", "bot.scheduling", "bot.cli", "bot.demo")
FORBIDDEN = {
    "domain": ("bot.", "sqlalchemy", "slack_sdk", "slack_bolt", "apscheduler", "httpx"),
    "persistence": ("bot.services", "bot.config", *EDGES),
    "services": ("slack_sdk", "slack_bolt", "apscheduler", *EDGES),
}
# The clock is read at the edges, which pass ``now`` down.
CLOCK_CALLS = {"now", "utcnow", "today"}


def _modules(layer: str) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        name = str(path.relative_to(PACKAGE.parent))
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def _imports(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _breaks(module: str, layer: str) -> bool:
    if layer == "domain" and module.startswith("bot.domain"):
        return False
    return any(module == p.rstrip(".") or module.startswith(p) for p in FORBIDDEN[layer])


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_the_layers_beneath_it(layer: str) -> None:
    crossings = [
        f"{name}: {module}"
        for name, tree in _modules(layer)
        for module in _imports(tree)
        if _breaks(module, layer)
    ]

    assert crossings == []


def test_services_leave_sql_to_the_repositories() -> None:
    builders = [
        f"{name}: from {node.module} import ..."
        for name, tree in _modules("services")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.split(".")[0] == "sqlalchemy"
        and not node.module.startswith("sqlalchemy.orm")
    ]

    assert builders == []


@pytest.mark.parametrize("layer", ["domain", "services"])
def test_rules_and_use_cases_take_now_instead_of_reading_the_clock(layer: str) -> None:
    reads = [
        f"{name}:{node.lineno}"
        for name, tree in _modules(layer)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_CALLS
    ]

    assert reads == []
