"""Actuals as people write them: period labels, amounts, and whose team a won deal counts for.

Actuals are per manager team, like forecasts: a manager's actual is what their reps (and they
themselves) won. So a deal owned by a rep counts for the rep's manager, and a leader without reps
of their own has no actual — their number is the roll-up of their managers'.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.domain.roster import Role, Roster

PERIOD_FORMS = "2026-Q4 (quarter), 2026-11 (month) or 2026-W48 (ISO week)"
# The database keeps money to the cent, below a trillion.
MAX_AMOUNT = Decimal("999999999999.99")
CENT = Decimal("0.01")

_PERIOD = re.compile(r"(\d{4})-(?:Q([1-4])|W(\d{1,2})|(\d{1,2}))", re.IGNORECASE)
_PLAIN_AMOUNT = re.compile(r"-?\d+(\.\d+)?")
# Thousands separators are tolerated only in proper groups of three, so "1,5" (a decimal comma)
# is refused rather than read as 15.
_GROUPED_AMOUNT = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
_CURRENCY_CODE = re.compile(r"\b[A-Za-z]{3}\b")


@dataclass(frozen=True)
class Period:
    """A closed period of actuals; ``start`` and ``end`` are both included."""

    label: str
    start: date
    end: date


def parse_period(text: str) -> Period:
    """``2026-Q4``, ``2026-11`` or ``2026-W48`` (case-insensitive); ValueError says the forms."""
    match = _PERIOD.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"period {text.strip()!r} is not {PERIOD_FORMS}")
    year = int(match[1])
    if match[2]:
        quarter = int(match[2])
        return Period(
            f"{year}-Q{quarter}", date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
        )
    if match[3]:
        week = int(match[3])
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"period {text.strip()!r}: {year} has no ISO week {week}") from None
        return Period(f"{year}-W{week:02d}", monday, date.fromisocalendar(year, week, 7))
    month = int(match[4])
    if not 1 <= month <= 12:
        raise ValueError(f"period {text.strip()!r}: there is no month {month}")
    return Period(f"{year}-{month:02d}", date(year, month, 1), _month_end(year, month))


def quarter_of(day: date) -> Period:
    """The calendar quarter holding ``day``."""
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_amount(text: str) -> Decimal:
    """A non-negative amount in the organisation's currency, e.g. ``125000`` or ``125,000.50``.

    Currency signs and codes are refused, not stripped: the organisation has one currency, and a
    stray "€" in a USD file is a mistake worth a question, not a silent conversion.
    """
    raw = text.strip()
    if not raw:
        raise ValueError("amount is empty")
    if _PLAIN_AMOUNT.fullmatch(raw) is None and _GROUPED_AMOUNT.fullmatch(raw) is None:
        raise ValueError(_amount_hint(raw))
    amount = Decimal(raw.replace(",", ""))
    if amount < 0:
        raise ValueError(f"amount {raw} is negative: amounts are 0 or more")
    if amount != amount.quantize(CENT):
        raise ValueError(f"amount {raw} has more than 2 decimals: round it to the cent")
    if amount > MAX_AMOUNT:
        raise ValueError(f"amount {raw} is too large (at most {MAX_AMOUNT:,})")
    return amount


def _amount_hint(raw: str) -> str:
    signs = "".join(ch for ch in raw if unicodedata.category(ch) == "Sc")
    code = _CURRENCY_CODE.search(raw)
    if signs or code:
        found = signs or (code[0] if code else "")
        return (
            f"amount {raw!r}: remove the currency {found!r} — amounts are plain numbers in the "
            "organisation's currency, e.g. 125000.00"
        )
    return f"amount {raw!r} is not a number: write it like 125000.00 or 125,000.00"


def manager_of_record(roster: Roster, email: str) -> str:
    """The manager an actual row names, checked: on the roster and managing reps."""
    person = roster.get(email)
    if person is None:
        raise ValueError(f"{email} is not on the roster")
    if Role.MANAGER not in roster.roles(email):
        raise ValueError(
            f"{email} is not a manager (no reps report to them): actuals are per manager team"
        )
    return person.email.lower()


def team_manager(roster: Roster, owner_email: str) -> str:
    """The manager whose team a deal owned by ``owner_email`` counts for (see module docstring)."""
    owner = roster.get(owner_email)
    if owner is None:
        raise ValueError(f"owner {owner_email} is not on the roster")
    roles = roster.roles(owner_email)
    if Role.MANAGER in roles:
        return owner.email.lower()
    manager = roster.manager_of(owner_email)
    if Role.REP in roles and manager is not None:
        return manager.email.lower()
    if Role.REP in roles:
        raise ValueError(f"owner {owner_email} is a rep with no manager on the roster")
    raise ValueError(f"owner {owner_email} is a leader with no reps of their own")
