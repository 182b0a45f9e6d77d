"""Formatting shared by every message and view: money, dates in the reader's zone, safe text."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from bot.domain.recurrence import to_local

# Slack's limit for a section's text and a plain-text input's value.
MAX_TEXT = 3000

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
# What a figure shows when there is nothing to compute it from.
NO_FIGURE = "\N{EN DASH}"


def escape(text: str) -> str:
    """Make user-typed text inert in mrkdwn: no accidental links, mentions or ``<!channel>``."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def percent(rate: float | Decimal | None) -> str:
    """``83%``, or ``NO_FIGURE`` when there is no rate."""
    return NO_FIGURE if rate is None else f"{float(rate):.0%}"


def money(amount: Decimal, currency: str) -> str:
    """``$1,250,000`` or ``CHF 1,250,000.50``: cents only when there are some."""
    places = 0 if amount == amount.to_integral_value() else 2
    digits = f"{abs(amount):,.{places}f}"
    sign = "-" if amount < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{currency.upper()} {digits}"


def day(value: date) -> str:
    """``Fri 17 May`` — English and locale-independent."""
    return f"{value:%a} {value.day} {value:%b}"


def local_datetime(moment: datetime, tz: str) -> str:
    """``Fri 17 May at 17:00 CEST``, in ``tz``: what a reader sees if Slack cannot render a date."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    local = to_local(moment, tz)
    return f"{day(local.date())} at {local:%H:%M} {local:%Z}".rstrip()


def slack_datetime(moment: datetime, tz: str) -> str:
    """A date token Slack renders in each reader's own zone (``today at 5:00 PM``).

    The fallback (old clients, notifications) is the time in ``tz``, the reader's zone as far as
    Cadence knows.
    """
    epoch = int(moment.timestamp())
    fallback = local_datetime(moment, tz)
    return f"<!date^{epoch}^{{date_short_pretty}} at {{time}}|{fallback}>"
