"""Snoozing a nudge: "remind me in 2 hours" or "tomorrow morning", in the person's own zone.

A snooze sets the occurrence's ``snoozed_until`` (the dispatcher holds reminders until then) and
replaces the reminders due before it with one reminder at that instant, so a snooze never
releases a pile of reminders at once. Escalation is left alone: the manager did not snooze.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.calendar import PersonCalendar
from bot.domain.messages import CancelReason, MessagePurpose
from bot.domain.occurrence import SnoozeChoice
from bot.domain.operating_system import OperatingSystem, Organization
from bot.domain.operating_system import TimeOff as DomainTimeOff
from bot.domain.recurrence import to_local, to_utc
from bot.persistence.models import Person
from bot.persistence.repositories import outbox, time_off
from bot.services.delivery.hours import send_at
from bot.services.errors import InvalidSubmission, NotAllowed
from bot.services.outcomes import ensure_not_closed, own_occurrence

MORNING = time(9, 0)


def two_hours_later(now: datetime) -> datetime:
    return now + timedelta(hours=2)


def tomorrow_morning(now: datetime, person_calendar: PersonCalendar) -> datetime:
    """09:00 tomorrow in the person's zone, or on their next day they can be messaged."""
    tomorrow = to_local(now, person_calendar.tz).date() + timedelta(days=1)
    morning = to_utc(datetime.combine(tomorrow, MORNING), person_calendar.tz)
    return person_calendar.next_messaging_instant(morning) or morning


def tomorrow_morning_for(
    session: Session, *, organization: Organization, person: Person, now: datetime
) -> datetime:
    """``tomorrow_morning`` on the person's own calendar, their stored time off included."""
    stored = time_off.by_person(session, [person.id]).get(person.id, [])
    calendar = PersonCalendar(
        tz=person.timezone,
        working_days=organization.working_days,
        holidays=organization.holidays,
        time_off=tuple(
            DomainTimeOff(email=person.email, start=t.starts_on, end=t.ends_on) for t in stored
        ),
    )
    return tomorrow_morning(now, calendar)


def snooze(
    session: Session,
    *,
    occurrence_id: int,
    person_id: int,
    choice: SnoozeChoice,
    operating_system: OperatingSystem,
    now: datetime,
) -> datetime | None:
    """Snooze the person's nudge until the instant their ``choice`` means for them; return when
    the reminder comes (the snooze's end, or the start of their next working hours after it),
    None when those hours begin only once the item is due: no reminder then."""
    organization = operating_system.organization
    person = session.get(Person, person_id)
    if person is None:
        raise NotAllowed("Only people on the roster can snooze.")
    if choice is SnoozeChoice.TWO_HOURS:
        until = two_hours_later(now)
    else:
        until = tomorrow_morning_for(session, organization=organization, person=person, now=now)
    return postpone_reminders(
        session,
        occurrence_id=occurrence_id,
        person_id=person_id,
        until=until,
        now=now,
        operating_system=operating_system,
    )


def postpone_reminders(
    session: Session,
    *,
    occurrence_id: int,
    person_id: int,
    until: datetime,
    now: datetime,
    operating_system: OperatingSystem | None = None,
) -> datetime | None:
    """Hold the occurrence's reminders until ``until``, replaced by one reminder then (or at the
    start of the person's next working hours, if ``until`` falls outside them; none if those
    begin only once the item is due). Returns when the reminder comes; None without one."""
    if until <= now:
        raise InvalidSubmission("A snooze ends in the future.")
    occurrence = own_occurrence(
        session, occurrence_id=occurrence_id, person_id=person_id, kinds=frozenset(Kind)
    )
    ensure_not_closed(occurrence)
    occurrence.snoozed_until = until
    outbox.cancel_pending(
        session,
        occurrence_id=occurrence.id,
        purposes=[MessagePurpose.REMINDER],
        reason=CancelReason.SNOOZED,
        due_before=until,
    )
    reminder_at = send_at(
        operating_system,
        recipient=occurrence.subject,
        purpose=MessagePurpose.REMINDER,
        at=until,
        due_at=occurrence.due_at,
    )
    if reminder_at is None:
        return None
    stamp = int(until.timestamp())
    outbox.enqueue(
        session,
        dedupe_key=f"occ:{occurrence.id}:snooze:{stamp}",
        purpose=MessagePurpose.REMINDER,
        key=f"snooze:{stamp}",
        recipient_id=person_id,
        send_after=reminder_at,
        occurrence_id=occurrence.id,
    )
    return reminder_at
