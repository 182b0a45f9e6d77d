"""A seeded quarter of history for the example organisation in ``cadence_config.yaml``.

``seed_quarter`` writes the 13 weeks from Mon 20 Jul to Mon 12 Oct 2026 for Dana Lee's three
managers — Carlos Mendoza (Los Angeles), Jordan Ellis (New York) and Aisha Brooks (Chicago) —
each owing a weekly forecast (due Wed 17:00 local) and a weekly team meeting (due Fri 17:00).
Everything is on time except what ``EXCEPTIONS`` says; 20 Jul is all missed and lies outside
every window of the digest of 19 Oct, so any leak shows in the figures. The expected figures
are worked out in tests/services/test_digests.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.config import load_operating_system
from bot.domain.occurrence import OccurrenceStatus, SkipReason, SolutionType
from bot.domain.operating_system import OperatingSystem
from bot.persistence.models import (
    ActualsSource,
    CoachingRating,
    ForecastActual,
    ForecastAdjustment,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
)
from bot.persistence.repositories.people import all_by_email
from bot.services.roster_sync import sync_roster

S = OccurrenceStatus
CONFIG = Path(__file__).resolve().parents[2] / "cadence_config.yaml"
FORECAST, TEAM = "weekly-forecast", "team-meeting"
CARLOS, JORDAN, AISHA = "carlos@acme.example", "jordan@acme.example", "aisha@acme.example"
DANA = "dana@acme.example"
FIRST_WEEK = date(2026, 7, 20)
WEEKS = [FIRST_WEEK + timedelta(weeks=n) for n in range(13)]  # 20 Jul … 12 Oct
K = 1000


def example_os() -> OperatingSystem:
    return load_operating_system(CONFIG)


# (manager, cadence, week) → status, where it is not "on time" (20 Jul: everything missed).
EXCEPTIONS = {
    (CARLOS, TEAM, date(2026, 9, 7)): S.MISSED,
    (CARLOS, TEAM, date(2026, 9, 28)): S.MISSED,
    (CARLOS, TEAM, date(2026, 10, 12)): S.MISSED,
    (JORDAN, TEAM, date(2026, 9, 14)): S.SKIPPED,
    (JORDAN, FORECAST, date(2026, 10, 12)): S.MISSED,
    (AISHA, FORECAST, date(2026, 9, 21)): S.DONE_LATE,
    (AISHA, FORECAST, date(2026, 10, 5)): S.DONE_LATE,
}


@dataclass
class Seeder:
    session: Session
    operating_system: OperatingSystem
    ids: dict[str, int]
    versions: dict[int, int] = field(default_factory=dict)
    occurrences: dict[tuple[str, str, date], Occurrence] = field(default_factory=dict)

    def local(self, who: str, day: date, hhmm: time) -> datetime:
        zone = ZoneInfo(self.operating_system.roster[who].timezone)
        return datetime.combine(day, hhmm, tzinfo=zone).astimezone(UTC)

    def occurrence(
        self, cadence: str, who: str, week: date, status: S, *, due_weekday: int
    ) -> Occurrence:
        due = self.local(who, week + timedelta(days=due_weekday), time(17))
        row = Occurrence(
            cadence_id=cadence,
            subject_id=self.ids[who],
            period_start=week,
            opens_at=self.local(who, week, time(9)),
            due_at=due,
            closes_at=due + timedelta(days=1),
            tz=self.operating_system.roster[who].timezone,
            status=status,
            skip_reason=SkipReason.OTHER if status is S.SKIPPED else None,
            completed_at=due - timedelta(hours=1) if status.is_done else None,
        )
        self.session.add(row)
        self.session.flush()
        self.occurrences[(who, cadence, week)] = row
        return row

    def forecast(self, occurrence: Occurrence, commit: int, *, at: datetime) -> None:
        version = self.versions[occurrence.id] = self.versions.get(occurrence.id, 0) + 1
        self.session.add(
            ForecastSubmission(
                occurrence_id=occurrence.id,
                version=version,
                commit=Decimal(commit),
                best_case=Decimal(commit),
                pipeline=Decimal(commit),
                currency="USD",
                submitted_by_id=occurrence.subject_id,
                submitted_at=at,
            )
        )

    def note(self, manager: str, rep: str, held_on: date, solution: SolutionType) -> None:
        self.session.add(
            OneOnOneNote(
                manager_id=self.ids[manager],
                rep_id=self.ids[rep],
                held_on=held_on,
                topics="Pipeline",
                solution_type=solution,
                submitted_at=datetime.combine(held_on, time(18), tzinfo=UTC),
            )
        )

    def rating(self, rep: str, period: date, *, yes: bool, usefulness: int | None) -> None:
        manager = self.operating_system.roster.manager_of(rep)
        assert manager is not None
        self.session.add(
            CoachingRating(
                rep_id=self.ids[rep],
                manager_id=self.ids[manager.email],
                period_start=period,
                received_coaching=yes,
                usefulness=usefulness,
                submitted_at=datetime.combine(period + timedelta(days=5), time(12), tzinfo=UTC),
            )
        )

    def actual(self, manager: str, amount: int) -> None:
        self.session.add(
            ForecastActual(
                manager_id=self.ids[manager],
                period="2026-Q3",
                period_start=date(2026, 7, 1),
                period_end=date(2026, 9, 30),
                amount=Decimal(amount),
                source=ActualsSource.CSV,
                imported_at=datetime(2026, 10, 2, tzinfo=UTC),
            )
        )


def seed_people(session: Session, operating_system: OperatingSystem) -> Seeder:
    """The example roster and cadences, as ``cadence-bot sync`` writes them (no Slack)."""
    sync_roster(session, operating_system, directory=None, now=datetime(2026, 7, 1, tzinfo=UTC))
    ids = {email: row.id for email, row in all_by_email(session).items()}
    return Seeder(session, operating_system, ids)


def seed_quarter(session: Session, operating_system: OperatingSystem) -> Seeder:
    seed = seed_people(session, operating_system)
    for week in WEEKS:
        for manager in (CARLOS, JORDAN, AISHA):
            _seed_week(seed, manager, week)
    # Revisions: Carlos raises his call before the deadline; Aisha edits after it (not scored).
    carlos_oct_12 = seed.occurrences[(CARLOS, FORECAST, date(2026, 10, 12))]
    seed.forecast(carlos_oct_12, 110 * K, at=seed.local(CARLOS, date(2026, 10, 14), time(10)))
    aisha_aug_17 = seed.occurrences[(AISHA, FORECAST, date(2026, 8, 17))]
    seed.forecast(aisha_aug_17, 130 * K, at=seed.local(AISHA, date(2026, 8, 20), time(9)))
    for manager, amount in ((CARLOS, 120 * K), (JORDAN, 90 * K), (AISHA, 100 * K)):
        seed.actual(manager, amount)
    _seed_adjustments(seed)
    _seed_coaching(seed)
    session.flush()
    return seed


def _seed_week(seed: Seeder, manager: str, week: date) -> None:
    for cadence, due_weekday in ((FORECAST, 2), (TEAM, 4)):
        default = S.MISSED if week == FIRST_WEEK else S.DONE_ON_TIME
        status = EXCEPTIONS.get((manager, cadence, week), default)
        occurrence = seed.occurrence(cadence, manager, week, status, due_weekday=due_weekday)
        if cadence == FORECAST and status.is_done:
            # On time: Tuesday noon; late: Thursday noon, after Wednesday's 17:00 deadline.
            day = week + timedelta(days=1 if status is S.DONE_ON_TIME else 3)
            first = 105 * K if (manager, week) == (CARLOS, WEEKS[-1]) else 100 * K
            seed.forecast(occurrence, first, at=seed.local(manager, day, time(12)))


def _seed_adjustments(seed: Seeder) -> None:
    # Dana's first call is superseded by her second: the latest one stands.
    for amount, day, note in (
        (50 * K, 13, "first call"),
        (80 * K, 14, "Jordan's team is on track; his forecast is not in"),
    ):
        seed.session.add(
            ForecastAdjustment(
                leader_id=seed.ids[DANA],
                period_start=date(2026, 10, 12),
                amount=Decimal(amount),
                note=note,
                created_at=datetime(2026, 10, day, 15, tzinfo=UTC),
            )
        )


SEPTEMBER_NOTES = {
    CARLOS: [SolutionType.COACHING] * 3 + [SolutionType.FIELD_TRAINING, SolutionType.FEEDBACK],
    JORDAN: [SolutionType.COACHING] + [SolutionType.FEEDBACK] * 3,
    AISHA: [SolutionType.COACHING] * 2 + [SolutionType.TRAINING] * 2,
}
# Pulse of 14 Sep: (rep, received coaching, usefulness). Only 2 of Carlos's 5 reps answered.
SEPTEMBER_RATINGS = [
    ("emily@acme.example", True, 4),
    ("jake@acme.example", True, 5),
    ("sam@acme.example", True, 3),
    ("olivia@acme.example", False, None),
    ("marcus@acme.example", True, 4),
    ("rachel@acme.example", False, None),
    ("devon@acme.example", True, 2),
    ("ben@acme.example", True, 5),
    ("lauren@acme.example", True, 4),
    ("diego@acme.example", True, 4),
    ("hailey@acme.example", False, None),
]


def _seed_coaching(seed: Seeder) -> None:
    for manager, solutions in SEPTEMBER_NOTES.items():
        reps = seed.operating_system.roster.reps_of(manager)
        for n, solution in enumerate(solutions):
            seed.note(manager, reps[n % len(reps)].email, date(2026, 9, 2 + 7 * (n % 4)), solution)
    for rep, yes, usefulness in SEPTEMBER_RATINGS:
        seed.rating(rep, date(2026, 9, 14), yes=yes, usefulness=usefulness)
    # Outside September, the one month the digest of 19 Oct shows: must change nothing.
    seed.note(CARLOS, "emily@acme.example", date(2026, 8, 26), SolutionType.FEEDBACK)
    seed.note(CARLOS, "jake@acme.example", date(2026, 8, 27), SolutionType.FEEDBACK)
    seed.rating("maria@acme.example", date(2026, 8, 31), yes=True, usefulness=1)
