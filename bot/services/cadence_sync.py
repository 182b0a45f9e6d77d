"""Mirror the config's cadences into the ``cadences`` table, which occurrences point at."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.domain.cadence import Cadence
from bot.domain.schedule import format_duration
from bot.persistence.models import Cadence as CadenceRow
from bot.persistence.repositories import occurrences as cadence_rows


@dataclass
class CadenceChanges:
    changed: list[str] = field(default_factory=list)  # added, edited or back in the config
    deactivated: list[str] = field(default_factory=list)


def sync_cadences(
    session: Session, cadences: Iterable[Cadence], *, now: datetime
) -> CadenceChanges:
    """Upsert one row per configured cadence; deactivate (never delete) the removed ones.

    A new cadence is stamped with ``now``: nothing of it is due before it was added.
    """
    changes = CadenceChanges()
    rows = cadence_rows.all_by_id(session)
    configured = set()
    for cadence in cadences:
        configured.add(cadence.id)
        definition = cadence_definition(cadence)
        digest = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()
        row = rows.get(cadence.id)
        if row is None:
            row = CadenceRow(id=cadence.id, created_at=now)
            session.add(row)
        elif row.config_hash == digest and row.active:
            continue
        row.kind, row.title, row.active = cadence.kind, cadence.display_name, True
        row.definition, row.config_hash = definition, digest
        changes.changed.append(cadence.id)
    for cadence_id, row in rows.items():
        if cadence_id not in configured and row.active:
            row.active = False
            changes.deactivated.append(cadence_id)
    return changes


def cadence_definition(cadence: Cadence) -> dict[str, Any]:
    """The cadence as plain JSON, durations spelt as in the config."""
    plain: dict[str, Any] = json.loads(json.dumps(asdict(cadence), default=_plain))
    return plain


def _plain(value: object) -> str:
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no JSON spelling")
