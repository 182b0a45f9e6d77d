"""Reading a view submission's ``state.values``: ``{block_id: {action_id: element state}}``.

Each input block holds one element, so values are read by block id alone. Empty inputs arrive
as ``None`` (or are missing); all of these readers return ``None`` / ``[]`` for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.domain.typed_input import parse_iso_date

StateValues = Mapping[str, Mapping[str, Mapping[str, Any]]]


def _element(values: StateValues, block_id: str) -> Mapping[str, Any]:
    actions = values.get(block_id) or {}
    return next(iter(actions.values()), {})


def text(values: StateValues, block_id: str) -> str | None:
    """A plain-text or number input's value, stripped; ``None`` when blank."""
    raw = _element(values, block_id).get("value")
    return raw.strip() or None if isinstance(raw, str) else None


def selected(values: StateValues, block_id: str) -> str | None:
    """The value of a static select's or radio group's selected option."""
    chosen = _element(values, block_id).get("selected_option")
    value = chosen.get("value") if isinstance(chosen, Mapping) else None
    return value if isinstance(value, str) else None


def selected_many(values: StateValues, block_id: str) -> list[str]:
    """The values of a multi-select's or checkbox group's selected options."""
    chosen = _element(values, block_id).get("selected_options") or []
    return [
        o["value"] for o in chosen if isinstance(o, Mapping) and isinstance(o.get("value"), str)
    ]


def picked_date(values: StateValues, block_id: str) -> date | None:
    """A datepicker's ``selected_date`` (``YYYY-MM-DD``); a malformed one reads as no date."""
    raw = _element(values, block_id).get("selected_date")
    return parse_iso_date(raw) if isinstance(raw, str) else None


def has_block(values: StateValues, block_id: str) -> bool:
    return block_id in values
