"""The schedule engine: which occurrences the operating system expects, every message, and
each leader's weekly digest.

Pure: the window is passed in, nothing reads the clock. Rules (the contract):
- times are each recipient's local wall-clock time in their own zone;
- a message that would land on a day its recipient cannot be messaged (non-working day,
  holiday, own time off) moves to their next such day at the same local time; an ``open`` or
  ``reminder`` that then falls at or after the due instant is dropped, an escalation only moves;
- an occurrence whose due date (subject's local date) is a holiday or the subject's or
  counterpart's time off is excused: no nudges, never missed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from bot.domain.cadence import Audience, Cadence, Frequency
from bot.domain.calendar import PersonCalendar
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedDigest, PlannedMessage, PlannedOccurrence
from bot.domain.recurrence import Period, monday_of, next_period, periods, to_local, to_utc
from bot.domain.roster import Person, Role


def audience_members(
    operating_system: OperatingSystem, audience: Audience
) -> list[tuple[Person, Person | None]]:
    """(subject, counterpart) pairs a cadence with this audience is expected of."""
    roster = operating_system.roster
    if audience is Audience.MANAGER_REP_PAIRS:
        return [
            (manager, rep)
            for manager in roster.with_role(Role.MANAGER)
            for rep in roster.reps_of(manager.email)
        ]
    role = {Audience.MANAGERS: Role.MANAGER, Audience.REPS: Role.REP, Audience.LEADERS: Role.LEADER}
    members = roster.with_role(role[audience])
    if audience is Audience.REPS:
        # A rep without a manager has nobody to be coached or managed by.
        members = [p for p in members if roster.manager_of(p.email) is not None]
    return [(person, None) for person in members]


def calendar_of(operating_system: OperatingSystem, person: Person) -> PersonCalendar:
    return PersonCalendar(
        tz=person.timezone,
        working_days=operating_system.organization.working_days,
        holidays=operating_system.organization.holidays,
        time_off=operating_system.time_off_of(person.email),
    )


def _lookback(cadence: Cadence) -> timedelta:
    weeks = cadence.schedule.interval * (1 if cadence.schedule.every is Frequency.WEEK else 5)
    return timedelta(weeks=weeks + 1)


def _excuse(
    operating_system: OperatingSystem,
    *,
    subject: PersonCalendar,
    counterpart: Person | None,
    due_day: date,
) -> str | None:
    if subject.is_holiday(due_day):
        return "holiday"
    if subject.is_away(due_day):
        return "time off"
    if counterpart is not None and calendar_of(operating_system, counterpart).is_away(due_day):
        return "counterpart time off"
    return None


def _nudge(
    cal: PersonCalendar,
    *,
    purpose: MessagePurpose,
    key: str,
    recipient: str,
    at: datetime,
    due: datetime,
) -> PlannedMessage | None:
    moved = cal.next_messaging_instant(at)
    if moved is None or moved >= due:
        return None
    return PlannedMessage(purpose=purpose, key=key, recipient=recipient, at=moved, tz=cal.tz)


def _messages(
    operating_system: OperatingSystem,
    cadence: Cadence,
    subject: Person,
    cal: PersonCalendar,
    *,
    opens: datetime,
    due: datetime,
) -> tuple[PlannedMessage, ...]:
    candidates = [
        _nudge(
            cal, purpose=MessagePurpose.OPEN, key="open", recipient=subject.email, at=opens, due=due
        )
    ]
    for reminder in cadence.reminders:
        candidates.append(
            _nudge(
                cal,
                purpose=MessagePurpose.REMINDER,
                key=f"reminder:{format_duration(reminder)}",
                recipient=subject.email,
                at=max(due - reminder, opens),
                due=due,
            )
        )
    manager = operating_system.roster.manager_of(subject.email)
    if cadence.escalate_after is not None and manager is not None:
        manager_cal = calendar_of(operating_system, manager)
        at = manager_cal.next_messaging_instant(due + cadence.escalate_after)
        if at is not None:
            candidates.append(
                PlannedMessage(
                    purpose=MessagePurpose.ESCALATION,
                    key="escalation",
                    recipient=manager.email,
                    at=at,
                    tz=manager.timezone,
                )
            )
    return tuple(sorted((m for m in candidates if m is not None), key=lambda m: m.at))


def plan_occurrence(
    operating_system: OperatingSystem,
    cadence: Cadence,
    *,
    subject: Person,
    counterpart: Person | None,
    period: Period,
) -> PlannedOccurrence:
    tz = subject.timezone
    opens, due = to_utc(period.opens, tz), to_utc(period.due, tz)
    closes = to_utc(next_period(cadence.schedule, period).opens, tz)
    cal = calendar_of(operating_system, subject)
    reason = _excuse(
        operating_system, subject=cal, counterpart=counterpart, due_day=period.due.date()
    )
    return PlannedOccurrence(
        cadence_id=cadence.id,
        kind=cadence.kind,
        subject=subject.email,
        counterpart=counterpart.email if counterpart else None,
        period_start=period.start,
        opens_at=opens,
        due_at=due,
        closes_at=max(closes, due),
        tz=tz,
        excused_reason=reason,
        messages=()
        if reason
        else _messages(operating_system, cadence, subject, cal, opens=opens, due=due),
    )


def occurrences_between(
    operating_system: OperatingSystem, *, start: datetime, end: datetime
) -> Iterator[PlannedOccurrence]:
    """Every occurrence whose window [opens, closes) overlaps [start, end)."""
    for cadence in operating_system.cadences:
        for subject, counterpart in audience_members(operating_system, cadence.audience):
            first_day = to_local(start, subject.timezone).date() - _lookback(cadence)
            last_day = to_local(end, subject.timezone).date()
            for period in periods(cadence.schedule, first_day=first_day, last_day=last_day):
                occurrence = plan_occurrence(
                    operating_system,
                    cadence,
                    subject=subject,
                    counterpart=counterpart,
                    period=period,
                )
                if occurrence.opens_at < end and occurrence.closes_at > start:
                    yield occurrence


def digests_between(
    operating_system: OperatingSystem, *, start: datetime, end: datetime
) -> Iterator[PlannedDigest]:
    """Every digest due in [start, end); one per recipient and local week, moved, never dropped."""
    digest = operating_system.digest
    if digest is None or not digest.enabled:
        return
    for leader, _ in audience_members(operating_system, digest.to):
        tz, cal = leader.timezone, calendar_of(operating_system, leader)
        # A digest moved off a long absence lands later: look back far enough to still see it.
        monday = monday_of(to_local(start, tz).date()) - timedelta(weeks=6)
        last = to_local(end, tz).date()
        while monday <= last:
            wall = datetime.combine(monday + timedelta(days=digest.at.weekday - 1), digest.at.at)
            at = cal.next_messaging_instant(to_utc(wall, tz))
            if at is not None and start <= at < end:
                yield PlannedDigest(leader=leader.email, week_start=monday, at=at, tz=tz)
            monday += timedelta(weeks=1)


def format_duration(value: timedelta) -> str:
    """A stable spelling of ``value`` in hours and minutes (``26h``, ``1h30m``).

    Hours, not days, so a reminder's key reads as the config usually writes it (``24h``).
    """
    hours, minutes = divmod(int(value.total_seconds()) // 60, 60)
    text = "".join(f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m")) if n)
    return text or "0m"
