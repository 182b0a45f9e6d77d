"""What every CRM connector hands the actuals import: won revenue per opportunity owner."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class WonAmount:
    """One won opportunity / deal: who owned it, for how much, and when it closed."""

    owner_email: str
    amount: Decimal
    close_date: date
    external_id: str


@dataclass(frozen=True)
class SkippedRecord:
    """A won record the connector could not attribute, kept so the import can report it."""

    external_id: str
    reason: str


class ActualsSource(Protocol):
    """A CRM that can list the revenue won in a period of close dates."""

    def fetch_won(self, start: date, end: date) -> list[WonAmount]:
        """Won records whose close date is in ``[start, end]``, both days included."""
        ...

    @property
    def skipped(self) -> Sequence[SkippedRecord]:
        """Records the latest ``fetch_won`` left out (no amount, no owner…)."""
        ...


class CrmError(Exception):
    """The CRM could not be read; the message says what went wrong and what to try."""


class CrmAuthError(CrmError):
    """The CRM rejected the configured credentials; the message names the setting to fix."""


@contextmanager
def expected_shape(crm: str) -> Iterator[None]:
    """An answer without the fields Cadence reads becomes a `CrmError` naming what was missing."""
    try:
        yield
    except (KeyError, TypeError, AttributeError, ValueError, ArithmeticError) as error:
        missing = f"no field {error}" if isinstance(error, KeyError) else str(error)
        raise CrmError(
            f"{crm} answered without the expected fields ({missing}): check that the instance "
            "URL points at the CRM's API, then try again."
        ) from error


def check_period(start: date, end: date) -> None:
    if start > end:
        raise ValueError(f"period start {start} is after its end {end}")


def sum_by_owner(won: Iterable[WonAmount]) -> dict[str, Decimal]:
    """Total won amount per owner; CRMs and rosters disagree on e-mail case, so keys are lowered."""
    totals: dict[str, Decimal] = {}
    for record in won:
        email = record.owner_email.strip().lower()
        totals[email] = totals.get(email, Decimal(0)) + record.amount
    return totals
