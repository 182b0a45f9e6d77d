"""Closed-won deals from HubSpot, read with the CRM search and owners APIs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from bot.services.crm.base import (
    CrmAuthError,
    CrmError,
    SkippedRecord,
    WonAmount,
    check_period,
    expected_shape,
)
from bot.services.crm.http import RetryingClient, read_json

BASE_URL = "https://api.hubapi.com"
ACCESS_TOKEN_SETTING = "HUBSPOT_ACCESS_TOKEN"
REQUIRED_SCOPES = "crm.objects.deals.read and crm.objects.owners.read"
DEFAULT_WON_STAGE_IDS = ("closedwon",)
SEARCH_PAGE_SIZE = 100
OWNERS_PAGE_SIZE = 100
# HubSpot search refuses to page past its 10,000th result.
SEARCH_RESULT_CAP = 10_000


class HubSpotActuals:
    """An ``ActualsSource`` over one HubSpot account (a private-app access token)."""

    def __init__(
        self,
        client: RetryingClient,
        *,
        access_token: str,
        won_stage_ids: Sequence[str] = DEFAULT_WON_STAGE_IDS,
        time_zone: tzinfo = UTC,
        base_url: str = BASE_URL,
    ) -> None:
        """``won_stage_ids``: the won stage of every pipeline (custom pipelines have their own).

        ``time_zone``: the account's zone; HubSpot stores close dates as instants, and a deal
        closed late on the 31st in New York must count in that month, not the next one.
        """
        if not won_stage_ids:
            raise ValueError("won_stage_ids needs at least one deal stage id")
        self._http = client
        self._base_url = base_url.rstrip("/")
        self._won_stage_ids = list(won_stage_ids)
        self._time_zone = time_zone
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self.skipped: tuple[SkippedRecord, ...] = ()

    def fetch_won(self, start: date, end: date) -> list[WonAmount]:
        check_period(start, end)
        with expected_shape("HubSpot"):
            return self._fetch_won(start, end)

    def _fetch_won(self, start: date, end: date) -> list[WonAmount]:
        deals = list(self._won_deals(start, end))
        owner_emails = self._owner_emails() if deals else {}
        won: list[WonAmount] = []
        skipped: list[SkippedRecord] = []
        for deal in deals:
            parsed = self._parse_deal(deal, owner_emails)
            if isinstance(parsed, WonAmount):
                won.append(parsed)
            else:
                skipped.append(parsed)
        self.skipped = tuple(skipped)
        return won

    def _won_deals(self, start: date, end: date) -> Iterator[dict[str, Any]]:
        query: dict[str, Any] = {
            "filterGroups": [
                {
                    "filters": [
                        {
                            "propertyName": "dealstage",
                            "operator": "IN",
                            "values": self._won_stage_ids,
                        },
                        {
                            "propertyName": "closedate",
                            "operator": "GTE",
                            "value": self._epoch_millis(start),
                        },
                        # Strictly before the next midnight: the whole end day, to the millisecond.
                        {
                            "propertyName": "closedate",
                            "operator": "LT",
                            "value": self._epoch_millis(end + timedelta(days=1)),
                        },
                    ]
                }
            ],
            "properties": ["amount", "closedate", "hubspot_owner_id"],
            "limit": SEARCH_PAGE_SIZE,
        }
        after: str | None = None
        while True:
            body = query if after is None else {**query, "after": after}
            page = self._call("POST", "/crm/v3/objects/deals/search", body=body)
            if page.get("total", 0) > SEARCH_RESULT_CAP:
                raise CrmError(
                    f"HubSpot has {page['total']} won deals closed {start}..{end}, more than "
                    f"its search can return ({SEARCH_RESULT_CAP}); import a shorter period"
                )
            yield from page["results"]
            after = _next_cursor(page)
            if after is None:
                return

    def _owner_emails(self) -> dict[str, str]:
        """Owner id → e-mail, including archived owners: a rep who left still closed the deal."""
        emails: dict[str, str] = {}
        for archived in ("false", "true"):
            after: str | None = None
            while True:
                params: dict[str, str | int] = {"limit": OWNERS_PAGE_SIZE, "archived": archived}
                if after is not None:
                    params["after"] = after
                page = self._call("GET", "/crm/v3/owners/", params=params)
                for owner in page["results"]:
                    if owner.get("email"):
                        emails[str(owner["id"])] = owner["email"]
                after = _next_cursor(page)
                if after is None:
                    break
        return emails

    def _parse_deal(
        self, deal: dict[str, Any], owner_emails: dict[str, str]
    ) -> WonAmount | SkippedRecord:
        deal_id = str(deal["id"])
        properties = deal["properties"]
        raw_amount = properties.get("amount")
        owner_id = properties.get("hubspot_owner_id")
        if not raw_amount:
            return SkippedRecord(external_id=deal_id, reason="no amount")
        try:
            amount = Decimal(raw_amount)
        except InvalidOperation:
            return SkippedRecord(external_id=deal_id, reason=f"amount {raw_amount!r} is no number")
        if not owner_id:
            return SkippedRecord(external_id=deal_id, reason="no owner")
        if owner_id not in owner_emails:
            return SkippedRecord(external_id=deal_id, reason=f"owner {owner_id} has no e-mail")
        closed_at = datetime.fromisoformat(properties["closedate"])
        return WonAmount(
            owner_email=owner_emails[owner_id],
            amount=amount,
            close_date=closed_at.astimezone(self._time_zone).date(),
            external_id=deal_id,
        )

    def _epoch_millis(self, day: date) -> str:
        midnight = datetime.combine(day, time.min, tzinfo=self._time_zone)
        return str(int(midnight.timestamp() * 1000))

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str | int] | None = None,
        body: object = None,
    ) -> Any:
        response = self._http.request(
            method, f"{self._base_url}{path}", headers=self._headers, params=params, body=body
        )
        if response.status_code in (httpx.codes.UNAUTHORIZED, httpx.codes.FORBIDDEN):
            # 401: the token is wrong or revoked; 403: it lacks a scope. Same fix for both.
            raise CrmAuthError(
                f"HubSpot refused the access token (HTTP {response.status_code}: "
                f"{_error_message(response)}); set {ACCESS_TOKEN_SETTING} to a private-app "
                f"token with the {REQUIRED_SCOPES} scopes"
            )
        if response.is_error:
            raise CrmError(
                f"HubSpot answered HTTP {response.status_code} to {method} {path}: "
                f"{_error_message(response)}"
            )
        return read_json(response)


def _next_cursor(page: dict[str, Any]) -> str | None:
    cursor = page.get("paging", {}).get("next", {}).get("after")
    return None if cursor is None else str(cursor)


def _error_message(response: httpx.Response) -> str:
    try:
        return str(response.json()["message"])
    except (ValueError, TypeError, KeyError):
        return response.text[:200] or "no details"
