"""Slack's shapes, for tests: ``state.values`` entries as a view submission sends them, and
readers for what a user would see in a serialised view or message."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

Element = dict[str, Any]


def _option(value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": value, "emoji": True}, "value": value}


def number(value: str | None) -> Element:
    return {"type": "number_input", "value": value}


def plain(value: str | None) -> Element:
    return {"type": "plain_text_input", "value": value}


def picked(value: date | None) -> Element:
    return {"type": "datepicker", "selected_date": value.isoformat() if value else None}


def static(value: str | None) -> Element:
    return {"type": "static_select", "selected_option": _option(value) if value else None}


def multi(values: Sequence[str]) -> Element:
    return {"type": "multi_static_select", "selected_options": [_option(v) for v in values]}


def checkboxes(values: Sequence[str]) -> Element:
    return {"type": "checkboxes", "selected_options": [_option(v) for v in values]}


def radio(value: str | None) -> Element:
    return {"type": "radio_buttons", "selected_option": _option(value) if value else None}


def state(**blocks: Element) -> dict[str, dict[str, Element]]:
    """``state.values``: every element's action_id is its block id, as the builders make them."""
    return {block_id: {block_id: element} for block_id, element in blocks.items()}


def with_rows(values: Mapping[str, Mapping[str, Element]], **rows: Element) -> dict[str, Any]:
    """Add blocks whose ids are not identifiers, given as ``action_item_text__1``."""
    extra = {k.replace("__", "."): {k.replace("__", "."): v} for k, v in rows.items()}
    return {**values, **extra}


def serialised(view_or_blocks: View | Sequence[Block]) -> dict[str, Any]:
    """``to_dict()`` runs slack_sdk's validation of Slack's limits."""
    if isinstance(view_or_blocks, View):
        return view_or_blocks.to_dict()
    return {"blocks": [b.to_dict() for b in view_or_blocks]}


def texts(payload: Any) -> Iterator[str]:
    """Every ``text`` string in a payload, depth first."""
    if isinstance(payload, Mapping):
        for key, value in payload.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from texts(value)
    elif isinstance(payload, list):
        for item in payload:
            yield from texts(item)


def visible_text(payload: Any) -> str:
    return "\n".join(texts(payload))


def block(payload: Mapping[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in payload["blocks"] if b.get("block_id") == block_id)


def elements(payload: Mapping[str, Any], key: str = "action_id") -> list[dict[str, Any]]:
    """Every interactive element (with ``key``) anywhere in a payload."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            if key in node:
                found.append(dict(node))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(payload)
    return found
