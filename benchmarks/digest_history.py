"""The weekly digest on years of history: ``build_digest`` time, and the plans of its queries.

Seeds a migrated database with N years of the shipped operating system run by a generated org of
about 100 managers (``--people 770``): every occurrence the schedule engine expects in those
years (forecasts, team meetings, biweekly 1:1s per rep, biweekly coaching pulses per rep,
monthly pipeline reviews) with realistic outcomes (mostly on time; some late, missed, skipped
with a reason; holidays excused), every forecast version, 1:1 and team-meeting notes, coaching
ratings, quarterly actuals and leaders' adjustments, inserted in bulk with SQLAlchemy Core.
Then it times ``build_digest`` for the top leader (whole org) and a second-line leader (and, with
``--every-leader``, the Monday run: every leader's digest through ``build_digests``), replays
each history query alone, and prints its plan (SQLite ``EXPLAIN QUERY PLAN``; PostgreSQL
``EXPLAIN (ANALYZE, BUFFERS)`` after ``ANALYZE``), flagging full scans and index searches that
bound only the person, not the date window (they read a person's whole history).

    python benchmarks/digest_history.py [--years 3] [--people 770] [--repeats 5]
    python benchmarks/digest_history.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/digest_history.py --people 5000 --years 2 --keep /work/bench-digest/5000.db

``--keep FILE`` seeds a SQLite file once (noting its org size and years in ``FILE.json``) and
reuses it on every later run with the same ``--people`` and ``--years``: seeding years of
history for thousands of people takes minutes, timing the digest on it takes seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import (
    database_url,
    engine_label,
    generated_os,
    load,
    median_time,
    ms,
    print_machine,
    print_table,
    rate,
    timed,
)
from sqlalchemy import Connection, Engine, event, func, insert, select
from sqlalchemy.engine.interfaces import DBAPICursor, ExecutionContext

from bot.domain.cadence import Kind
from bot.domain.digest import Digest
from bot.domain.occurrence import OccurrenceStatus, SkipReason, SolutionType
from bot.domain.operating_system import OperatingSystem
from bot.domain.roster import Role
from bot.domain.schedule import occurrences_between
from bot.persistence.database import UnitOfWork, create_engine_from_url, session_factory
from bot.persistence.migrate import upgrade
from bot.persistence.models import (
    ActualsSource,
    CoachingRating,
    ForecastActual,
    ForecastAdjustment,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    TeamMeetingNote,
)
from bot.persistence.repositories.people import all_by_email
from bot.services.coaching_months import freeze_closed
from bot.services.digests import build_digest, build_digests
from bot.services.roster_sync import sync_roster

S = OccurrenceStatus
# The digest sent on Monday 23 Nov 2026 reports on the week of 16 Nov; history ends before it.
WEEK_START = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 14, tzinfo=UTC)
HISTORY_TABLES = (
    "occurrences",
    "forecast_submissions",
    "forecast_actuals",
    "forecast_adjustments",
    "one_on_one_notes",
    "coaching_ratings",
)
# Outcome of a past, not excused occurrence: mostly on time.
OUTCOMES = (
    (S.DONE_ON_TIME, 0.75),
    (S.DONE_LATE, 0.08),
    (S.MISSED, 0.09),
    (S.SKIPPED, 0.05),
    (S.EXCUSED, 0.03),
)
BATCH = 5000


# --- seeding -----------------------------------------------------------------------------------


@dataclass
class Rows:
    """Rows to insert per table, in dependency order."""

    occurrences: list[dict[str, Any]] = field(default_factory=list)
    forecasts: list[dict[str, Any]] = field(default_factory=list)
    one_on_ones: list[dict[str, Any]] = field(default_factory=list)
    team_meetings: list[dict[str, Any]] = field(default_factory=list)
    ratings: list[dict[str, Any]] = field(default_factory=list)
    actuals: list[dict[str, Any]] = field(default_factory=list)
    adjustments: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
        yield Occurrence.__table__, self.occurrences
        yield ForecastSubmission.__table__, self.forecasts
        yield OneOnOneNote.__table__, self.one_on_ones
        yield TeamMeetingNote.__table__, self.team_meetings
        yield CoachingRating.__table__, self.ratings
        yield ForecastActual.__table__, self.actuals
        yield ForecastAdjustment.__table__, self.adjustments


def _pick_status(rng: random.Random) -> OccurrenceStatus:
    roll, total = rng.random(), 0.0
    for status, share in OUTCOMES:
        total += share
        if roll < total:
            return status
    return S.DONE_ON_TIME


def build_rows(
    operating_system: OperatingSystem, ids: dict[str, int], *, years: int, seed: int = 11
) -> Iterator[Rows]:
    """Every occurrence the engine expects in ``years`` before ``WEEK_START``, with outcomes, in
    chunks of about ``BATCH`` occurrences (with the rows that point at them), so that years of
    a large organisation never sit in memory at once."""
    rng = random.Random(seed)
    rows = Rows()
    first_id = 1
    kinds = {c.id: c.kind for c in operating_system.cadences}
    end = datetime.combine(WEEK_START, datetime.min.time(), tzinfo=UTC)
    start = end - timedelta(weeks=52 * years)
    seen: set[tuple[str, int, int, date]] = set()
    now = NOW
    for planned in occurrences_between(operating_system, start=start, end=end):
        subject = ids[planned.subject.lower()]
        counterpart = ids[planned.counterpart.lower()] if planned.counterpart else None
        key = (planned.cadence_id, subject, counterpart or 0, planned.period_start)
        if key in seen or planned.due_at >= end or planned.opens_at < start:
            continue
        seen.add(key)
        if len(rows.occurrences) >= BATCH:
            yield rows
            first_id += len(rows.occurrences)
            rows = Rows()
        occurrence_id = first_id + len(rows.occurrences)
        status = S.EXCUSED if planned.excused else _pick_status(rng)
        completed_at: datetime | None = None
        if status is S.DONE_ON_TIME:
            completed_at = planned.due_at - timedelta(hours=rng.uniform(1, 40))
            completed_at = max(completed_at, planned.opens_at + timedelta(minutes=5))
        elif status is S.DONE_LATE:
            completed_at = min(planned.due_at + timedelta(hours=rng.uniform(1, 30)), now)
        rows.occurrences.append(
            {
                "id": occurrence_id,
                "cadence_id": planned.cadence_id,
                "subject_id": subject,
                "counterpart_id": counterpart,
                "counterpart_key": counterpart or 0,
                "period_start": planned.period_start,
                "opens_at": planned.opens_at,
                "due_at": planned.due_at,
                "closes_at": planned.closes_at,
                "tz": planned.tz,
                "status": status,
                "skip_reason": rng.choice(list(SkipReason)) if status is S.SKIPPED else None,
                "excused_reason": (planned.excused_reason or "time off")
                if status is S.EXCUSED
                else None,
                "completed_at": completed_at,
                "completed_by_id": subject if completed_at else None,
                "created_at": planned.opens_at,
                "updated_at": completed_at or planned.closes_at,
            }
        )
        if completed_at is None:
            continue
        kind = kinds[planned.cadence_id]
        if kind is Kind.FORECAST:
            _forecast_versions(rows, rng, occurrence_id, subject, planned.due_at, completed_at)
        elif kind is Kind.ONE_ON_ONE and counterpart is not None:
            rows.one_on_ones.append(
                {
                    "occurrence_id": occurrence_id,
                    "manager_id": subject,
                    "rep_id": counterpart,
                    "held_on": completed_at.date(),
                    "topics": "Pipeline, next steps on the top three deals",
                    "solution_type": rng.choice(list(SolutionType)),
                    "version": 1,
                    "submitted_at": completed_at,
                }
            )
        elif kind is Kind.TEAM_MEETING:
            rows.team_meetings.append(
                {
                    "occurrence_id": occurrence_id,
                    "manager_id": subject,
                    "held_on": completed_at.date(),
                    "attendees": [],
                    "agenda_covered": ["Wins and lessons from last week"],
                    "version": 1,
                    "submitted_at": completed_at,
                }
            )
        elif kind is Kind.COACHING_PULSE:
            manager = operating_system.roster.manager_of(planned.subject)
            if manager is not None:
                received = rng.random() < 0.7
                rows.ratings.append(
                    {
                        "occurrence_id": occurrence_id,
                        "rep_id": subject,
                        "manager_id": ids[manager.email.lower()],
                        "period_start": planned.period_start,
                        "received_coaching": received,
                        "usefulness": rng.randint(1, 5) if received else None,
                        "submitted_at": completed_at,
                    }
                )
    _actuals_and_adjustments(operating_system, ids, rows, rng, start=start.date())
    yield rows


def _forecast_versions(
    rows: Rows,
    rng: random.Random,
    occurrence_id: int,
    subject: int,
    due_at: datetime,
    completed_at: datetime,
) -> None:
    versions = 1 + (rng.random() < 0.25) + (rng.random() < 0.05)
    commit = Decimal(rng.randrange(50, 400) * 1000)
    for version in range(1, versions + 1):
        rows.forecasts.append(
            {
                "occurrence_id": occurrence_id,
                "version": version,
                "commit": commit,
                "best_case": commit * Decimal("1.2"),
                "pipeline": commit * 3,
                "currency": "USD",
                "submitted_by_id": subject,
                "submitted_at": completed_at + timedelta(hours=6 * (version - 1)),
            }
        )
        commit += Decimal(rng.randrange(-20, 30) * 1000)


def _actuals_and_adjustments(
    operating_system: OperatingSystem,
    ids: dict[str, int],
    rows: Rows,
    rng: random.Random,
    *,
    start: date,
) -> None:
    managers = [ids[p.email.lower()] for p in operating_system.roster.with_role(Role.MANAGER)]
    leaders = [ids[p.email.lower()] for p in operating_system.roster.with_role(Role.LEADER)]
    quarter = date(start.year, 1 + 3 * ((start.month - 1) // 3), 1)
    while True:
        following = date(quarter.year + quarter.month // 10, (quarter.month + 2) % 12 + 1, 1)
        last_day = following - timedelta(days=1)
        if last_day >= WEEK_START:
            break
        label = f"{quarter.year}-Q{(quarter.month - 1) // 3 + 1}"
        for manager in managers:
            rows.actuals.append(
                {
                    "manager_id": manager,
                    "period": label,
                    "period_start": quarter,
                    "period_end": last_day,
                    "amount": Decimal(rng.randrange(500, 4000) * 1000),
                    "source": ActualsSource.CSV,
                    "imported_at": datetime.combine(
                        last_day + timedelta(days=3), datetime.min.time(), tzinfo=UTC
                    ),
                }
            )
        quarter = following
    monday = start + timedelta(days=-start.weekday() % 7)
    while monday < WEEK_START:
        for leader in leaders:
            if rng.random() < 0.3:
                rows.adjustments.append(
                    {
                        "leader_id": leader,
                        "period_start": monday,
                        "amount": Decimal(rng.randrange(100, 3000) * 1000),
                        "note": "Call after the forecast review",
                        "created_at": datetime.combine(
                            monday + timedelta(days=3), datetime.min.time(), tzinfo=UTC
                        ),
                    }
                )
        monday += timedelta(weeks=1)


def seed(
    engine: Engine, operating_system: OperatingSystem, *, years: int
) -> tuple[dict[str, int], float]:
    """Roster and cadences through ``sync_roster``, then the history in bulk; the rows inserted
    per table and the seconds taken."""
    sessions = session_factory(engine)
    started = time.perf_counter()
    with UnitOfWork(sessions) as uow:
        sync_roster(
            uow.session, operating_system, directory=None, now=NOW - timedelta(weeks=52 * years + 1)
        )
    with sessions() as session:
        ids = {email: row.id for email, row in all_by_email(session).items()}
    counts = {table.name: 0 for table, _ in Rows().tables()}
    with engine.begin() as connection:
        for chunk in build_rows(operating_system, ids, years=years):
            for table, values in chunk.tables():
                for first in range(0, len(values), BATCH):
                    connection.execute(insert(table), values[first : first + BATCH])
                counts[table.name] += len(values)
        if engine.dialect.name == "postgresql":
            # Explicit ids were inserted: move the sequence past them, as a real history would.
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('occurrences', 'id'), max(id)) "
                "FROM occurrences"
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # PostgreSQL's autovacuum would have analysed a table this size long ago.
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")
    return counts, time.perf_counter() - started


# --- timing and plans --------------------------------------------------------------------------


@dataclass(frozen=True)
class Captured:
    statement: str
    parameters: Any


@dataclass
class Capture:
    statements: list[Captured] = field(default_factory=list)
    active: bool = False

    def listen(self, engine: Engine) -> None:
        @event.listens_for(engine, "before_cursor_execute")
        def before(
            conn: Connection,
            cursor: DBAPICursor,
            statement: str,
            parameters: Any,
            context: ExecutionContext | None,
            executemany: bool,
        ) -> None:
            if self.active and statement.lstrip().upper().startswith("SELECT"):
                self.statements.append(Captured(statement, parameters))


def _table_of(statement: str) -> str | None:
    match = re.search(r"\bFROM\s+(\w+)", statement, re.IGNORECASE)
    return match.group(1) if match and match.group(1) in HISTORY_TABLES else None


def _short(statement: str) -> str:
    flat = " ".join(statement.split())
    flat = re.sub(r"(\?, ){3,}\?", "?, …", flat)
    flat = re.sub(r"(%\(\w+\)s, ){3,}%\(\w+\)s", "%(…)s, …", flat)
    return flat


def _plan(connection: Connection, captured: Captured) -> list[str]:
    if connection.dialect.name == "sqlite":
        result = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + captured.statement, captured.parameters
        )
        return [str(r[3]) for r in result]
    result = connection.exec_driver_sql(
        "EXPLAIN (ANALYZE, BUFFERS) " + captured.statement, captured.parameters
    )
    return [str(r[0]) for r in result]


def _flags(lines: Sequence[str], statement: str) -> list[str]:
    """Full scans of history tables; index searches that do not bound the date window."""
    flags: list[str] = []
    where = statement.split("WHERE", 1)[-1]

    def windowed(table: str) -> bool:
        # A range on this table's own columns (a joined table found by id is bounded already).
        return bool(re.search(rf"\b{table}\.\w+ (?:>=|<=|<|>|BETWEEN)", where))

    for n, line in enumerate(lines):
        index_scan = re.search(r"Index (?:Only )?Scan using \w+ on (\w+)", line)
        if index_scan and index_scan.group(1) in HISTORY_TABLES:
            depth = len(line) - len(line.lstrip())
            details = []
            for following in lines[n + 1 :]:
                if "->" in following or len(following) - len(following.lstrip()) <= depth:
                    break
                details.append(following)
            if not any("Index Cond" in d for d in details):
                flags.append(f"FULL INDEX SCAN of {index_scan.group(1)} (no Index Cond)")
        sqlite_scan = re.match(r"\s*SCAN (\w+)", line)
        pg_scan = re.search(r"Seq Scan on (\w+)", line)
        scan = sqlite_scan or pg_scan
        if scan and scan.group(1) in HISTORY_TABLES:
            flags.append(f"FULL SCAN of {scan.group(1)}")
        search = re.match(r"\s*SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \((.*)\)", line)
        if (
            search
            and search.group(1) in HISTORY_TABLES
            and windowed(search.group(1))
            and not re.search(r"[<>]", search.group(3))
        ):
            flags.append(
                f"{search.group(1)}: index {search.group(2)} bounds ({search.group(3)}) only, "
                "not the date window: reads these people's whole history"
            )
        removed = re.search(r"Rows Removed by Filter: (\d+)", line)
        if removed and int(removed.group(1)) > 1000:
            flags.append(f"{removed.group(1)} rows read and thrown away by a filter")
    return flags


def report_queries(engine: Engine, captured: Sequence[Captured], *, repeats: int) -> list[str]:
    """Replay each history query alone (median time, rows), print its plan; the flags."""
    all_flags: list[str] = []
    table = []
    plans: list[tuple[int, str, list[str], list[str]]] = []
    history = [(n, c) for n, c in enumerate(captured, 1) if _table_of(c.statement)]
    with engine.connect() as connection:
        for n, c in history:

            def replay(c: Captured = c) -> int:
                return len(connection.exec_driver_sql(c.statement, c.parameters).fetchall())

            seconds, count = median_time(replay, repeats=repeats)
            lines = _plan(connection, c)
            flags = _flags(lines, c.statement)
            all_flags += [f"query {n} ({_table_of(c.statement)}): {f}" for f in flags]
            table.append((n, _table_of(c.statement), count, ms(seconds), len(flags)))
            plans.append((n, _short(c.statement), lines, flags))
        connection.rollback()
    print_table(("query", "from", "rows", "median ms", "flags"), table)
    for n, statement, lines, flags in plans:
        print(f"\n-- query {n}: {statement[:400]}{'…' if len(statement) > 400 else ''}")
        for line in lines:
            print(f"   {line}")
        for flag in flags:
            print(f"   !! {flag}")
    return all_flags


def run(
    postgres: str | None,
    *,
    people: int,
    years: int,
    repeats: int,
    every_leader: bool = False,
    alone: bool = False,
    keep: Path | None = None,
) -> None:
    operating_system = generated_os(people)
    leaders = operating_system.roster.with_role(Role.LEADER)
    top = next(p for p in leaders if operating_system.roster.manager_of(p.email) is None)
    second = next(p for p in leaders if p is not top)
    with _database(postgres, keep) as url:
        engine = create_engine_from_url(url)
        try:
            counts, seeded = _seeded(engine, url, operating_system, years=years, keep=keep)
            # The close tick records the closed month's reporting lines once; do it as it would,
            # or every build below freezes them again in a transaction it then rolls back.
            with UnitOfWork(session_factory(engine)) as uow:
                freeze_closed(uow.session, operating_system.roster, now=NOW)
            label = engine_label(url)
            total = sum(counts.values())
            print(
                f"## {label}, {years} year(s) of history: {len(operating_system.roster)} people, "
                f"{len(operating_system.roster.with_role(Role.MANAGER))} managers, "
                f"{len(leaders)} leaders\n"
            )
            print_table(
                ("table", "rows"),
                [(name, f"{count:,}") for name, count in counts.items()]
                + [("total", f"{total:,}"), seeded],
            )
            print()
            _time_digests(
                engine, operating_system, [top.email, second.email], repeats=repeats, years=years
            )
            if every_leader:
                _time_monday_run(engine, operating_system, [p.email for p in leaders], alone=alone)
        finally:
            engine.dispose()


@contextmanager
def _database(postgres: str | None, keep: Path | None) -> Iterator[str]:
    if keep is None:
        with database_url(postgres) as url:
            yield url
        return
    keep.parent.mkdir(parents=True, exist_ok=True)
    yield f"sqlite:///{keep}"


def _seeded(
    engine: Engine, url: str, operating_system: OperatingSystem, *, years: int, keep: Path | None
) -> tuple[dict[str, int], tuple[str, str]]:
    """Seed the database, or reuse the kept one seeded for the same org and years; the row
    counts per table and a line saying how it was seeded."""
    note = {"people": len(operating_system.roster), "years": years, "week_start": str(WEEK_START)}
    noted = keep.with_name(keep.name + ".json") if keep is not None else None
    if noted is not None and noted.exists():
        found = json.loads(noted.read_text())
        if {k: found.get(k) for k in note} != note:
            raise SystemExit(f"{keep} was seeded for {found}, not {note}: pass another file")
        with engine.connect() as connection:
            counts = {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table, _ in Rows().tables()
            }
        return counts, ("seeded", f"kept from {found['seeded_at']} in {found['seconds']:.0f}s")
    if keep is not None and keep.exists():
        raise SystemExit(f"{keep} exists without {noted}: remove it or pass another file")
    upgrade(url)
    counts, seconds = seed(engine, operating_system, years=years)
    if noted is not None:
        note |= {"seeded_at": datetime.now(UTC).isoformat(timespec="seconds"), "seconds": seconds}
        noted.write_text(json.dumps(note, indent=2))
    return counts, ("seeded in", f"{seconds:.1f}s ({rate(sum(counts.values()), seconds)}/s)")


def _time_monday_run(
    engine: Engine, operating_system: OperatingSystem, leaders: list[str], *, alone: bool
) -> None:
    """Monday morning: every leader's digest in one process, shared (``build_digests``: the
    history read once, each manager's row computed once) and, with ``alone``, one by one."""
    sessions = session_factory(engine)
    table = []

    def shared() -> None:
        with sessions() as session:
            build_digests(
                session, operating_system, leader_emails=leaders, week_start=WEEK_START, now=NOW
            )

    def one_by_one() -> None:
        for leader in leaders:
            with sessions() as session:
                build_digest(
                    session, operating_system, leader_email=leader, week_start=WEEK_START, now=NOW
                )

    for label, run in [("shared (build_digests)", shared)] + (
        [("one by one (build_digest)", one_by_one)] if alone else []
    ):
        cpu = time.process_time()
        elapsed, _ = timed(run)
        cpu = time.process_time() - cpu
        table.append(
            (
                f"every leader's digest, {label}",
                len(leaders),
                f"{elapsed:.1f} s",
                f"{cpu:.1f} s",
                "< 60 s",
                ms(elapsed / len(leaders)) + " ms",
            )
        )
    print()
    print_table(("Monday run", "leaders", "measured", "CPU", "goal", "per leader"), table)


