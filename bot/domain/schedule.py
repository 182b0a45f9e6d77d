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
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from operator import itemgetter

from bot.domain.cadence import Audience, Cadence, Frequency
from bot.domain.calendar import PersonCalendar
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedDigest, PlannedMessage, PlannedOccurrence
from bot.domain.recurrence import Period, monday_of, next_period, periods, to_local, to_utc
from bot.domain.rhythm_start import RhythmStart
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
    """The days and hours ``person`` may be messaged: one shared calendar per zone, time off
    and working hours."""
    hours = person.working_hours or operating_system.organization.working_hours
    key = (person.timezone, operating_system.time_off_of(person.email), hours)
    calendar = operating_system.calendars.get(key)
    if calendar is None:
        calendar = operating_system.calendars[key] = PersonCalendar(
            tz=person.timezone,
            working_days=operating_system.organization.working_days,
            holidays=operating_system.organization.holidays,
            time_off=key[1],
            working_hours=hours,
        )
    return calendar


def _lookback(cadence: Cadence) -> timedelta:
    weeks = cadence.schedule.interval * (1 if cadence.schedule.every is Frequency.WEEK else 5)
    return timedelta(weeks=weeks + 1)


def _excuse(
    subject: PersonCalendar, counterpart: PersonCalendar | None, *, due_day: date
) -> str | None:
    if subject.is_holiday(due_day):
        return "holiday"
    if subject.is_away(due_day):
        return "time off"
    if counterpart is not None and counterpart.is_away(due_day):
        return "counterpart time off"
    return None


# A message with its recipient left open — the subject, or the subject's manager when
# ``to_manager`` — as it is for everyone who shares the same calendars.
_Nudge = tuple[MessagePurpose, str, datetime, str, bool]  # purpose, key, at, tz, to_manager


def _nudges(
    cadence: Cadence,
    cal: PersonCalendar,
    manager_cal: PersonCalendar | None,
    *,
    opens: datetime,
    due: datetime,
) -> tuple[_Nudge, ...]:
    """The open, the reminders that still land before due, and the escalation (to the manager,
    in their calendar), in the order they go out."""
    candidates: list[_Nudge] = []
    wanted = [(MessagePurpose.OPEN, "open", opens)] + [
        (MessagePurpose.REMINDER, key, max(due - before, opens))
        for key, before in _reminder_keys(cadence.reminders)
    ]
    for purpose, key, at in wanted:
        moved = cal.next_messaging_instant(at)
        if moved is not None and moved < due:
            candidates.append((purpose, key, moved, cal.tz, False))
    if cadence.escalate_after is not None and manager_cal is not None:
        escalation = manager_cal.next_messaging_instant(due + cadence.escalate_after)
        if escalation is not None:
            candidates.append(
                (MessagePurpose.ESCALATION, "escalation", escalation, manager_cal.tz, True)
            )
    return tuple(sorted(candidates, key=itemgetter(2)))


@cache
def _reminder_keys(reminders: tuple[timedelta, ...]) -> tuple[tuple[str, timedelta], ...]:
    return tuple((f"reminder:{format_duration(r)}", r) for r in reminders)


@dataclass(frozen=True, slots=True)
class _Window:
    """A period's instants in one zone: the same for everyone in that zone."""

    period: Period
    opens: datetime
    due: datetime
    closes: datetime


def _window(cadence: Cadence, period: Period, tz: str) -> _Window:
    opens, due = to_utc(period.opens, tz), to_utc(period.due, tz)
    closes = to_utc(next_period(cadence.schedule, period).opens, tz)
    return _Window(period=period, opens=opens, due=due, closes=max(closes, due))


# What an occurrence in one window implies for everyone with the same calendars: its excuse,
# or its nudges.
_Shared = tuple[str | None, tuple[_Nudge, ...]]


