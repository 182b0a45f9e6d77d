"""A small hand-built operating system for schedule tests (no config file involved)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from bot.domain.cadence import (
    Audience,
    Cadence,
    DigestSchedule,
    Frequency,
    Kind,
    Schedule,
    WeekdayTime,
)
from bot.domain.operating_system import OperatingSystem, Organization, TimeOff
from bot.domain.roster import Person, Roster

MON, TUE, WED, THU, FRI, SAT, SUN = range(1, 8)


def at(weekday: int, hhmm: str, nth: int | None = None) -> WeekdayTime:
    hours, minutes = hhmm.split(":")
    return WeekdayTime(weekday=weekday, at=time(int(hours), int(minutes)), nth=nth)


def weekly_forecast(**changes: object) -> Cadence:
    cadence = Cadence(
        id="weekly-forecast",
        kind=Kind.FORECAST,
        audience=Audience.MANAGERS,
        schedule=Schedule(every=Frequency.WEEK, opens=at(MON, "09:00"), due=at(WED, "17:00")),
        reminders=(timedelta(hours=24), timedelta(hours=2)),
        escalate_after=timedelta(hours=4),
    )
    return replace(cadence, **changes)  # type: ignore[arg-type]


def one_on_one(**changes: object) -> Cadence:
    cadence = Cadence(
        id="rep-1on1",
        kind=Kind.ONE_ON_ONE,
        audience=Audience.MANAGER_REP_PAIRS,
        schedule=Schedule(
            every=Frequency.WEEK,
            interval=2,
            starting=date(2026, 1, 5),
            opens=at(MON, "09:00"),
            due=at(FRI, "17:00"),
        ),
    )
    return replace(cadence, **changes)  # type: ignore[arg-type]


def person(email: str, tz: str, reports_to: str | None = None) -> Person:
    return Person(email=email, name=email.split("@")[0].title(), timezone=tz, reports_to=reports_to)


def acme(
    *,
    cadences: tuple[Cadence, ...],
    time_off: tuple[TimeOff, ...] = (),
    holidays: frozenset[date] = frozenset(),
    people: tuple[Person, ...] | None = None,
    digest: DigestSchedule | None = None,
) -> OperatingSystem:
    """VP (New York) → leader (Chicago) → managers in Chicago, Kolkata and Adelaide → reps."""
    roster = people or (
        person("vp@acme.example", "America/New_York"),
        person("lead@acme.example", "America/Chicago", "vp@acme.example"),
        person("chi@acme.example", "America/Chicago", "lead@acme.example"),
        person("kol@acme.example", "Asia/Kolkata", "lead@acme.example"),
        person("adl@acme.example", "Australia/Adelaide", "lead@acme.example"),
        person("rep.chi@acme.example", "America/Chicago", "chi@acme.example"),
        person("rep.kol@acme.example", "Asia/Kolkata", "kol@acme.example"),
        person("rep.adl@acme.example", "Australia/Adelaide", "adl@acme.example"),
    )
    return OperatingSystem(
        organization=Organization(name="Acme", timezone="America/Chicago", holidays=holidays),
        roster=Roster(roster),
        cadences=cadences,
        time_off=time_off,
        digest=digest,
    )
