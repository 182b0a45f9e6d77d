"""Roster sync and the planner against a real, migrated database.

For each org size and each repeat, a fresh database is migrated (not timed), then timed:
``sync_roster`` (no Slack directory), the first ``plan`` (inserts occurrences and their nudges)
and a second ``plan`` at the same instant (idempotent: must insert nothing). Each step is its own
unit of work, committed, as the plan tick runs it.

    python benchmarks/planner.py [--sizes 1000] [--repeats 3]
    python benchmarks/planner.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from _common import (
    database_url,
    engine_label,
    generated_os,
    ms,
    print_machine,
    print_table,
    rate,
    timed,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.operating_system import OperatingSystem
from bot.persistence.database import UnitOfWork, create_engine_from_url, session_factory
from bot.persistence.migrate import upgrade
from bot.persistence.models import Occurrence, OutboxMessage, Person
from bot.services.planner import PlanReport, plan
from bot.services.roster_sync import RosterSyncReport, sync_roster

# Monday 23 Nov 2026, 06:00 UTC: before the week's first nudges anywhere west of India.
NOW = datetime(2026, 11, 23, 6, tzinfo=UTC)


@dataclass
class Run:
    sync_s: float
    first_s: float
    second_s: float
    people: int
    occurrences: int
    messages: int
    second_occurrences: int
    second_messages: int


def _counts(session: Session) -> tuple[int, int, int]:
    count = func.count()
    return (
        session.scalar(select(count).select_from(Person)) or 0,
        session.scalar(select(count).select_from(Occurrence)) or 0,
        session.scalar(select(count).select_from(OutboxMessage)) or 0,
    )


def one_run(
    operating_system: OperatingSystem, postgres: str | None, horizon: timedelta
) -> tuple[str, Run]:
    with database_url(postgres) as url:
        upgrade(url)
        engine = create_engine_from_url(url)
        sessions = session_factory(engine)
        try:

            def step(fn: Callable[[Session], object]) -> float:
                def unit() -> None:
                    with UnitOfWork(sessions) as uow:
                        fn(uow.session)

                return timed(unit)[0]

            def do_sync(s: Session) -> RosterSyncReport:
                return sync_roster(s, operating_system, directory=None, now=NOW)

            def do_plan(s: Session) -> PlanReport:
                return plan(s, operating_system, now=NOW, horizon=horizon)

            sync_s = step(do_sync)
            first_s = step(do_plan)
            with sessions() as session:
                people, occurrences, messages = _counts(session)
            second_s = step(do_plan)
            with sessions() as session:
                _, occurrences_2, messages_2 = _counts(session)
        finally:
            engine.dispose()
    return engine_label(url), Run(
        sync_s,
        first_s,
        second_s,
        people,
        occurrences,
        messages,
        occurrences_2 - occurrences,
        messages_2 - messages,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeats", type=int, default=3, help="fresh databases; median shown")
    parser.add_argument("--days", type=int, default=14, help="planning horizon")
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server URL (a throwaway database is created on it and dropped); "
        "default: a SQLite file in a temporary directory",
    )
    args = parser.parse_args()
    horizon = timedelta(days=args.days)

    print_machine()
    print(f"# now {NOW:%Y-%m-%d %H:%M} UTC, horizon {args.days} days, median of {args.repeats}\n")
    table = []
    for size in args.sizes:
        operating_system = generated_os(size)
        label = ""
        runs: list[Run] = []
        for _ in range(max(1, args.repeats)):
            label, run = one_run(operating_system, args.database_url, horizon)
            runs.append(run)
        last = runs[-1]
        sync_s = statistics.median(r.sync_s for r in runs)
        first_s = statistics.median(r.first_s for r in runs)
        second_s = statistics.median(r.second_s for r in runs)
        inserted = last.occurrences + last.messages
        table.append(
            (
                label,
                last.people,
                ms(sync_s),
                last.occurrences,
                last.messages,
                ms(first_s),
                rate(inserted, first_s),
                f"{last.second_occurrences}+{last.second_messages}",
                ms(second_s),
            )
        )
    print_table(
        (
            "engine",
            "people",
            "sync ms",
            "occ inserted",
            "msgs inserted",
            "1st plan ms",
            "rows/s",
            "2nd plan inserted",
            "2nd plan ms",
        ),
        table,
    )


if __name__ == "__main__":
    main()
