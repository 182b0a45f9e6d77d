"""A stable digest of everything a plan depends on: equal inputs, equal digest, in any process.

The planner compares it with the digest of its last full plan; while they match, the stored
occurrences and nudges already agree with the plan and only newly reached days need planning.
Python's ``hash`` is salted per process (and sets iterate in hash order), so the digest is
taken over a canonical form: dataclasses by field, sets sorted, the roster by email.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum

from bot.domain.operating_system import OperatingSystem
from bot.domain.roster import Roster

Canonical = str | int | float | bool | None | list["Canonical"]


def plan_inputs_digest(
    operating_system: OperatingSystem,
    *,
    people: Iterable[tuple[int, str, bool]],
    cadence_ids: Iterable[str],
    horizon: timedelta,
) -> str:
    """SHA-256 over the operating system, the stored people ``(id, email, active)``, the
    active cadence ids and the horizon."""
    canonical: Canonical = [
        _canonical(operating_system),
        sorted((_canonical(person) for person in people), key=repr),
        sorted((_canonical(cadence_id) for cadence_id in cadence_ids), key=repr),
        _canonical(horizon),
    ]
    return hashlib.sha256(repr(canonical).encode()).hexdigest()


def _canonical(value: object) -> Canonical:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Enum):
        return _canonical(value.value)
    if isinstance(value, date | datetime | time | timedelta | Decimal):
        return repr(value)
    if isinstance(value, Roster):
        return [_canonical(p) for p in sorted(value, key=lambda p: p.email.lower())]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return [type(value).__name__, *(_canonical(getattr(value, f.name)) for f in fields)]
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return sorted(([_canonical(k), _canonical(v)] for k, v in value.items()), key=repr)
    # Anything else would fall back to a repr that may name a memory address: never stable.
    raise TypeError(f"no canonical form for {type(value).__name__} in the plan's inputs")
