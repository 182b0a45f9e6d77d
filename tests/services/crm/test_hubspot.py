import json
from datetime import UTC, date, tzinfo
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.services.crm import (
    CrmAuthError,
    CrmError,
    HubSpotActuals,
    RetryingClient,
    SkippedRecord,
    WonAmount,
    sum_by_owner,
)

SEARCH_PATH = "/crm/v3/objects/deals/search"
OWNERS_PATH = "/crm/v3/owners/"
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def deal(deal_id: str, amount: str | None, closedate: str, owner_id: str | None) -> dict[str, Any]:
    """A deal as CRM search returns it: every property a string or null."""
    return {
        "id": deal_id,
        "properties": {
            "amount": amount,
            "closedate": closedate,
            "createdate": "2025-11-02T09:12:44.118Z",
            "hs_lastmodifieddate": "2026-03-02T10:00:01.002Z",
            "hs_object_id": deal_id,
            "hubspot_owner_id": owner_id,
        },
        "createdAt": "2025-11-02T09:12:44.118Z",
        "updatedAt": "2026-03-02T10:00:01.002Z",
        "archived": False,
    }


def owner(owner_id: str, email: str, *, archived: bool = False) -> dict[str, Any]:
    return {
        "id": owner_id,
        "email": email,
        "type": "PERSON",
        "firstName": email.split("@")[0].title(),
        "lastName": "Rep",
        "userId": 9586504,
        "userIdIncludingInactive": 9586504,
        "createdAt": "2019-12-25T13:01:35.228Z",
        "updatedAt": "2023-08-22T13:40:26.790Z",
        "archived": archived,
    }


def paged(results: list[dict[str, Any]], *, after: str | None = None) -> dict[str, Any]:
    page: dict[str, Any] = {"results": results}
    if after is not None:
        page["paging"] = {"next": {"after": after, "link": f"?after={after}"}}
    return page


def search_page(
    deals: list[dict[str, Any]], *, total: int, after: str | None = None
) -> dict[str, Any]:
    return {"total": total, **paged(deals, after=after)}


# Owner listings keyed by the (archived, after) query parameters that ask for them.
OwnerPages = dict[tuple[str, str | None], dict[str, Any]]


class FakeHubSpot:
    """CRM search pages keyed by ``after``, owner pages keyed by (archived, after)."""

    def __init__(
        self,
        *,
        deal_pages: dict[str | None, dict[str, Any]],
        owner_pages: OwnerPages | None = None,
        interruptions: tuple[httpx.Response, ...] = (),
    ) -> None:
        self.deal_pages = deal_pages
        self.owner_pages = owner_pages or {}
        self.interruptions = list(interruptions)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.interruptions:
            return self.interruptions.pop(0)
        if request.method == "POST" and request.url.path == SEARCH_PATH:
            return httpx.Response(
                200, json=self.deal_pages[json.loads(request.content).get("after")]
            )
        if request.method == "GET" and request.url.path == OWNERS_PATH:
            key = (request.url.params["archived"], request.url.params.get("after"))
            return httpx.Response(200, json=self.owner_pages.get(key, paged([])))
        return httpx.Response(404, json={"status": "error", "message": "not found"})

    def search_bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests if r.url.path == SEARCH_PATH]


def connector(
    fake: FakeHubSpot,
    sleeps: list[float] | None = None,
    *,
    max_attempts: int = 5,
    won_stage_ids: tuple[str, ...] = ("closedwon",),
    time_zone: tzinfo = UTC,
) -> HubSpotActuals:
    http = RetryingClient(
        httpx.Client(transport=httpx.MockTransport(fake)),
        max_attempts=max_attempts,
        sleep=(sleeps if sleeps is not None else []).append,
    )
    return HubSpotActuals(
        http,
        access_token="pat-na1-secret",
        won_stage_ids=won_stage_ids,
        time_zone=time_zone,
    )


