"""Won opportunities from Salesforce, read with the REST API's SOQL query resource."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
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

API_VERSION = "v60.0"
ACCESS_TOKEN_SETTING = "SALESFORCE_ACCESS_TOKEN"
INSTANCE_URL_SETTING = "SALESFORCE_INSTANCE_URL"


def won_opportunities_soql(start: date, end: date) -> str:
    # SOQL date literals are bare ISO dates, never quoted.
    return (
        "SELECT Id, Amount, CloseDate, Owner.Email FROM Opportunity "
        f"WHERE IsWon = true AND CloseDate >= {start.isoformat()} "
        f"AND CloseDate <= {end.isoformat()}"
    )


class SalesforceActuals:
    """An ``ActualsSource`` over one Salesforce org, e.g. ``https://acme.my.salesforce.com``."""

    def __init__(
        self,
        client: RetryingClient,
        *,
        instance_url: str,
        access_token: str,
        api_version: str = API_VERSION,
    ) -> None:
        self._http = client
        self._instance_url = instance_url.rstrip("/")
        self._api_version = api_version
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self.skipped: tuple[SkippedRecord, ...] = ()

    def fetch_won(self, start: date, end: date) -> list[WonAmount]:
        check_period(start, end)
        with expected_shape("Salesforce"):
            return self._fetch_won(start, end)

    def _fetch_won(self, start: date, end: date) -> list[WonAmount]:
        won: list[WonAmount] = []
        skipped: list[SkippedRecord] = []
        for record in self.query(won_opportunities_soql(start, end)):
            parsed = _parse_opportunity(record)
            if isinstance(parsed, WonAmount):
                won.append(parsed)
            else:
                skipped.append(parsed)
        self.skipped = tuple(skipped)
        return won

    def query(self, soql: str) -> Iterator[dict[str, Any]]:
        """Every record a SOQL query returns, page after page."""
        page = self._get(f"/services/data/{self._api_version}/query", params={"q": soql})
        while True:
            yield from page["records"]
            if page["done"]:
                return
            # nextRecordsUrl is a path on the same instance and already carries the cursor.
            page = self._get(page["nextRecordsUrl"])

    def _get(self, path: str, *, params: dict[str, str] | None = None) -> Any:
        url = f"{self._instance_url}{path}"
        response = self._http.request("GET", url, headers=self._headers, params=params)
        if response.status_code == httpx.codes.UNAUTHORIZED:
            raise CrmAuthError(
                f"Salesforce rejected the access token ({_error_summary(response)}); set "
                f"{ACCESS_TOKEN_SETTING} to a current token for the org at "
                f"{INSTANCE_URL_SETTING} ({self._instance_url})"
            )
        if response.is_error:
            raise CrmError(
                f"Salesforce answered HTTP {response.status_code} to GET {path}: "
                f"{_error_summary(response)}"
            )
        return read_json(response)


def _parse_opportunity(record: dict[str, Any]) -> WonAmount | SkippedRecord:
    opportunity_id = str(record["Id"])
    owner = record.get("Owner") or {}
    email = owner.get("Email")
    amount = record.get("Amount")
    if amount is None:
        return SkippedRecord(external_id=opportunity_id, reason="no amount")
    if not email:
        return SkippedRecord(external_id=opportunity_id, reason="no owner e-mail")
    return WonAmount(
        owner_email=str(email),
        amount=Decimal(amount),
        close_date=date.fromisoformat(record["CloseDate"]),
        external_id=opportunity_id,
    )


def _error_summary(response: httpx.Response) -> str:
    """``errorCode: message`` from Salesforce's error list, or the raw body if it is not one."""
    try:
        errors = response.json()
        return "; ".join(f"{error['errorCode']}: {error['message']}" for error in errors)
    except (ValueError, TypeError, KeyError):
        return response.text[:200] or "no details"
