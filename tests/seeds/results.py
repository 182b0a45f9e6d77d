"""A quarter of rhythm and results whose every figure is worked out by hand in the tests.

Lee leads eight managers (everyone in UTC, three reps each). Each manager owes a weekly forecast
(due Wed 17:00) and a weekly team meeting (due Fri 17:00) for the weeks of 7, 14, 21 and 28
September 2026 — Hal only for the last one: he joined late. ``STATUSES`` lists what is not on
time. Each forecast's commit is the manager's ``COMMIT`` (best case 20,000 more), submitted on
the Tuesday, before the deadline; a late forecast is submitted on the Thursday, after it.

Results for 2026-Q3: ``TARGETS`` in the config (Cat's 100,000 replaced by an imported 200,000;
Hal has none) and ``ACTUALS`` imported for the quarter (Fay booked nothing: no row).
Coaching in August: ``NOTES`` (1:1s logged: coaching or not) and ``ANSWERS`` (reps' ratings:
3 answers for Ann and Ben — exactly the threshold, shown — 2 for Cat and 1 for Dan, below it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from bot.config import load_operating_system
from bot.domain.occurrence import OccurrenceStatus, SkipReason, SolutionType
from bot.domain.operating_system import OperatingSystem
from bot.persistence.models import (
    ActualsSource,
    CoachingRating,
    ForecastActual,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    SalesTarget,
    TargetSource,
)
from bot.persistence.repositories.people import all_by_email
from bot.services.roster_sync import sync_roster

S = OccurrenceStatus
K = 1000
LEE = "lee@t.example"
MANAGERS = ("ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal")
FORECAST, TEAM = "forecast", "team"
WEEKS = tuple(date(2026, 9, 7) + timedelta(weeks=n) for n in range(4))
SEP_7, SEP_14, SEP_21, SEP_28 = WEEKS
STATUSES = {
    ("ben", TEAM, SEP_21): S.DONE_LATE,
    ("cat", FORECAST, SEP_14): S.SKIPPED,
    ("dan", FORECAST, SEP_7): S.MISSED,
    ("dan", TEAM, SEP_14): S.MISSED,
    ("dan", FORECAST, SEP_21): S.DONE_LATE,
    **{("eve", TEAM, week): S.MISSED for week in WEEKS},
    ("fay", FORECAST, SEP_14): S.MISSED,
    ("fay", TEAM, SEP_14): S.DONE_LATE,
    ("gus", FORECAST, SEP_7): S.DONE_LATE,
    ("gus", TEAM, SEP_21): S.MISSED,
}
COMMIT = {"ann": 100, "ben": 100, "cat": 200, "dan": 80, "eve": 50, "fay": 90, "gus": 70, "hal": 50}
TARGETS = {m: 100 for m in MANAGERS if m != "hal"}
IMPORTED_TARGETS = {"cat": 200}
ACTUALS = {"ann": 110, "ben": 90, "cat": 180, "dan": 70, "eve": 60, "gus": 80, "hal": 40}
# (manager, coaching?) per 1:1 logged in August.
NOTES = {
    "ann": (True, True),
    "ben": (True, False),
    "cat": (True, True, False),
    "dan": (True,),
    "eve": (False, False),
    "gus": (False,),
}
# Each rep's answer to "were you coached?" for August (usefulness 4 for yes, 2 for no).
ANSWERS = {
    "ann": (True, True, False),
    "ben": (True, True, False),
    "cat": (True, True),
    "dan": (False,),
}


def email(name: str) -> str:
    return f"{name}@t.example"


def config_text() -> str:
    people = [f"  - {{email: {LEE}, name: Lee Lead}}"]
    for manager in MANAGERS:
        people.append(
            f"  - {{email: {email(manager)}, name: {manager.capitalize()}, reports_to: {LEE}}}"
        )
        people += [
            f"  - {{email: {manager}{n}@t.example, name: {manager}{n}, reports_to: "
            f"{email(manager)}}}"
            for n in (1, 2, 3)
        ]
    targets = [
        f"  - {{manager: {email(m)}, period: 2026-Q3, amount: {amount * K}}}"
        for m, amount in TARGETS.items()
    ]
    return "\n".join(
        [
            "organization: {name: Test Co, timezone: UTC, currency: USD, anonymity_threshold: 3}",
            "people:",
            *people,
            "cadences:",
            f"  - {{id: {FORECAST}, kind: forecast, audience: managers,",
            "     schedule: {every: week, opens: mon 09:00, due: wed 17:00}}",
            f"  - {{id: {TEAM}, kind: team_meeting, audience: managers,",
            "     schedule: {every: week, opens: mon 09:00, due: fri 17:00}}",
            "digest: {to: leaders, at: mon 08:00}",
            "targets:",
            *targets,
            "",
        ]
    )


def write_config(directory: Path) -> Path:
    path = directory / "results.yaml"
    path.write_text(config_text(), encoding="utf-8")
    return path


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


@dataclass
class ResultsSeed:
    session: Session
    os: OperatingSystem
    ids: dict[str, int] = field(default_factory=dict)

    def person(self, name: str) -> int:
        return self.ids[email(name) if "@" not in name else name]

    def occurrence(self, manager: str, cadence: str, week: date) -> None:
        status = STATUSES.get((manager, cadence, week), S.DONE_ON_TIME)
        due = at(week + timedelta(days=2 if cadence == FORECAST else 4), 17)
        row = Occurrence(
            cadence_id=cadence,
            subject_id=self.person(manager),
            period_start=week,
            opens_at=at(week, 9),
            due_at=due,
            closes_at=due + timedelta(days=1),
            tz="UTC",
            status=status,
            skip_reason=SkipReason.OTHER if status is S.SKIPPED else None,
            completed_at=due - timedelta(hours=1) if status.is_done else None,
        )
        self.session.add(row)
        self.session.flush()
        if cadence == FORECAST and status.is_done:
            day = week + timedelta(days=1 if status is S.DONE_ON_TIME else 3)
            self.session.add(
                ForecastSubmission(
                    occurrence_id=row.id,
                    version=1,
                    commit=Decimal(COMMIT[manager] * K),
                    best_case=Decimal((COMMIT[manager] + 20) * K),
                    pipeline=Decimal(3 * COMMIT[manager] * K),
                    currency="USD",
                    submitted_by_id=row.subject_id,
                    submitted_at=at(day, 12),
                )
            )


def seed_results(session: Session, directory: Path) -> ResultsSeed:
    os = load_operating_system(write_config(directory))
    sync_roster(session, os, directory=None, now=at(date(2026, 7, 1), 0))
    seed = ResultsSeed(session, os, {e: row.id for e, row in all_by_email(session).items()})
    for manager in MANAGERS:
        for week in WEEKS if manager != "hal" else (SEP_28,):
            for cadence in (FORECAST, TEAM):
                seed.occurrence(manager, cadence, week)
    for manager, amount in IMPORTED_TARGETS.items():
        session.add(
            SalesTarget(
                manager_id=seed.person(manager),
                period="2026-Q3",
                period_start=date(2026, 7, 1),
                period_end=date(2026, 9, 30),
                amount=Decimal(amount * K),
                source=TargetSource.CSV,
                imported_at=at(date(2026, 7, 2), 9),
            )
        )
    for manager, amount in ACTUALS.items():
        session.add(
            ForecastActual(
                manager_id=seed.person(manager),
                period="2026-Q3",
                period_start=date(2026, 7, 1),
                period_end=date(2026, 9, 30),
                amount=Decimal(amount * K),
                source=ActualsSource.CSV,
                imported_at=at(date(2026, 10, 2), 9),
            )
        )
    for manager, coached in NOTES.items():
        for n, yes in enumerate(coached):
            session.add(
                OneOnOneNote(
                    manager_id=seed.person(manager),
                    rep_id=seed.person(f"{manager}{n % 3 + 1}@t.example"),
                    held_on=date(2026, 8, 4 + 7 * n),
                    topics="Pipeline",
                    solution_type=SolutionType.COACHING if yes else SolutionType.FEEDBACK,
                    submitted_at=at(date(2026, 8, 4 + 7 * n), 18),
                )
            )
    for manager, answers in ANSWERS.items():
        for n, yes in enumerate(answers, start=1):
            session.add(
                CoachingRating(
                    rep_id=seed.person(f"{manager}{n}@t.example"),
                    manager_id=seed.person(manager),
                    period_start=date(2026, 8, 1),
                    received_coaching=yes,
                    usefulness=4 if yes else 2,
                    submitted_at=at(date(2026, 8, 28), 12),
                )
            )
    session.flush()
    return seed
