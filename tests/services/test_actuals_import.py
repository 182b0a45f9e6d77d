"""Importing actuals from CSV: validated row by row, all or nothing, and idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.actuals import parse_amount, parse_period
from bot.persistence.models import ActualsSource, ForecastActual, Person
from bot.services.actuals_import import import_actuals, parse_actuals_csv
from bot.services.actuals_store import ActualsRejected, ImportReport
from tests.seeds.history import seed_org

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "actuals.csv"
    path.write_text(text, encoding=encoding)
    return path


def stored(session: Session) -> dict[tuple[str, date, date], Decimal]:
    rows = session.execute(
        select(Person.email, ForecastActual).join(Person, ForecastActual.manager_id == Person.id)
    )
    return {(email, a.period_start, a.period_end): a.amount for email, a in rows}


def run_import(
    session: Session, path: Path, *, skip_bad_rows: bool = False, now: datetime = NOW
) -> ImportReport:
    parsed = parse_actuals_csv(path)
    return import_actuals(session, parsed, now=now, skip_bad_rows=skip_bad_rows)


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2026-Q4", "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-q1", "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-11", "2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2028-2", "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-W48", "2026-W48", date(2026, 11, 23), date(2026, 11, 29)),
        ("2027-W01", "2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
        ("2026-W53", "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
    ],
)
def test_a_period_label_names_its_first_and_last_day(
    text: str, label: str, start: date, end: date
) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2026/11", "2026-Q4 (quarter), 2026-11 (month) or 2026-W48 (ISO week)"),
        ("2026-Q5", "2026-Q4 (quarter)"),
        ("2026-13", "there is no month 13"),
        ("2027-W53", "2027 has no ISO week 53"),
    ],
)
def test_a_bad_period_says_which_forms_work(text: str, hint: str) -> None:
    with pytest.raises(ValueError, match=hint.replace("(", r"\(").replace(")", r"\)")):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("125000", "125000"), ("125,000.50", "125000.50"), (" 1,234,567 ", "1234567"), ("0", "0")],
)
def test_amounts_may_carry_thousands_separators(text: str, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("$125,000", "remove the currency '$'"),
        ("125000 EUR", "remove the currency 'EUR'"),
        ("-5", "negative"),
        ("1,5", "not a number"),
        ("12.345", "more than 2 decimals"),
        ("", "empty"),
    ],
)
def test_a_bad_amount_says_what_to_fix(text: str, hint: str) -> None:
    with pytest.raises(ValueError, match=hint.replace("$", r"\$")):
        parse_amount(text)


def test_a_good_file_is_imported_with_each_period_as_dates(
    session: Session, tmp_path: Path
) -> None:
    seed_org(session)
    path = write(
        tmp_path,
        "\ufeffManager_Email,Period,Amount,comment\n"
        'zoe@acme.example,2026-Q4,"125,000.50",Excel adds a BOM\n'
        "\n"
        "BO@acme.example,2026-11,40000,e-mail case does not matter\n"
        "bo@acme.example,2026-W48,9000.00,\n",
    )

    report = run_import(session, path)

    assert report == ImportReport(inserted=3, updated=0, unchanged=0)
    assert stored(session) == {
        ("zoe@acme.example", date(2026, 10, 1), date(2026, 12, 31)): Decimal("125000.50"),
        ("bo@acme.example", date(2026, 11, 1), date(2026, 11, 30)): Decimal("40000"),
        ("bo@acme.example", date(2026, 11, 23), date(2026, 11, 29)): Decimal("9000"),
    }
    sources = set(session.scalars(select(ForecastActual.source)))
    assert sources == {ActualsSource.CSV}


BAD_FILE = (
    "manager_email,period,amount\n"  # line 1
    "zoe@acme.example,2026-Q4,125000\n"  # 2: fine
    "nobody@acme.example,2026-Q4,1000\n"  # 3: not on the roster
    "z1@acme.example,2026-Q4,1000\n"  # 4: a rep
    "vp@acme.example,2026-Q4,1000\n"  # 5: a leader with no reps of their own
    "bo@acme.example,Q4 2026,1000\n"  # 6: bad period
    "bo@acme.example,2026-11,-20\n"  # 7: negative
    "bo@acme.example,2026-10,€3000\n"  # 8: currency sign
    ",2026-10,3000\n"  # 9: no e-mail
)


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(
    session: Session, tmp_path: Path
) -> None:
    seed_org(session)

    with pytest.raises(ActualsRejected) as rejected:
        run_import(session, write(tmp_path, BAD_FILE))

    problems = {(p.line, p.message) for p in rejected.value.problems}
    assert {line for line, _ in problems} == {3, 4, 5, 6, 7, 8, 9}
    expected = {
        3: "nobody@acme.example is not on the roster",
        4: "z1@acme.example is not a manager (no reps report to them)",
        5: "vp@acme.example is not a manager",
        6: "period 'Q4 2026' is not 2026-Q4 (quarter), 2026-11 (month) or 2026-W48",
        7: "amount -20 is negative",
        8: "remove the currency '€'",
        9: "manager_email is empty",
    }
    for line, fragment in expected.items():
        assert any(at == line and fragment in said for at, said in problems), (line, problems)
    assert stored(session) == {}


def test_with_skip_bad_rows_the_good_rows_are_imported_and_the_bad_ones_reported(
    session: Session, tmp_path: Path
) -> None:
    seed_org(session)

    report = run_import(session, write(tmp_path, BAD_FILE), skip_bad_rows=True)

    assert (report.inserted, report.updated, report.unchanged) == (1, 0, 0)
    assert [p.line for p in report.skipped] == [3, 4, 5, 6, 7, 8, 9]
    assert list(stored(session).values()) == [Decimal("125000")]


def test_a_missing_column_is_reported_on_the_header_line(tmp_path: Path) -> None:
    parsed = parse_actuals_csv(
        write(tmp_path, "manager,period,amount\nzoe@acme.example,2026-Q4,1\n")
    )

    assert parsed.rows == ()
    [problem] = parsed.problems
    assert problem.line == 1
    assert "missing column(s) manager_email" in problem.message


def test_a_file_that_is_not_utf8_says_how_to_save_it(tmp_path: Path) -> None:
    path = write(
        tmp_path, "manager_email,period,amount\nzoë@acme.example,2026-Q4,1\n", encoding="latin-1"
    )

    [problem] = parse_actuals_csv(path).problems

    assert problem.line == 2
    assert "save it as CSV UTF-8" in problem.message


def test_a_repeated_row_counts_once_but_a_conflicting_repeat_is_a_problem(
    session: Session, tmp_path: Path
) -> None:
    seed_org(session)
    path = write(
        tmp_path,
        "manager_email,period,amount\n"
        "zoe@acme.example,2026-Q4,1000\n"
        'ZOE@acme.example,2026-q4,"1,000.00"\n'  # the same fact again: fine
        "bo@acme.example,2026-11,500\n"
        "bo@acme.example,2026-11,700\n",  # line 5 disagrees with line 4
    )

    parsed = parse_actuals_csv(path)

    assert [(row.line, row.manager_email) for row in parsed.rows] == [(2, "zoe@acme.example")]
    [problem] = parsed.problems
    assert problem.line == 5
    assert "already on line 4 with amount 500, here 700: keep one" in problem.message
    with pytest.raises(ActualsRejected):
        import_actuals(session, parsed, now=NOW)


def test_importing_the_same_file_twice_changes_nothing(session: Session, tmp_path: Path) -> None:
    seed_org(session)
    path = write(
        tmp_path,
        "manager_email,period,amount\nzoe@acme.example,2026-Q4,1000\nbo@acme.example,2026-Q4,2000\n",
    )
    run_import(session, path)

    again = run_import(session, path, now=NOW + timedelta(days=1))

    assert again == ImportReport(inserted=0, updated=0, unchanged=2)
    assert set(session.scalars(select(ForecastActual.imported_at))) == {NOW}


def test_a_corrected_amount_updates_the_stored_actual(session: Session, tmp_path: Path) -> None:
    seed_org(session)
    run_import(
        session, write(tmp_path, "manager_email,period,amount\nzoe@acme.example,2026-Q4,1000\n")
    )

    corrected = write(
        tmp_path,
        "manager_email,period,amount\nzoe@acme.example,2026-Q4,1100\nbo@acme.example,2026-Q4,5\n",
    )
    report = run_import(session, corrected, now=NOW + timedelta(days=1))

    assert report == ImportReport(inserted=1, updated=1, unchanged=0)
    assert stored(session)[("zoe@acme.example", date(2026, 10, 1), date(2026, 12, 31))] == Decimal(
        "1100"
    )
