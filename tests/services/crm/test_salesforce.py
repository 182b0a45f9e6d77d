from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from bot.services.crm import (
    CrmAuthError,
    CrmError,
    RetryingClient,
    SalesforceActuals,
    SkippedRecord,
    WonAmount,
    sum_by_owner,
)

INSTANCE = "https://acme.my.salesforce.com"
QUERY_PATH = "/services/data/v60.0/query"
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def opportunity(
    opportunity_id: str, amount: float | None, close_date: str, owner_email: str | None
) -> dict[str, Any]:
    """An Opportunity record as the query resource returns it, relationship and all."""
    owner = None
    if owner_email is not None:
        owner = {
            "attributes": {"type": "User", "url": "/services/data/v60.0/sobjects/User/005A1"},
            "Email": owner_email,
        }
    return {
        "attributes": {
            "type": "Opportunity",
            "url": f"/services/data/v60.0/sobjects/Opportunity/{opportunity_id}",
        },
        "Id": opportunity_id,
        "Amount": amount,
        "CloseDate": close_date,
        "Owner": owner,
    }


def query_page(
    records: list[dict[str, Any]], *, total: int, next_url: str | None = None
) -> dict[str, Any]:
    page: dict[str, Any] = {"totalSize": total, "done": next_url is None, "records": records}
    if next_url is not None:
        page["nextRecordsUrl"] = next_url
    return page


class FakeSalesforce:
    """Serves query pages by path, after any scripted interruptions (429s, 503s, 401s)."""

    def __init__(
        self, pages: dict[str, dict[str, Any]], interruptions: tuple[httpx.Response, ...] = ()
    ) -> None:
        self.pages = pages
        self.interruptions = list(interruptions)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.interruptions:
            return self.interruptions.pop(0)
        return httpx.Response(200, json=self.pages[request.url.path])


def connector(
    fake: FakeSalesforce, sleeps: list[float] | None = None, *, max_attempts: int = 5
) -> SalesforceActuals:
    http = RetryingClient(
        httpx.Client(transport=httpx.MockTransport(fake)),
        max_attempts=max_attempts,
        sleep=(sleeps if sleeps is not None else []).append,
    )
    return SalesforceActuals(http, instance_url=INSTANCE, access_token="00Dxx!token")


