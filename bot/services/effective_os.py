"""The operating system as the database knows it now: Slack's time zones and all time off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from bot.domain.operating_system import OperatingSystem
from bot.domain.roster import Person, Roster
from bot.persistence.repositories import people as people_rows
from bot.persistence.repositories import time_off as time_off_rows


def effective_operating_system(
    session: Session,
    operating_system: OperatingSystem,
    people: Sequence[people_rows.PersonRecord] | None = None,
) -> OperatingSystem:
    """``operating_system`` with each synced person's zone and Slack id, plus Slack's time off.

    The config leaves some zones to Slack, and ``/cadence away`` adds absences the file does not
    list; the pure schedule engine must see both to nudge at the right local time and excuse
    the right weeks. ``people`` are the stored people when the caller has already read them.
    """
    stored_people = people_rows.records(session) if people is None else people
    rows = {p.email: p for p in stored_people}

    def synced(person: Person) -> Person:
        row = rows.get(person.email.lower())
        if row is None or (row.timezone, row.slack_id) == (person.timezone, person.slack_id):
            return person
        return replace(person, timezone=row.timezone, slack_id=row.slack_id)

    absences = {(t.email.lower(), t.start, t.end): t for t in operating_system.time_off}
    for stored in time_off_rows.absences_of_active_people(session):
        absences.setdefault((stored.email, stored.start, stored.end), stored)
    return replace(
        operating_system,
        roster=Roster(synced(person) for person in operating_system.roster),
        time_off=tuple(absences.values()),
    )
