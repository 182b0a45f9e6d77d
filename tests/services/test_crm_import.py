"""Actuals from Salesforce and HubSpot: won deals summed per owner and credited to their team."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.actuals import parse_period
from bot.persistence.models import ActualsSource, ForecastActual, Person
from bot.services.actuals_store import ActualsRejected, ImportReport
from bot.services.crm import CrmAuthError, CrmError, RetryingClient
from bot.services.crm_import import crm_connector, import_from_crm
from bot.settings import Settings
from tests.seeds.history import seed_org

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
Q4 = parse_period("2026-Q4")
SALESFORCE = Settings(
    _env_file=None,
    salesforce_instance_url="https://acme.my.salesforce.com",
    salesforce_access_token=SecretStr("00Dxx!token"),
)
Handler = Callable[[httpx.Request], httpx.Response]


def http(handler: Handler) -> RetryingClient:
    return RetryingClient(
        httpx.Client(transport=httpx.MockTransport(handler)), sleep=lambda seconds: None
    )


def opportunities(*records: tuple[str, float | None]) -> Handler:
    """A Salesforce query resource answering one page of won opportunities."""
    page = {
        "totalSize": len(records),
        "done": True,
        "records": [
            {
                "attributes": {"type": "Opportunity"},
                "Id": f"006{i}",
                "Amount": amount,
                "CloseDate": "2026-11-20",
                "Owner": {"attributes": {"type": "User"}, "Email": email},
            }
            for i, (email, amount) in enumerate(records)
        ],
    }
    return lambda request: httpx.Response(200, json=page)


def actuals_by_manager(session: Session) -> dict[str, tuple[Decimal, ActualsSource, str]]:
    rows = session.execute(
        select(Person.email, ForecastActual).join(Person, ForecastActual.manager_id == Person.id)
    )
    return {email: (a.amount, a.source, a.period) for email, a in rows}


def import_salesforce(session: Session, handler: Handler, **options: bool) -> ImportReport:
    connector = crm_connector(SALESFORCE, ActualsSource.SALESFORCE, client=http(handler))
    return import_from_crm(
        session, connector, source=ActualsSource.SALESFORCE, period=Q4, now=NOW, **options
    )


def test_a_reps_deals_count_for_their_manager_and_a_managers_for_themselves(
    session: Session,
) -> None:
    seed_org(session)
    handler = opportunities(
        ("z1@acme.example", 1000),
        ("Z2@Acme.example", 2000.5),  # CRMs and rosters disagree on case
        ("zoe@acme.example", 500),
        ("b1@acme.example", 300),
    )

    report = import_salesforce(session, handler)

    assert report == ImportReport(inserted=2, updated=0, unchanged=0)
    assert actuals_by_manager(session) == {
        "zoe@acme.example": (Decimal("3500.50"), ActualsSource.SALESFORCE, "2026-Q4"),
        "bo@acme.example": (Decimal("300"), ActualsSource.SALESFORCE, "2026-Q4"),
    }


def test_owners_the_roster_cannot_place_stop_the_import_unless_skipped(
    session: Session,
) -> None:
    seed_org(session)
    handler = opportunities(
        ("z1@acme.example", 1000),
        ("stranger@acme.example", 999),
        ("vp@acme.example", 100),
        ("b1@acme.example", None),
    )

    with pytest.raises(ActualsRejected) as rejected:
        import_salesforce(session, handler)

    messages = [p.message for p in rejected.value.problems]
    assert messages == [
        "salesforce record 0063 not counted: no amount",
        "owner stranger@acme.example is not on the roster: 999 won not counted",
        "owner vp@acme.example is a leader with no reps of their own: 100 won not counted",
    ]
    assert all(p.line is None for p in rejected.value.problems)
    assert actuals_by_manager(session) == {}

    report = import_salesforce(session, handler, skip_bad_rows=True)

    assert (report.inserted, len(report.skipped)) == (1, 3)
    assert actuals_by_manager(session)["zoe@acme.example"][0] == Decimal("1000")


def test_importing_the_same_crm_period_twice_changes_nothing(session: Session) -> None:
    seed_org(session)
    handler = opportunities(("z1@acme.example", 1000), ("b2@acme.example", 7))
    import_salesforce(session, handler)

    assert import_salesforce(session, handler) == ImportReport(0, 0, 2)


def test_hubspot_deals_are_read_with_the_configured_stages_and_zone(session: Session) -> None:
    seed_org(session)
    searches: list[dict[str, Any]] = []

    def hubspot(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/crm/v3/owners/":
            owners = [{"id": "7", "email": "b1@acme.example"}]
            archived = request.url.params["archived"] == "true"
            return httpx.Response(200, json={"results": [] if archived else owners})
        searches.append(json.loads(request.content))
        deal = {
            "id": "9001",
            "properties": {
                "amount": "4200.00",
                "closedate": "2026-12-31T23:30:00Z",
                "hubspot_owner_id": "7",
            },
        }
        return httpx.Response(200, json={"total": 1, "results": [deal]})

    settings = Settings(
        _env_file=None,
        hubspot_access_token=SecretStr("pat-na1-secret"),
        hubspot_won_stage_ids=["closedwon", "84736251"],
        hubspot_time_zone="Europe/Berlin",
    )
    connector = crm_connector(settings, ActualsSource.HUBSPOT, client=http(hubspot))

    report = import_from_crm(session, connector, source=ActualsSource.HUBSPOT, period=Q4, now=NOW)

    assert report.inserted == 1
    assert actuals_by_manager(session) == {
        "bo@acme.example": (Decimal("4200.00"), ActualsSource.HUBSPOT, "2026-Q4")
    }
    [stage_filter, since, _] = searches[0]["filterGroups"][0]["filters"]
    assert stage_filter["values"] == ["closedwon", "84736251"]
    q4_starts_in_berlin = datetime(2026, 9, 30, 22, 0, tzinfo=UTC)  # 1 October, 00:00 in Berlin
    assert since["value"] == str(int(q4_starts_in_berlin.timestamp() * 1000))


def test_bad_credentials_fail_with_the_setting_to_fix_and_store_nothing(
    session: Session,
) -> None:
    seed_org(session)
    refused = [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]

    with pytest.raises(CrmAuthError, match="set SALESFORCE_ACCESS_TOKEN"):
        import_salesforce(session, lambda request: httpx.Response(401, json=refused))

    assert actuals_by_manager(session) == {}


@pytest.mark.parametrize(
    ("settings", "source", "message"),
    [
        (Settings(_env_file=None), ActualsSource.SALESFORCE, "SALESFORCE_INSTANCE_URL is not set"),
        (
            Settings(_env_file=None, salesforce_instance_url="https://acme.my.salesforce.com"),
            ActualsSource.SALESFORCE,
            "SALESFORCE_ACCESS_TOKEN is not set",
        ),
        (Settings(_env_file=None), ActualsSource.HUBSPOT, "HUBSPOT_ACCESS_TOKEN is not set"),
        (
            Settings(
                _env_file=None,
                hubspot_access_token=SecretStr("pat"),
                hubspot_time_zone="Mars/Olympus",
            ),
            ActualsSource.HUBSPOT,
            "HUBSPOT_TIME_ZONE 'Mars/Olympus' is not a time zone",
        ),
    ],
)
def test_missing_crm_settings_are_named(
    settings: Settings, source: ActualsSource, message: str
) -> None:
    with pytest.raises(CrmError, match=message):
        crm_connector(settings, source, client=http(lambda request: httpx.Response(500)))


def test_the_period_covers_whole_days_from_first_to_last(session: Session) -> None:
    seed_org(session)
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params["q"])
        return opportunities()(request)

    import_salesforce(session, handler)

    assert "CloseDate >= 2026-10-01 AND CloseDate <= 2026-12-31" in asked[0]
