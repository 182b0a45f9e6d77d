"""Mirror the config's time off into the ``time_off`` table, beside what people set in Slack."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.domain.operating_system import OperatingSystem
from bot.persistence.models import Person, TimeOff, TimeOffSource
from bot.persistence.repositories import time_off as time_off_rows


def sync_time_off(
    session: Session, operating_system: OperatingSystem, people: dict[str, Person]
) -> tuple[int, int]:
    """Add the config's absences, drop those it no longer lists; (added, removed).

    ``people`` are the synced rows by lower-case email. Absences declared in Slack are never
    touched, and a span someone already declared there is not stored twice.
    """
    wanted = {
        (people[t.email.lower()].id, t.start, t.end): t
        for t in operating_system.time_off
        if t.email in operating_system.roster
    }
    stored = time_off_rows.all_by_span(session)
    added = removed = 0
    for (person_id, starts_on, ends_on), absence in wanted.items():
        row = stored.get((person_id, starts_on, ends_on))
        if row is None:
            session.add(
                TimeOff(
                    person_id=person_id,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    source=TimeOffSource.CONFIG,
                    reason=absence.reason,
                )
            )
            added += 1
        elif row.source is TimeOffSource.CONFIG:
            row.reason = absence.reason
    for row in time_off_rows.of_config(session):
        if (row.person_id, row.starts_on, row.ends_on) not in wanted:
            session.delete(row)
            removed += 1
    return added, removed
