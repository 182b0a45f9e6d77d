"""What a person may type where Cadence asks for a number, a score or a date: what the help says.

Digits are ASCII digits only. Python's ``int`` and ``Decimal`` also read Arabic-Indic,
Devanagari or full-width digits, and ``str.isdigit`` says yes to superscripts that ``int``
then refuses; Slack's number inputs and date pickers send ASCII, and every help text shows
ASCII examples, so anything else is refused with the help text instead of guessed at.

- a number: ``125000``, ``125000.50``, ``-3``, ``.5`` (not ``1e5``, ``1,000``, ``1_000``, ``NaN``)
- a whole number in a range: ``1`` … ``5`` for a coaching score
- a date: ``2026-12-21`` (not ``20261221`` or ``2026-W52-1``, which Python would also read)

Surrounding spaces are ignored. Nothing here raises: an unreadable entry is ``None``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

# Longer than any amount a person means (the money columns hold 13 digits and 2 decimals).
MAX_NUMBER_CHARS = 40
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def parse_decimal(raw: str) -> Decimal | None:
    """The number typed, or None when it is not one written the way the help shows."""
    typed = raw.strip()
    if len(typed) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(typed):
        return None
    return Decimal(typed)


def parse_whole_number(raw: str, allowed: range) -> int | None:
    """The whole number typed, if it is one of ``allowed``."""
    typed = raw.strip()
    if not _WHOLE_NUMBER.fullmatch(typed):
        return None
    number = int(typed)
    return number if number in allowed else None


def parse_iso_date(raw: str) -> date | None:
    """The ``YYYY-MM-DD`` date typed, or None (also for a day that does not exist)."""
    typed = raw.strip()
    if not _ISO_DATE.fullmatch(typed):
        return None
    try:
        return date.fromisoformat(typed)
    except ValueError:
        return None
