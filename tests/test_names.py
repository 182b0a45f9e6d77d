"""Names in the package never hide a standard-library module the package itself uses.

A parameter called ``os`` or ``calendar`` makes ``os.environ`` or ``calendar.monthrange`` in the
same function mean something else; the reader has to check which one is meant.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import bot

PACKAGE = Path(bot.__file__).resolve().parent


def _trees() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported_stdlib_modules() -> set[str]:
    imported: set[str] = set()
    for _, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    return imported & set(sys.stdlib_module_names)


def _parameters(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                yield node.lineno, argument.arg


def test_no_parameter_is_named_after_a_standard_library_module_the_package_imports() -> None:
    modules = _imported_stdlib_modules()
    assert {"os", "calendar", "enum"} <= modules  # the check looks at what it should

    shadowing = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {name}"
        for path, tree in _trees()
        for line, name in _parameters(tree)
        if name in modules
    ]

    assert shadowing == []
