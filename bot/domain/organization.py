"""The organisation-wide settings every rule reads: calendar defaults and privacy threshold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Organization:
    name: str
    timezone: str
    currency: str = "USD"
    # ISO weekday numbers (Monday = 1 … Sunday = 7) on which people may be messaged.
    working_days: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    holidays: frozenset[date] = frozenset()
    anonymity_threshold: int = 3
    admins: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimeOff:
    """A person's absence, inclusive on both ends, in that person's local dates."""

    email: str
    start: date
    end: date
    reason: str = field(default="time off")

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end
