"""Quotas from a CRM: the port every quota connector implements, and Salesforce's.

Salesforce keeps quotas in ``ForecastingQuota`` (Collaborative Forecasts): one row per owner and
forecast period (a month or a quarter, as the org's forecasting is set up), starting on
``StartDate``. A period's quota is the sum of the rows starting inside it, so a quarter is its
three monthly rows in a monthly org. Only revenue quotas are read (``IsAmount``); a quota with
no owner (a territory's) or no amount is reported, and rejects the import like a bad CSV line.
An org with several revenue forecast types holds one quota per type: import from a CSV there.
Only Salesforce is read so far; HubSpot's goals are not: import its quotas as a CSV file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from bot.domain.actuals import Period
from bot.services.crm.base import SkippedRecord
from bot.services.crm.salesforce import SalesforceActuals


@dataclass(frozen=True)
class Quota:
    """One owner's quota for a forecast period starting on ``start``."""

    owner_email: str
    amount: Decimal
    start: date
    external_id: str


class QuotaSource(Protocol):
    """A CRM that holds quotas per owner."""

    def fetch_quotas(self, period: Period) -> list[Quota]:
        """Quotas of the forecast periods starting in ``period`` (both ends included)."""
        ...

    @property
    def skipped(self) -> Sequence[SkippedRecord]:
        """Records the latest ``fetch_quotas`` left out (no amount, no owner…)."""
        ...


def quotas_soql(period: Period) -> str:
    return (
        "SELECT Id, QuotaAmount, StartDate, QuotaOwner.Email FROM ForecastingQuota "
        f"WHERE IsAmount = true AND StartDate >= {period.start.isoformat()} "
        f"AND StartDate <= {period.end.isoformat()}"
    )


class SalesforceQuotas:
    """A ``QuotaSource`` over the Salesforce org an actuals connector reads."""

    def __init__(self, salesforce: SalesforceActuals) -> None:
        self._salesforce = salesforce
        self.skipped: tuple[SkippedRecord, ...] = ()

    def fetch_quotas(self, period: Period) -> list[Quota]:
        quotas: list[Quota] = []
        skipped: list[SkippedRecord] = []
        for record in self._salesforce.query(quotas_soql(period)):
            parsed = _parse_quota(record)
            if isinstance(parsed, Quota):
                quotas.append(parsed)
            else:
                skipped.append(parsed)
        self.skipped = tuple(skipped)
        return quotas


def _parse_quota(record: dict[str, Any]) -> Quota | SkippedRecord:
    quota_id = str(record["Id"])
    email = (record.get("QuotaOwner") or {}).get("Email")
    amount = record.get("QuotaAmount")
    if amount is None:
        return SkippedRecord(external_id=quota_id, reason="no QuotaAmount (a quantity quota?)")
    if not email:
        return SkippedRecord(external_id=quota_id, reason="no owner e-mail")
    return Quota(
        owner_email=str(email),
        amount=Decimal(str(amount)),
        start=date.fromisoformat(record["StartDate"]),
        external_id=quota_id,
    )
