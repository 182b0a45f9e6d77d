"""Block Kit limits the simulated workspace enforces, as one table, and the walk that applies them.

Each problem reads like Slack's own:
``must be at most 24 characters [json-pointer:/view/title/text]``.
Limits come from Slack's Block Kit reference; only the ones Cadence can plausibly hit are listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

MESSAGE_TEXT_MAX_CHARS = 40_000


class Measure(Enum):
    CHARS = "characters"
    ITEMS = "items"
    VALUE = "value"


@dataclass(frozen=True)
class Limit:
    """`field` (dotted; `*` = every list item) of objects of kind `applies_to` has a maximum."""

    applies_to: str
    field: str
    max: int
    measure: Measure = Measure.CHARS


CHARS, ITEMS, VALUE = Measure.CHARS, Measure.ITEMS, Measure.VALUE

# Kinds: a block or element `type`, or "block" / "element" / "option" / "view" / "message".
LIMITS: tuple[Limit, ...] = (
    Limit("message", "blocks", 50, ITEMS),
    Limit("view", "blocks", 100, ITEMS),
    Limit("view", "private_metadata", 3000),
    Limit("view", "callback_id", 255),
    Limit("view", "external_id", 255),
    Limit("modal", "title.text", 24),
    Limit("modal", "submit.text", 24),
    Limit("modal", "close.text", 24),
    Limit("block", "block_id", 255),
    Limit("section", "text.text", 3000),
    Limit("section", "fields", 10, ITEMS),
    Limit("section", "fields.*.text", 2000),
    Limit("header", "text.text", 150),
    Limit("actions", "elements", 25, ITEMS),
    Limit("context", "elements", 10, ITEMS),
    Limit("input", "label.text", 2000),
    Limit("input", "hint.text", 2000),
    Limit("element", "action_id", 255),
    Limit("button", "text.text", 75),
    Limit("button", "value", 2000),
    Limit("static_select", "options", 100, ITEMS),
    Limit("static_select", "option_groups", 100, ITEMS),
    Limit("overflow", "options", 5, ITEMS),
    Limit("plain_text_input", "max_length", 3000, VALUE),
    Limit("option", "text.text", 75),
    Limit("option", "value", 150),
)

VIEW_TYPES = ("modal", "home")


def message_problems(*, text: Any, blocks: Any) -> list[str]:
    problems: list[str] = []
    if isinstance(text, str) and len(text) > MESSAGE_TEXT_MAX_CHARS:
        problems.append(f"must be at most {MESSAGE_TEXT_MAX_CHARS} characters [json-pointer:/text]")
    if blocks is not None:
        problems += _blocks_problems(blocks, "/blocks")
        problems += _limit_problems({"blocks": blocks}, {"message"}, "")
    return problems


def view_problems(view: Any) -> list[str]:
    if not isinstance(view, dict):
        return ["must be an object [json-pointer:/view]"]
    view_type = view.get("type")
    if view_type not in VIEW_TYPES:
        return [f"must be one of {', '.join(VIEW_TYPES)} [json-pointer:/view/type]"]
    problems: list[str] = []
    if view_type == "modal" and not isinstance(view.get("title"), dict):
        problems.append("missing required field: title [json-pointer:/view]")
    problems += _limit_problems(view, {"view", view_type}, "/view")
    problems += _blocks_problems(view.get("blocks", []), "/view/blocks")
    return problems


def _blocks_problems(blocks: Any, pointer: str) -> list[str]:
    if not isinstance(blocks, list):
        return [f"must be an array [json-pointer:{pointer}]"]
    problems: list[str] = []
    block_ids: list[tuple[str, Any]] = []
    for index, block in enumerate(blocks):
        block_pointer = f"{pointer}/{index}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            problems.append(f"must be an object with a type [json-pointer:{block_pointer}]")
            continue
        block_ids.append((block_pointer, block.get("block_id")))
        problems += _block_tree_problems(block, block_pointer)
    return problems + _duplicates("block_id", block_ids)


def _block_tree_problems(block: dict[str, Any], pointer: str) -> list[str]:
    problems = _limit_problems(block, {"block", block["type"]}, pointer)
    action_ids: list[tuple[str, Any]] = []
    for element_pointer, element in _elements(block, pointer):
        action_ids.append((element_pointer, element.get("action_id")))
        kinds = {"element", str(element.get("type"))}
        problems += _limit_problems(element, kinds, element_pointer)
        for option_pointer, option in _options(element, element_pointer):
            problems += _limit_problems(option, {"option"}, option_pointer)
    return problems + _duplicates("action_id", action_ids)


def _duplicates(name: str, ids: list[tuple[str, Any]]) -> list[str]:
    """Block ids must be unique in a message or view, action ids within their block."""
    seen: set[Any] = set()
    problems: list[str] = []
    for pointer, value in ids:
        if value is not None and value in seen:
            problems.append(f"duplicate {name} {value!r} [json-pointer:{pointer}]")
        seen.add(value)
    return problems


def _elements(block: dict[str, Any], pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for key in ("accessory", "element"):
        if isinstance(block.get(key), dict):
            yield f"{pointer}/{key}", block[key]
    if block["type"] == "actions":
        for index, element in enumerate(block.get("elements") or []):
            if isinstance(element, dict):
                yield f"{pointer}/elements/{index}", element


def _options(element: dict[str, Any], pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, option in enumerate(element.get("options") or []):
        yield f"{pointer}/options/{index}", option
    for group_index, group in enumerate(element.get("option_groups") or []):
        for index, option in enumerate(group.get("options") or []):
            yield f"{pointer}/option_groups/{group_index}/options/{index}", option


def _limit_problems(obj: dict[str, Any], kinds: set[str], pointer: str) -> list[str]:
    problems: list[str] = []
    for limit in LIMITS:
        if limit.applies_to not in kinds:
            continue
        for field_pointer, value in _resolve(obj, limit.field.split("."), pointer):
            if _exceeds(value, limit):
                problems.append(f"{_describe(limit)} [json-pointer:{field_pointer}]")
    return problems


def _resolve(obj: Any, path: list[str], pointer: str) -> Iterator[tuple[str, Any]]:
    if not path:
        yield pointer, obj
        return
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(obj, list):
        for index, item in enumerate(obj):
            yield from _resolve(item, rest, f"{pointer}/{index}")
    elif isinstance(obj, dict) and head in obj:
        yield from _resolve(obj[head], rest, f"{pointer}/{head}")


def _exceeds(value: Any, limit: Limit) -> bool:
    if limit.measure is VALUE:
        return isinstance(value, int) and value > limit.max
    if limit.measure is ITEMS:
        return isinstance(value, list) and len(value) > limit.max
    return isinstance(value, str) and len(value) > limit.max


def _describe(limit: Limit) -> str:
    if limit.measure is VALUE:
        return f"must be at most {limit.max}"
    return f"must be at most {limit.max} {limit.measure.value}"