def one_page(*records: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {QUERY_PATH: query_page(list(records), total=len(records))}


def test_won_opportunities_are_queried_by_close_date_with_the_bearer_token() -> None:
    fake = FakeSalesforce(one_page())

    connector(fake).fetch_won(*Q1)

    request = fake.requests[0]
    assert request.url.path == QUERY_PATH
    assert request.url.params["q"] == (
        "SELECT Id, Amount, CloseDate, Owner.Email FROM Opportunity "
        "WHERE IsWon = true AND CloseDate >= 2026-01-01 AND CloseDate <= 2026-03-31"
    )
    assert request.headers["Authorization"] == "Bearer 00Dxx!token"


def test_all_three_pages_are_read_by_following_next_records_url() -> None:
    second = "/services/data/v60.0/query/01gD0000002HU6KIAW-2000"
    third = "/services/data/v60.0/query/01gD0000002HU6KIAW-4000"
    fake = FakeSalesforce(
        {
            QUERY_PATH: query_page(
                [opportunity("006A1", 1000, "2026-01-15", "ana@acme.com")], total=3, next_url=second
            ),
            second: query_page(
                [opportunity("006A2", 2000, "2026-02-15", "ben@acme.com")], total=3, next_url=third
            ),
            third: query_page([opportunity("006A3", 3000, "2026-03-15", "ana@acme.com")], total=3),
        }
    )

    won = connector(fake).fetch_won(*Q1)

    assert [w.external_id for w in won] == ["006A1", "006A2", "006A3"]
    assert [r.url.path for r in fake.requests] == [QUERY_PATH, second, third]
    assert all(r.headers["Authorization"] == "Bearer 00Dxx!token" for r in fake.requests)


def test_a_won_opportunity_becomes_a_won_amount_with_an_exact_decimal() -> None:
    fake = FakeSalesforce(one_page(opportunity("006A1", 1234.56, "2026-02-10", "ana@acme.com")))

    won = connector(fake).fetch_won(*Q1)

    assert won == [
        WonAmount(
            owner_email="ana@acme.com",
            amount=Decimal("1234.56"),
            close_date=date(2026, 2, 10),
            external_id="006A1",
        )
    ]


def test_amounts_are_summed_per_owner_email_whatever_its_case() -> None:
    fake = FakeSalesforce(
        one_page(
            opportunity("006A1", 0.1, "2026-01-05", "Ana@Acme.com"),
            opportunity("006A2", 0.2, "2026-02-05", "ana@acme.com"),
            opportunity("006A3", 500, "2026-03-05", "ben@acme.com"),
        )
    )

    totals = sum_by_owner(connector(fake).fetch_won(*Q1))

    assert totals == {"ana@acme.com": Decimal("0.3"), "ben@acme.com": Decimal("500")}


def test_opportunities_without_amount_or_owner_email_are_skipped_and_reported() -> None:
    fake = FakeSalesforce(
        one_page(
            opportunity("006A1", None, "2026-01-05", "ana@acme.com"),
            opportunity("006A2", 700, "2026-01-06", None),
            opportunity("006A3", 900, "2026-01-07", "ben@acme.com"),
        )
    )
    salesforce = connector(fake)

    won = salesforce.fetch_won(*Q1)

    assert [w.external_id for w in won] == ["006A3"]
    assert salesforce.skipped == (
        SkippedRecord(external_id="006A1", reason="no amount"),
        SkippedRecord(external_id="006A2", reason="no owner e-mail"),
    )


def test_an_invalid_session_names_the_setting_to_fix() -> None:
    fake = FakeSalesforce(
        {},
        interruptions=(
            httpx.Response(
                401,
                json=[{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}],
            ),
        ),
    )

    with pytest.raises(CrmAuthError) as error:
        connector(fake).fetch_won(*Q1)

    message = str(error.value)
    assert "INVALID_SESSION_ID: Session expired or invalid" in message
    assert "SALESFORCE_ACCESS_TOKEN" in message
    assert len(fake.requests) == 1, "bad credentials are not retried"


def test_a_429_waits_the_retry_after_seconds_then_reads_the_page() -> None:
    fake = FakeSalesforce(
        one_page(opportunity("006A1", 100, "2026-01-05", "ana@acme.com")),
        interruptions=(httpx.Response(429, headers={"Retry-After": "5"}),),
    )
    sleeps: list[float] = []

    won = connector(fake, sleeps).fetch_won(*Q1)

    assert sleeps == [5.0]
    assert [w.external_id for w in won] == ["006A1"]


def test_a_503_is_retried_until_the_page_comes_back() -> None:
    fake = FakeSalesforce(
        one_page(opportunity("006A1", 100, "2026-01-05", "ana@acme.com")),
        interruptions=(httpx.Response(503),),
    )
    sleeps: list[float] = []

    won = connector(fake, sleeps).fetch_won(*Q1)

    assert len(sleeps) == 1
    assert [w.external_id for w in won] == ["006A1"]


def test_an_org_that_stays_down_is_a_crm_error_after_the_last_attempt() -> None:
    fake = FakeSalesforce({}, interruptions=(httpx.Response(503),) * 3)

    with pytest.raises(CrmError, match="after 3 attempts"):
        connector(fake, max_attempts=3).fetch_won(*Q1)


def test_a_rejected_query_reports_salesforces_error_code() -> None:
    fake = FakeSalesforce(
        {},
        interruptions=(
            httpx.Response(
                400,
                json=[
                    {
                        "message": "No such column 'Amount' on entity 'Opportunity'",
                        "errorCode": "INVALID_FIELD",
                    }
                ],
            ),
        ),
    )

    with pytest.raises(CrmError, match=r"HTTP 400.*INVALID_FIELD: No such column") as error:
        connector(fake).fetch_won(*Q1)

    assert not isinstance(error.value, CrmAuthError)


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="after its end"):
        connector(FakeSalesforce({})).fetch_won(date(2026, 3, 31), date(2026, 1, 1))
