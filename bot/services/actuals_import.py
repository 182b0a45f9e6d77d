"""Importing actuals from a CSV file (``manager_email, period, amount``).

Every bad row is reported with its line and what to fix, and nothing is imported from a file with
problems unless the admin asks to skip the bad rows: half an import would make accuracy figures
quietly wrong. Importing is an upsert on (manager, period), so importing a file twice is harmless.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from bot.domain.actuals import Period, manager_of_record, parse_amount, parse_period
from bot.persistence.models import ActualsSource
from bot.persistence.repositories import people
from bot.persistence.repositories.people import stored_roster
from bot.services.actuals_store import ImportProblem, ImportReport, ManagerAmounts, store_actuals

COLUMNS = ("manager_email", "period", "amount")


@dataclass(frozen=True)
class ActualsRow:
    line: int
    manager_email: str
    period: Period
    amount: Decimal


@dataclass(frozen=True)
class ParsedActuals:
    rows: tuple[ActualsRow, ...]
    problems: tuple[ImportProblem, ...]


def parse_actuals_csv(path: Path) -> ParsedActuals:
    """The file's well-formed rows and the problems of the others (roster checks come later)."""
    raw = path.read_bytes()
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        hint = "the file is not UTF-8: save it as CSV UTF-8"
        return ParsedActuals((), (ImportProblem(line, hint),))
    records = _records(text)
    header = next(records, None)
    if header is None:
        return ParsedActuals((), (ImportProblem(1, f"the file is empty: {_header_hint()}"),))
    line, names = header
    columns = {name.strip().lower(): index for index, name in enumerate(names)}
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        problem = ImportProblem(line, f"missing column(s) {', '.join(missing)}: {_header_hint()}")
        return ParsedActuals((), (problem,))
    return _without_conflicts(_parse_rows(records, [columns[name] for name in COLUMNS]))


def _header_hint() -> str:
    return f"the first row must name the columns {', '.join(COLUMNS)}"


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield start, cells
        start = reader.line_num + 1


def _parse_rows(
    records: Iterator[tuple[int, list[str]]], indexes: list[int]
) -> Iterator[ActualsRow | ImportProblem]:
    for line, cells in records:
        email, period_text, amount_text = (cells[i] if i < len(cells) else "" for i in indexes)
        email = email.strip().lower()
        errors: list[str] = [] if email else ["manager_email is empty"]
        period: Period | None = None
        amount: Decimal | None = None
        try:
            period = parse_period(period_text)
        except ValueError as error:
            errors.append(str(error))
        try:
            amount = parse_amount(amount_text)
        except ValueError as error:
            errors.append(str(error))
        if period is None or amount is None or errors:
            yield from (ImportProblem(line, message) for message in errors)
        else:
            yield ActualsRow(line=line, manager_email=email, period=period, amount=amount)


def _without_conflicts(parsed: Iterator[ActualsRow | ImportProblem]) -> ParsedActuals:
    """Repeated rows collapse; a repeat with another amount is a problem, and neither counts."""
    first: dict[tuple[str, Period], ActualsRow] = {}
    conflicting: set[tuple[str, Period]] = set()
    problems: list[ImportProblem] = []
    for item in parsed:
        if isinstance(item, ImportProblem):
            problems.append(item)
            continue
        key = (item.manager_email, item.period)
        earlier = first.setdefault(key, item)
        if earlier.amount != item.amount:
            conflicting.add(key)
            problems.append(
                ImportProblem(
                    item.line,
                    f"{item.manager_email} {item.period.label} is already on line {earlier.line} "
                    f"with amount {earlier.amount}, here {item.amount}: keep one of the two rows",
                )
            )
    rows = tuple(row for key, row in first.items() if key not in conflicting)
    return ParsedActuals(rows, tuple(problems))


def import_actuals(
    session: Session,
    parsed: ParsedActuals,
    *,
    source: ActualsSource = ActualsSource.CSV,
    now: datetime,
    skip_bad_rows: bool = False,
) -> ImportReport:
    """Upsert the rows whose manager is on the roster; ``ActualsRejected`` if any row is bad.

    With ``skip_bad_rows`` the good rows are imported and the bad ones come back in the report.
    """
    roster = stored_roster(session)
    ids = {email: person.id for email, person in people.all_by_email(session).items()}
    amounts: ManagerAmounts = {}
    problems = list(parsed.problems)
    for row in parsed.rows:
        try:
            manager = manager_of_record(roster, row.manager_email)
        except ValueError as error:
            problems.append(ImportProblem(row.line, str(error)))
        else:
            amounts[ids[manager], row.period] = row.amount
    problems.sort(key=lambda problem: problem.line or 0)
    return store_actuals(
        session,
        amounts,
        source=source,
        now=now,
        problems=tuple(problems),
        skip_bad_rows=skip_bad_rows,
    )