def single_page(*deals: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    return {None: search_page(list(deals), total=len(deals))}


ANA_AND_BEN: OwnerPages = {
    ("false", None): paged([owner("101", "ana@acme.com"), owner("102", "ben@acme.com")])
}


def test_closed_won_deals_are_searched_by_stage_and_close_date_with_the_bearer_token() -> None:
    fake = FakeHubSpot(deal_pages=single_page())

    connector(fake, won_stage_ids=("closedwon", "84736251")).fetch_won(*Q1)

    request = fake.requests[0]
    assert (request.method, request.url.host, request.url.path) == (
        "POST",
        "api.hubapi.com",
        SEARCH_PATH,
    )
    assert request.headers["Authorization"] == "Bearer pat-na1-secret"
    assert json.loads(request.content) == {
        "filterGroups": [
            {
                "filters": [
                    {
                        "propertyName": "dealstage",
                        "operator": "IN",
                        "values": ["closedwon", "84736251"],
                    },
                    # 2026-01-01T00:00Z and 2026-04-01T00:00Z: all of 31 March is in.
                    {"propertyName": "closedate", "operator": "GTE", "value": "1767225600000"},
                    {"propertyName": "closedate", "operator": "LT", "value": "1775001600000"},
                ]
            }
        ],
        "properties": ["amount", "closedate", "hubspot_owner_id"],
        "limit": 100,
    }


def test_all_three_search_pages_are_read_by_following_the_after_cursor() -> None:
    fake = FakeHubSpot(
        deal_pages={
            None: search_page(
                [deal("1", "100", "2026-01-10T12:00:00Z", "101")], total=3, after="MQ"
            ),
            "MQ": search_page(
                [deal("2", "200", "2026-02-10T12:00:00Z", "102")], total=3, after="Mg"
            ),
            "Mg": search_page([deal("3", "300", "2026-03-10T12:00:00Z", "101")], total=3),
        },
        owner_pages=ANA_AND_BEN,
    )

    won = connector(fake).fetch_won(*Q1)

    assert [w.external_id for w in won] == ["1", "2", "3"]
    assert [body.get("after") for body in fake.search_bodies()] == [None, "MQ", "Mg"]


def test_a_won_deal_becomes_a_won_amount_with_its_owners_email() -> None:
    fake = FakeHubSpot(
        deal_pages=single_page(deal("512", "1500.50", "2026-02-10T15:04:05.123Z", "101")),
        owner_pages=ANA_AND_BEN,
    )

    won = connector(fake).fetch_won(*Q1)

    assert won == [
        WonAmount(
            owner_email="ana@acme.com",
            amount=Decimal("1500.50"),
            close_date=date(2026, 2, 10),
            external_id="512",
        )
    ]


def test_owners_are_read_across_pages_and_include_those_who_have_left() -> None:
    fake = FakeHubSpot(
        deal_pages=single_page(
            deal("1", "100", "2026-01-10T12:00:00Z", "101"),
            deal("2", "200", "2026-01-11T12:00:00Z", "102"),
            deal("3", "300", "2026-01-12T12:00:00Z", "900"),
        ),
        owner_pages={
            ("false", None): paged([owner("101", "ana@acme.com")], after="b3duZXI"),
            ("false", "b3duZXI"): paged([owner("102", "ben@acme.com")]),
            ("true", None): paged([owner("900", "gone@acme.com", archived=True)]),
        },
    )

    won = connector(fake).fetch_won(*Q1)

    assert [w.owner_email for w in won] == ["ana@acme.com", "ben@acme.com", "gone@acme.com"]
    owner_requests = [r for r in fake.requests if r.url.path == OWNERS_PATH]
    assert [dict(r.url.params) for r in owner_requests] == [
        {"limit": "100", "archived": "false"},
        {"limit": "100", "archived": "false", "after": "b3duZXI"},
        {"limit": "100", "archived": "true"},
    ]


def test_amounts_are_summed_per_owner_email_whatever_its_case() -> None:
    fake = FakeHubSpot(
        deal_pages=single_page(
            deal("1", "0.1", "2026-01-10T12:00:00Z", "101"),
            deal("2", "0.2", "2026-02-10T12:00:00Z", "103"),
            deal("3", "5000", "2026-03-10T12:00:00Z", "102"),
        ),
        owner_pages={
            ("false", None): paged(
                [
                    owner("101", "Ana@Acme.com"),
                    owner("102", "ben@acme.com"),
                    owner("103", "ana@acme.com"),
                ]
            )
        },
    )

    totals = sum_by_owner(connector(fake).fetch_won(*Q1))

    assert totals == {"ana@acme.com": Decimal("0.3"), "ben@acme.com": Decimal("5000")}


def test_deals_without_amount_or_owner_are_skipped_and_reported() -> None:
    fake = FakeHubSpot(
        deal_pages=single_page(
            deal("1", None, "2026-01-10T12:00:00Z", "101"),
            deal("2", "", "2026-01-10T12:00:00Z", "101"),
            deal("3", "n/a", "2026-01-10T12:00:00Z", "101"),
            deal("4", "400", "2026-01-10T12:00:00Z", None),
            deal("5", "500", "2026-01-10T12:00:00Z", "777"),
            deal("6", "600", "2026-01-10T12:00:00Z", "101"),
        ),
        owner_pages=ANA_AND_BEN,
    )
    hubspot = connector(fake)

    won = hubspot.fetch_won(*Q1)

    assert [w.external_id for w in won] == ["6"]
    assert hubspot.skipped == (
        SkippedRecord(external_id="1", reason="no amount"),
        SkippedRecord(external_id="2", reason="no amount"),
        SkippedRecord(external_id="3", reason="amount 'n/a' is no number"),
        SkippedRecord(external_id="4", reason="no owner"),
        SkippedRecord(external_id="5", reason="owner 777 has no e-mail"),
    )


def test_close_dates_and_period_edges_follow_the_accounts_time_zone() -> None:
    new_york = ZoneInfo("America/New_York")
    fake = FakeHubSpot(
        # 22:30 on 31 March in New York is already 1 April in UTC.
        deal_pages=single_page(deal("1", "100", "2026-04-01T02:30:00Z", "101")),
        owner_pages=ANA_AND_BEN,
    )

    won = connector(fake, time_zone=new_york).fetch_won(*Q1)

    assert won[0].close_date == date(2026, 3, 31)
    filters = fake.search_bodies()[0]["filterGroups"][0]["filters"]
    assert [f["value"] for f in filters[1:]] == ["1767243600000", "1775016000000"]


def test_no_won_deals_means_no_owner_lookup() -> None:
    fake = FakeHubSpot(deal_pages=single_page())

    assert connector(fake).fetch_won(*Q1) == []
    assert [r.url.path for r in fake.requests] == [SEARCH_PATH]


def test_a_rejected_token_names_the_setting_to_fix() -> None:
    fake = FakeHubSpot(
        deal_pages={},
        interruptions=(
            httpx.Response(
                401,
                json={
                    "status": "error",
                    "message": "Authentication credentials not found.",
                    "correlationId": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
                    "category": "INVALID_AUTHENTICATION",
                },
            ),
        ),
    )

    with pytest.raises(CrmAuthError) as error:
        connector(fake).fetch_won(*Q1)

    message = str(error.value)
    assert "Authentication credentials not found." in message
    assert "HUBSPOT_ACCESS_TOKEN" in message
    assert len(fake.requests) == 1, "bad credentials are not retried"


def test_a_token_missing_a_scope_says_which_scopes_are_needed() -> None:
    fake = FakeHubSpot(
        deal_pages={},
        interruptions=(
            httpx.Response(
                403,
                json={
                    "status": "error",
                    "message": "This app hasn't been granted all required scopes.",
                    "category": "MISSING_SCOPES",
                },
            ),
        ),
    )

    with pytest.raises(
        CrmAuthError, match=r"crm\.objects\.deals\.read and crm\.objects\.owners\.read"
    ):
        connector(fake).fetch_won(*Q1)


def test_a_429_waits_the_retry_after_seconds_then_searches_again() -> None:
    fake = FakeHubSpot(
        deal_pages=single_page(deal("1", "100", "2026-01-10T12:00:00Z", "101")),
        owner_pages=ANA_AND_BEN,
        interruptions=(httpx.Response(429, headers={"Retry-After": "2"}),),
    )
    sleeps: list[float] = []

    won = connector(fake, sleeps).fetch_won(*Q1)

    assert sleeps == [2.0]
    assert [w.external_id for w in won] == ["1"]


def test_a_503_is_retried_until_hubspot_answers() -> None:
    fake = FakeHubSpot(
        deal_pages=single_page(deal("1", "100", "2026-01-10T12:00:00Z", "101")),
        owner_pages=ANA_AND_BEN,
        interruptions=(httpx.Response(503),),
    )
    sleeps: list[float] = []

    won = connector(fake, sleeps).fetch_won(*Q1)

    assert len(sleeps) == 1
    assert [w.external_id for w in won] == ["1"]


def test_hubspot_staying_down_is_a_crm_error_after_the_last_attempt() -> None:
    fake = FakeHubSpot(deal_pages={}, interruptions=(httpx.Response(502),) * 2)

    with pytest.raises(CrmError, match=r"after 2 attempts \(last: HTTP 502\)"):
        connector(fake, max_attempts=2).fetch_won(*Q1)


def test_more_won_deals_than_search_can_page_through_is_refused_not_truncated() -> None:
    fake = FakeHubSpot(deal_pages={None: search_page([], total=12_000, after="MQ")})

    with pytest.raises(CrmError, match=r"12000 won deals.*import a shorter period"):
        connector(fake).fetch_won(*Q1)
