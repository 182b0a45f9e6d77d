"""Importing targets: all or nothing, every bad line named, idempotent; Salesforce quotas too."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.actuals import parse_period
from bot.persistence.models import Person, SalesTarget, TargetSource
from bot.services.actuals_import import parse_actuals_csv
from bot.services.actuals_store import ImportReport
from bot.services.crm import RetryingClient, SalesforceActuals
from bot.services.crm.quotas import SalesforceQuotas
from bot.services.targets import TargetsRejected, import_quotas_from_crm, import_targets
from tests.seeds.history import seed_org
from tests.services.crm.test_salesforce import INSTANCE, QUERY_PATH, FakeSalesforce, query_page

NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
GOOD = (
    "manager_email,period,amount\n"
    "zoe@acme.example,2026-Q4,300000\n"
    'BO@acme.example,2026-Q4,"150,000.50"\n'
)


def stored(session: Session) -> dict[tuple[str, str], Decimal]:
    rows = session.execute(
        select(Person.email, SalesTarget).join(Person, SalesTarget.manager_id == Person.id)
    )
    return {(email, t.period): t.amount for email, t in rows}


def run_import(session: Session, tmp_path: Path, text: str) -> ImportReport:
    path = tmp_path / "targets.csv"
    path.write_text(text)
    return import_targets(session, parse_actuals_csv(path), source=TargetSource.CSV, now=NOW)


def test_a_good_file_is_stored_and_a_second_import_changes_nothing(
    session: Session, tmp_path: Path
) -> None:
    seed_org(session)

    first = run_import(session, tmp_path, GOOD)
    again = run_import(session, tmp_path, GOOD)

    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert stored(session) == {
        ("zoe@acme.example", "2026-Q4"): Decimal("300000.00"),
        ("bo@acme.example", "2026-Q4"): Decimal("150000.50"),
    }


def test_a_file_with_bad_lines_imports_nothing_and_names_every_bad_line(
    session: Session, tmp_path: Path
) -> None:
    seed_org(session)
    run_import(session, tmp_path, "manager_email,period,amount\nzoe@acme.example,2026-Q4,1\n")
    bad = (
        "manager_email,period,amount\n"
        "zoe@acme.example,2026-Q4,300000\n"  # good, and must not be imported
        "z1@acme.example,2026-Q4,1000\n"  # a rep
        "bo@acme.example,2026-Q5,1000\n"
        "nobody@acme.example,2026-Q4,1000\n"
        "bo@acme.example,2026-Q4,-5\n"
        "bo@acme.example,2026-11,€100\n"
    )

    with pytest.raises(TargetsRejected) as rejected:
        run_import(session, tmp_path, bad)

    lines = {problem.line: problem.message for problem in rejected.value.problems}
    assert sorted(lines) == [3, 4, 5, 6, 7]
    assert "not a manager" in lines[3]
    assert "2026-Q5" in lines[4]
    assert "not on the roster" in lines[5]
    assert "negative" in lines[6]
    assert "remove the currency" in lines[7]
    assert stored(session) == {("zoe@acme.example", "2026-Q4"): Decimal("1.00")}


def quota(quota_id: str, amount: float | None, start: str, owner: str | None) -> dict[str, Any]:
    return {
        "attributes": {"type": "ForecastingQuota"},
        "Id": quota_id,
        "QuotaAmount": amount,
        "StartDate": start,
        "QuotaOwner": None if owner is None else {"Email": owner},
    }


def salesforce(*records: dict[str, Any]) -> tuple[SalesforceQuotas, FakeSalesforce]:
    fake = FakeSalesforce({QUERY_PATH: query_page(list(records), total=len(records))})
    http = RetryingClient(httpx.Client(transport=httpx.MockTransport(fake)), sleep=lambda _: None)
    return SalesforceQuotas(SalesforceActuals(http, instance_url=INSTANCE, access_token="t")), fake


def test_salesforce_quotas_of_a_quarter_are_summed_per_manager_team(session: Session) -> None:
    seed_org(session)
    connector, fake = salesforce(
        quota("0J91", 100000, "2026-10-01", "zoe@acme.example"),
        quota("0J92", 50000, "2026-11-01", "Zoe@Acme.example"),
        quota("0J93", 20000, "2026-10-01", "b1@acme.example"),  # a rep: counts for Bo
    )

    report = import_quotas_from_crm(session, connector, period=parse_period("2026-Q4"), now=NOW)

    assert report.inserted == 2
    assert fake.requests[0].url.params["q"] == (
        "SELECT Id, QuotaAmount, StartDate, QuotaOwner.Email FROM ForecastingQuota "
        "WHERE IsAmount = true AND StartDate >= 2026-10-01 AND StartDate <= 2026-12-31"
    )
    assert stored(session) == {
        ("zoe@acme.example", "2026-Q4"): Decimal("150000.00"),
        ("bo@acme.example", "2026-Q4"): Decimal("20000.00"),
    }


def test_a_salesforce_quota_nobody_can_place_rejects_them_all(session: Session) -> None:
    seed_org(session)
    connector, _ = salesforce(
        quota("0J91", 100000, "2026-10-01", "zoe@acme.example"),
        quota("0J92", None, "2026-10-01", "bo@acme.example"),
        quota("0J93", 5, "2026-10-01", "stranger@else.example"),
    )

    with pytest.raises(TargetsRejected) as rejected:
        import_quotas_from_crm(session, connector, period=parse_period("2026-Q4"), now=NOW)

    messages = [p.message for p in rejected.value.problems]
    assert any("0J92" in m and "QuotaAmount" in m for m in messages)
    assert any("0J93" in m and "not on the roster" in m for m in messages)
    assert stored(session) == {}
