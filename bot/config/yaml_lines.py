"""Load YAML with PyYAML and remember where every key and list item was written.

The schema and the checks only ever see plain Python data; this module keeps, beside it, a map
from each path (``("cadences", 2, "schedule", "due")``) to its line and column, so every
problem can point at ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.config.problems import Path

MERGE_KEY = "<<"


@dataclass(frozen=True)
class Mark:
    """1-based line and column, as editors show them."""

    line: int
    column: int


@dataclass(frozen=True)
class DuplicateKey:
    path: Path
    line: int
    first_line: int


@dataclass
class LoadedYaml:
    data: Any
    marks: dict[Path, Mark] = field(default_factory=dict)
    duplicate_keys: list[DuplicateKey] = field(default_factory=list)

    @property
    def lines(self) -> dict[Path, int]:
        return {path: mark.line for path, mark in self.marks.items()}


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that keeps an impossible date (``2026-13-01``) as text.

    PyYAML would raise while building the document; as text it reaches the schema, which then
    reports it with its line like any other bad date.
    """


def _timestamp_or_text(loader: _LineLoader, node: Node) -> object:
    assert isinstance(node, ScalarNode)
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def load_yaml(text: str) -> LoadedYaml:
    """Parse one YAML document; raises ``yaml.YAMLError`` (with a mark) on a syntax error."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(data=None)
        loaded = LoadedYaml(data=None)
        # Walk before constructing: construction flattens ``<<`` merges into the node tree,
        # which would make a key that overrides a merged one look like a duplicate.
        _record(node, (), loaded, visiting=set())
        loaded.data = loader.construct_document(node)
        return loaded
    finally:
        loader.dispose()


def _mark(node: Node) -> Mark:
    return Mark(line=node.start_mark.line + 1, column=node.start_mark.column + 1)


def _record(node: Node, path: Path, loaded: LoadedYaml, *, visiting: set[int]) -> None:
    if id(node) in visiting:  # an alias of its own ancestor: nothing new below it
        return
    loaded.marks.setdefault(path, _mark(node))
    visiting = visiting | {id(node)}
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), loaded, visiting=visiting)
    elif isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if key == MERGE_KEY:
                continue
            child, line = (*path, key), _mark(key_node).line
            if key in seen:
                loaded.duplicate_keys.append(DuplicateKey(child, line, seen[key]))
                continue
            seen[key] = line
            # A key's line is where the user wrote the key, not where its value starts.
            loaded.marks[child] = _mark(key_node)
            _record(value_node, child, loaded, visiting=visiting)
