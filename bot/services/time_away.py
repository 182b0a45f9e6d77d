"""Being away: ``/cadence away FROM TO`` excuses what falls due meanwhile; ``back`` ends it.

Dates are the person's local dates, inclusive, like the config's time off. An occurrence is
excused when its due date (in its own zone) is in the span, whether the person is its subject
or its counterpart (the rep of a 1:1): the same rule the planner applies to planned time off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.domain.messages import CancelReason, MessagePurpose
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.operating_system import OperatingSystem
from bot.domain.recurrence import to_local
from bot.persistence.models import Occurrence, OutboxState, Person, TimeOff, TimeOffSource
from bot.persistence.repositories import my_items, nudges, outbox, time_off
from bot.services.delivery.hours import send_at
from bot.services.errors import InvalidSubmission, NotAllowed
from bot.services.outcomes import announce

EXCUSED = "excused"
SUBJECT_AWAY = "time off"
COUNTERPART_AWAY = "counterpart time off"
# Local dates span UTC-12…UTC+14: look this far around the span, then compare local dates.
ZONE_MARGIN = timedelta(days=2)
LONGEST_ABSENCE = timedelta(days=366)
FURTHEST_AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class Away:
    time_off_id: int
    starts_on: date
    ends_on: date
    excused: int


def declare_away(
    session: Session, *, person_id: int, starts_on: date, ends_on: date, now: datetime
) -> Away:
    person = _person(session, person_id)
    problem = away_problem(starts_on, ends_on, today=to_local(now, person.timezone).date())
    if problem is not None:
        raise InvalidSubmission(problem)
    span = time_off.declare(
        session, person_id=person.id, starts_on=starts_on, ends_on=ends_on, reason="away (Slack)"
    )
    excused = 0
    for occurrence in _due_in(session, person=person, starts_on=starts_on, ends_on=ends_on):
        _excuse(session, occurrence, person=person, now=now)
        excused += 1
    return Away(span.id, starts_on, ends_on, excused)


def away_problem(starts_on: date, ends_on: date, *, today: date) -> str | None:
    """Why these dates are not time off one may declare in Slack, or None.

    Bounded on both sides: at most a year long and ending at most a year from today, so every
    date the planner then computes around it stays far from the calendar's end.
    """
    if ends_on < starts_on:
        return "The first date must not be after the last one."
    if ends_on < today:
        return "That time off is already over."
    if ends_on - starts_on > LONGEST_ABSENCE:
        return "Time off is limited to a year; ask an admin for longer."
    if ends_on - today > FURTHEST_AHEAD:
        return "Time off can be declared at most a year ahead."
    return None


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotAllowed("You're not on the roster.")
    return person


def _due_in(
    session: Session, *, person: Person, starts_on: date, ends_on: date
) -> list[Occurrence]:
    candidates = my_items.involving_between(
        session,
        person_id=person.id,
        start=datetime.combine(starts_on, time(), tzinfo=UTC) - ZONE_MARGIN,
        end=datetime.combine(ends_on, time(), tzinfo=UTC) + ZONE_MARGIN,
    )
    return [o for o in candidates if starts_on <= to_local(o.due_at, o.tz).date() <= ends_on]


def _excuse(session: Session, occurrence: Occurrence, *, person: Person, now: datetime) -> None:
    occurrence.status = OccurrenceStatus.EXCUSED
    occurrence.excused_reason = _reason(occurrence, person)
    announce(
        session,
        occurrence,
        key=EXCUSED,
        now=now,
        payload={"outcome": EXCUSED},
        reason=CancelReason.OCCURRENCE_EXCUSED,
    )


def _reason(occurrence: Occurrence, person: Person) -> str:
    return SUBJECT_AWAY if occurrence.subject_id == person.id else COUNTERPART_AWAY


def come_back(
    session: Session,
    *,
    person_id: int,
    now: datetime,
    operating_system: OperatingSystem | None = None,
) -> TimeOff | None:
    """End the person's Slack-declared time off today; None when they were not away.

    Time off from the config is the admin's to change (a sync would restore it), so it stays.
    What was excused for later days of the span opens again.
    """
    person = _person(session, person_id)
    today = to_local(now, person.timezone).date()
    spans = [
        s
        for s in time_off.covering(session, person_id=person.id, day=today)
        if s.source is TimeOffSource.SLACK
    ]
    for span in spans:
        span.ends_on = today
    if spans:
        _reopen_after(
            session, person=person, today=today, now=now, operating_system=operating_system
        )
    return spans[0] if spans else None


def _reopen_after(
    session: Session,
    *,
    person: Person,
    today: date,
    now: datetime,
    operating_system: OperatingSystem | None,
) -> None:
    """Reopen what this person's absence excused after today, unless other time off covers it."""
    session.flush()
    still_away = time_off.ending_after(session, person_id=person.id, day=today)
    reasons = (SUBJECT_AWAY, COUNTERPART_AWAY)
    for occurrence in my_items.excused_after(
        session, person_id=person.id, after=now, reasons=reasons
    ):
        due_on = to_local(occurrence.due_at, occurrence.tz).date()
        if (
            due_on > today
            and occurrence.excused_reason == _reason(occurrence, person)
            and not any(span.starts_on <= due_on <= span.ends_on for span in still_away)
        ):
            _reopen(session, occurrence, now=now, operating_system=operating_system)


def _reopen(
    session: Session,
    occurrence: Occurrence,
    *,
    now: datetime,
    operating_system: OperatingSystem | None,
) -> None:
    """Back on the rhythm: its nudges resume, and a DM already marked excused gets a fresh one."""
    opened = occurrence.opens_at <= now
    occurrence.status = OccurrenceStatus.OPEN if opened else OccurrenceStatus.SCHEDULED
    occurrence.excused_reason = None
    nudges.revive_cancelled(
        session,
        occurrence_id=occurrence.id,
        cancelled_because=CancelReason.OCCURRENCE_EXCUSED,
        now=now,
    )
    outbox.cancel_pending(
        session,
        occurrence_id=occurrence.id,
        purposes=[MessagePurpose.DONE_UPDATE],
        reason=CancelReason.BACK_FROM_TIME_OFF,
    )
    if opened and outbox.state_of(session, f"occ:{occurrence.id}:{EXCUSED}") is OutboxState.SENT:
        # Back at 21:00: the fresh nudge waits for their working hours, and is not sent if
        # those only begin once the item is due.
        at = send_at(
            operating_system,
            recipient=occurrence.subject,
            purpose=MessagePurpose.OPEN,
            at=now,
            due_at=occurrence.due_at,
        )
        if at is None:
            return
        outbox.enqueue(
            session,
            dedupe_key=f"occ:{occurrence.id}:open:back:{now:%Y%m%dT%H%M%S}",
            purpose=MessagePurpose.OPEN,
            key="open",
            recipient_id=occurrence.subject_id,
            send_after=at,
            occurrence_id=occurrence.id,
        )
