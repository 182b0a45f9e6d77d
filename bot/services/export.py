"""``cadence-bot export``: the history as CSV files that open cleanly in a spreadsheet.

Files are UTF-8 with a byte order mark: without one Excel reads a CSV in the local ANSI code page
and garbles names like "Zoë"; LibreOffice, Google Sheets and Python's ``utf-8-sig`` accept it.
One header row; dates are ISO (``2026-11-26``); instants are ``2026-11-26 14:00:00`` (a form
spreadsheets parse) in UTC (``*_utc``) and, where the table names a person's zone, on that
person's wall clock too (``*_local``). Text a spreadsheet would run as a formula gets a leading
apostrophe. Rows stream from the database to the file, never a whole table in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.domain.digest import NOT_ENOUGH_RESPONSES
from bot.domain.operating_system import OperatingSystem
from bot.persistence.repositories import export as tables
from bot.persistence.repositories import people
from bot.services.coaching_months import closed_lines
from bot.services.coaching_results import coaching_results

ENCODING = "utf-8-sig"
# OWASP's list: what Excel, LibreOffice and Sheets take as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UTC_SUFFIX, LOCAL_SUFFIX = "_utc", "_local"

Cell = str | int | Decimal | date | None
Convert = Mapping[str, Callable[[Any], Cell]]
Table = tuple[list[str], Iterator[list[Cell]]]


def export_all(
    session: Session, out_dir: Path, *, operating_system: OperatingSystem, now: datetime
) -> dict[str, int]:
    """Write every file into ``out_dir`` as of ``now`` (which coaching periods are closed);
    returns the rows written per file name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    emails = {person.id: email for email, person in people.all_by_email(session).items()}
    meeting_columns: Convert = {
        "attendees": lambda ids: _joined(emails.get(i, str(i)) for i in ids or ()),
        "agenda_covered": lambda items: _joined(items or ()),
    }
    files: dict[str, Callable[[], Table]] = {
        "occurrences.csv": lambda: _table(tables.occurrences(session)),
        "forecast_submissions.csv": lambda: _table(tables.forecast_submissions(session)),
        "meeting_notes.csv": lambda: _table(tables.meeting_notes(session), meeting_columns),
        "action_items.csv": lambda: _table(tables.action_items(session)),
        "coaching_results.csv": lambda: _coaching_results(session, operating_system, now),
        "actuals.csv": lambda: _table(tables.actuals(session)),
    }
    # One query at a time: each table is written out before the next one is read.
    return {name: write_csv(out_dir / name, *table()) for name, table in files.items()}


def write_csv(path: Path, header: Sequence[str], records: Iterable[Sequence[Cell]]) -> int:
    """Write ``header`` and ``records``; returns how many records were written."""
    count = 0
    with path.open("w", encoding=ENCODING, newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for record in records:
            writer.writerow([_cell(value) for value in record])
            count += 1
    return count


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, datetime):
        return _clock(value.astimezone(UTC))
    if isinstance(value, date):
        return value.isoformat()
    # A number we computed: a negative one must stay a number, not turn into text.
    return str(value)


def _clock(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _joined(items: Iterable[str]) -> str:
    return "; ".join(items)


def _table(rows: tables.Rows, convert: Convert | None = None) -> Table:
    """The header and records of a query; each ``*_utc`` column gets a ``*_local`` twin when
    the query has a ``timezone`` column."""
    keys = list(rows.keys())
    local = "timezone" in keys
    header: list[str] = []
    for key in keys:
        header.append(key)
        if local and key.endswith(UTC_SUFFIX):
            header.append(key.removesuffix(UTC_SUFFIX) + LOCAL_SUFFIX)

    def records() -> Iterator[list[Cell]]:
        for row in rows.mappings():
            record: list[Cell] = []
            for key in keys:
                value = convert[key](row[key]) if convert and key in convert else row[key]
                record.append(value)
                if local and key.endswith(UTC_SUFFIX):
                    record.append(_local(row[key], row["timezone"]))
            yield record

    return header, records()


def _local(moment: datetime | None, zone: str) -> str | None:
    return None if moment is None else _clock(moment.astimezone(ZoneInfo(zone)))


def _coaching_results(session: Session, operating_system: OperatingSystem, now: datetime) -> Table:
    """Suppressed aggregates of closed periods only (see ``coaching_results``): never a rating,
    never a comment. Each month grouped by the lines it closed with, like the digest: a tree of
    its own (today's, or one with people who left) would differ from the digest's, and the two
    could be subtracted."""
    header = [
        "period_start",
        "period_end",
        "manager",
        "scope",
        "responses",
        "received_coaching_share",
        "average_usefulness",
    ]
    results = coaching_results(
        closed_lines(session, operating_system.roster, now=now),
        tables.ratings_by_period(session),
        threshold=operating_system.organization.anonymity_threshold,
        now=now,
    )
    records = (
        [
            result.period.start,
            result.period.end - timedelta(days=1),
            result.person,
            result.scope,
            _figure(result.gap.responses),
            _figure(result.gap.reported_share),
            _figure(result.gap.average_usefulness),
        ]
        for result in results
    )
    return header, records


def _figure(value: float | None) -> Cell:
    """A figure for reading (shares and averages to 2 decimals), or why it is withheld."""
    if value is None:
        return NOT_ENOUGH_RESPONSES
    if isinstance(value, int):
        return value
    return Decimal(str(round(value, 2)))