def occurrences_between(
    operating_system: OperatingSystem,
    *,
    start: datetime,
    end: datetime,
    opening_from: datetime | None = None,
    rhythm: RhythmStart | None = None,
) -> Iterator[PlannedOccurrence]:
    """Every occurrence whose window [opens, closes) overlaps [start, end).

    With ``opening_from``, only those that open at or after it (what a later horizon adds);
    with ``rhythm``, only those it expects (due after the rhythm started for their cadence and
    people, see ``bot.domain.rhythm_start``).

    A period's instants depend on the cadence and the zone only, so they are computed once per
    zone (a cadence with none in any zone is skipped without looking at its audience), and an
    occurrence is built only for a window that qualifies; its excuse and nudges
    depend on the calendars of its subject, counterpart and manager only, so they are computed
    once per window and such calendars.
    """
    roster = operating_system.roster
    zones = {person.timezone for person in roster}
    for cadence in operating_system.cadences:
        by_zone = {
            tz: _windows_between(
                cadence, tz, start=start, end=end, opening_from=opening_from, rhythm=rhythm
            )
            for tz in zones
        }
        if not any(by_zone.values()):
            continue  # e.g. a tick that reached no new period: nobody to look at
        shared: dict[
            tuple[PersonCalendar, PersonCalendar | None, PersonCalendar | None],
            dict[int, _Shared],
        ] = {}
        for subject, counterpart in audience_members(operating_system, cadence.audience):
            windows = by_zone[subject.timezone]
            if not windows:
                continue
            joined = None
            if rhythm is not None:
                joined = rhythm.of_people(subject.email, counterpart.email if counterpart else None)
            cal = calendar_of(operating_system, subject)
            counterpart_cal = calendar_of(operating_system, counterpart) if counterpart else None
            escalates = cadence.escalate_after is not None
            manager = roster.manager_of(subject.email) if escalates else None
            manager_cal = calendar_of(operating_system, manager) if manager else None
            calendars = (cal, counterpart_cal, manager_cal)
            known = shared.get(calendars)
            if known is None:
                known = shared[calendars] = {}
            for i, window in enumerate(windows):
                if joined is not None and window.due <= joined:
                    continue
                implied = known.get(i)
                if implied is None:
                    implied = known[i] = _implied(cadence, window, *calendars)
                yield _planned(cadence, subject, counterpart, manager, window, implied)


def _implied(
    cadence: Cadence,
    window: _Window,
    cal: PersonCalendar,
    counterpart_cal: PersonCalendar | None,
    manager_cal: PersonCalendar | None,
) -> _Shared:
    reason = _excuse(cal, counterpart_cal, due_day=window.period.due.date())
    if reason is not None:
        return reason, ()
    return None, _nudges(cadence, cal, manager_cal, opens=window.opens, due=window.due)


def _planned(
    cadence: Cadence,
    subject: Person,
    counterpart: Person | None,
    manager: Person | None,
    window: _Window,
    implied: _Shared,
) -> PlannedOccurrence:
    reason, nudges = implied
    return PlannedOccurrence(
        cadence_id=cadence.id,
        kind=cadence.kind,
        subject=subject.email,
        counterpart=counterpart.email if counterpart else None,
        period_start=window.period.start,
        opens_at=window.opens,
        due_at=window.due,
        closes_at=window.closes,
        tz=subject.timezone,
        excused_reason=reason,
        messages=tuple(
            PlannedMessage(
                purpose=purpose,
                key=key,
                recipient=manager.email if to_manager and manager else subject.email,
                at=at,
                tz=tz,
            )
            for purpose, key, at, tz, to_manager in nudges
        ),
    )


def _windows_between(
    cadence: Cadence,
    tz: str,
    *,
    start: datetime,
    end: datetime,
    opening_from: datetime | None,
    rhythm: RhythmStart | None,
) -> list[_Window]:
    first_day = to_local(start, tz).date() - _lookback(cadence)
    last_day = to_local(end, tz).date()
    owed_after = rhythm.of_cadence(cadence.id, tz) if rhythm is not None else None
    windows = []
    for period in periods(cadence.schedule, first_day=first_day, last_day=last_day):
        window = _window(cadence, period, tz)
        overlaps = window.opens < end and window.closes > start
        if (
            overlaps
            and (opening_from is None or window.opens >= opening_from)
            and (owed_after is None or window.due > owed_after)
        ):
            windows.append(window)
    return windows


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


# Cached: the schedule engine names every reminder of every occurrence with it.
@cache
def format_duration(value: timedelta) -> str:
    """A stable spelling of ``value`` in hours and minutes (``26h``, ``1h30m``).

    Hours, not days, so a reminder's key reads as the config usually writes it (``24h``).
    """
    hours, minutes = divmod(int(value.total_seconds()) // 60, 60)
    text = "".join(f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m")) if n)
    return text or "0m"