def _time_digests(
    engine: Engine,
    operating_system: OperatingSystem,
    leaders: list[str],
    *,
    repeats: int,
    years: int,
) -> None:
    sessions = session_factory(engine)
    capture = Capture()
    capture.listen(engine)
    table = []
    for leader in leaders:

        def build(leader: str = leader) -> Digest:
            with sessions() as session:
                return build_digest(
                    session, operating_system, leader_email=leader, week_start=WEEK_START, now=NOW
                )

        first_s, _ = timed(build)  # cold: first compile of every statement
        cpu: list[float] = []

        def build_on_cpu(build: Callable[[], Digest] = build, cpu: list[float] = cpu) -> Digest:
            started = time.process_time()
            digest = build()
            cpu.append(time.process_time() - started)
            return digest

        seconds, digest = median_time(build_on_cpu, repeats=repeats)
        subtree = operating_system.roster.subtree(leader)
        managers = sum(Role.MANAGER in operating_system.roster.roles(p.email) for p in subtree)
        table.append(
            (
                leader,
                len(subtree),
                managers,
                len(digest.managers),
                ms(first_s),
                ms(seconds),
                ms(statistics.median(cpu)),
                "< 1,000 (top of 5,000, 2 years)",
            )
        )
    print_table(
        (
            "leader",
            "subtree",
            "managers",
            "digest rows",
            "first ms",
            f"median ms (n={repeats})",
            "median CPU ms",
            "goal",
        ),
        table,
    )
    print(f"\n### history queries of one build_digest ({leaders[0]}), replayed alone\n")
    capture.active = True
    with sessions() as session:
        build_digest(
            session, operating_system, leader_email=leaders[0], week_start=WEEK_START, now=NOW
        )
    capture.active = False
    flags = report_queries(engine, capture.statements, repeats=repeats)
    print(f"\n### flags ({len(flags)})")
    for flag in flags:
        print(f" - {flag}")
    if not flags:
        print(" - none: every history query is bounded by an index on person and window")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="+", default=[3])
    parser.add_argument("--people", type=int, default=770, help="org size (~100 managers)")
    parser.add_argument("--repeats", type=int, default=5, help="median of this many builds")
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server URL (a throwaway database is created on it and dropped); "
        "default: a SQLite file in a temporary directory",
    )
    parser.add_argument(
        "--every-leader", action="store_true", help="also time the Monday run: every leader"
    )
    parser.add_argument(
        "--alone",
        action="store_true",
        help="with --every-leader, also build every leader's digest one by one",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="FILE",
        help="a SQLite file to seed once and reuse on later runs with the same --people and "
        "--years (one --years only)",
    )
    args = parser.parse_args()
    if args.keep is not None and (len(args.years) != 1 or args.database_url):
        parser.error("--keep takes one --years and no --database-url")
    print_machine()
    print(f"# digest of the week starting {WEEK_START} (reports on the week before); {load()}\n")
    for years in args.years:
        run(
            args.database_url,
            people=args.people,
            years=years,
            repeats=args.repeats,
            every_leader=args.every_leader,
            alone=args.alone,
            keep=args.keep,
        )
        print()


if __name__ == "__main__":
    main()
