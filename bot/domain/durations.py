"""Durations as people write them in the config: ``24h``, ``30m``, ``1d 4h``."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+)\s*([dhm])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_duration(text: str) -> timedelta:
    """Parse ``1d 4h 30m`` style text; raise ValueError with what to write instead."""
    cleaned = text.strip().lower()
    parts = _PART.findall(cleaned)
    if not parts or _PART.sub("", cleaned).strip():
        raise ValueError(f"{text!r} is not a duration — write it like '24h', '30m' or '1d 4h'")
    return sum((timedelta(**{_UNITS[unit]: int(value)}) for value, unit in parts), timedelta())


def format_duration(value: timedelta) -> str:
    """A stable config spelling of ``value`` in hours and minutes (``26h``, ``1h30m``)."""
    hours, minutes = divmod(int(value.total_seconds()) // 60, 60)
    text = "".join(f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m")) if n)
    return text or "0m"
