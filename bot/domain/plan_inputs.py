"""A stable digest of everything a plan depends on: equal inputs, equal digest, in any process.

The planner compares it with the digest of its last full plan; while they match, the stored
occurrences and nudges already agree with the plan and only newly reached days need planning.
Python's ``hash`` is salted per process (and sets iterate in hash order), so the digest is
taken over a canonical form: dataclasses by field, sets sorted, the roster by email.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from operator import attrgetter
from typing import Any, cast

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
    kind = type(value)
    if kind in _PLAIN:
        return cast(Canonical, value)
    form = _FORMS.get(kind)
    if form is None:
        form = _FORMS[kind] = _canonical_form(kind)
    return form(value)


# How each type is written, decided once per type: a plan's inputs hold some 300,000 values.
_FORMS: dict[type, Callable[[Any], Canonical]] = {}
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _canonical_form(kind: type) -> Callable[[Any], Canonical]:
    if kind is type(None) or issubclass(kind, str | int | float | bool):
        return _itself
    if issubclass(kind, Enum):
        return lambda value: _canonical(value.value)
    if issubclass(kind, date | datetime | time | timedelta | Decimal):
        return repr
    if issubclass(kind, Roster):
        return lambda roster: [_canonical(p) for p in sorted(roster, key=lambda p: p.email.lower())]
    if dataclasses.is_dataclass(kind):
        name = kind.__name__
        fields = [attrgetter(f.name) for f in dataclasses.fields(kind)]
        return lambda value: [name, *[_canonical(field(value)) for field in fields]]
    if issubclass(kind, set | frozenset):
        return lambda value: sorted((_canonical(v) for v in value), key=repr)
    if issubclass(kind, list | tuple):
        return lambda value: [_canonical(v) for v in value]
    if issubclass(kind, dict):
        return lambda value: sorted(
            ([_canonical(k), _canonical(v)] for k, v in value.items()), key=repr
        )
    return _no_canonical_form


def _itself(value: Canonical) -> Canonical:
    return value


def _no_canonical_form(value: object) -> Canonical:
    # Anything else would fall back to a repr that may name a memory address: never stable.
    raise TypeError(f"no canonical form for {type(value).__name__} in the plan's inputs")
