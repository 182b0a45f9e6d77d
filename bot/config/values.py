"""Parsers for the small languages inside the config: times, durations, recurrences, zones.

Each parser raises ``invalid(message, hint)``; the schema turns that into a problem that names
the file, line and field, and shows ``hint`` as the way to fix it.
"""

from __future__ import annotations

import difflib
import re
from datetime import time, timedelta
from enum import StrEnum
from functools import cache
from typing import NamedTuple, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic_core import PydanticCustomError

from bot.domain.cadence import Frequency, WeekdayTime
from bot.domain.working_hours import END_OF_DAY, WorkingHours

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_ORDINAL_NAMES = {number: name for name, number in ORDINALS.items()}
_TIME = re.compile(r"^(?:(?P<nth>[a-z]+)\s+)?(?P<day>[a-z]+)\s+(?P<h>\d{1,2}):(?P<m>\d{2})$")
_DURATION_PART = re.compile(r"(\d+)\s*([wdhm])")
_DURATION = re.compile(r"^\s*(\d+\s*[wdhm]\s*)+$")
_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1)}
_EVERY = re.compile(r"^(?:(?P<n>\d+)\s+)?(?P<unit>week|month)s?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HOURS = re.compile(r"^(?P<h1>\d{1,2}):(?P<m1>\d{2})\s*-\s*(?P<h2>\d{1,2}):(?P<m2>\d{2})$")

E = TypeVar("E", bound=StrEnum)


class Every(NamedTuple):
    frequency: Frequency
    interval: int


def invalid(message: str, hint: str) -> PydanticCustomError:
    # The schema translator reads ``message`` and ``hint`` back from the error's context.
    return PydanticCustomError("config", "{message}", {"message": message, "hint": hint})


def shown(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def did_you_mean(value: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(value, choices, n=1)
    return f"did you mean '{match[0]}'? " if match else ""


def did_you_mean_email(value: str, known: list[str]) -> str:
    """Suggest an address whose name part is close: colleagues share the domain, so comparing
    whole addresses would suggest almost anyone."""
    by_name = {email.partition("@")[0]: email for email in known}
    match = difflib.get_close_matches(value.partition("@")[0], list(by_name), n=1, cutoff=0.75)
    return f"did you mean '{by_name[match[0]]}'? " if match else ""


def weekday(value: object) -> int:
    """``mon`` / ``tues`` / ``monday`` → ISO weekday (Monday = 1)."""
    text = str(value).strip().lower()
    for number, name in enumerate(_DAY_NAMES, start=1):
        if len(text) >= 3 and name.startswith(text):
            return number
    raise invalid(f"{shown(value)} is not a weekday", "use mon, tue, wed, thu, fri, sat or sun")


def weekday_time(value: object) -> WeekdayTime:
    """``wed 17:00``, or for monthly schedules ``first mon 09:00`` (first … fourth, last)."""
    match = _TIME.match(str(value).strip().lower()) if isinstance(value, str) else None
    example = "'wed 17:00' (weekday and 24-hour HH:MM)"
    if match is None:
        raise invalid(f"{shown(value)} is not a time", f"write it as {example}")
    nth_text, day = match["nth"], weekday(match["day"])
    if nth_text is not None and nth_text not in ORDINALS:
        raise invalid(
            f"{shown(value)}: '{nth_text}' is not first, second, third, fourth or last",
            "write a monthly time as 'first mon 09:00'",
        )
    hour, minute = int(match["h"]), int(match["m"])
    if hour > 23 or minute > 59:
        example = f"'{WEEKDAYS[day - 1]} 17:00' (weekday and 24-hour HH:MM)"
        raise invalid(f"{shown(value)} is not a time", f"write it as {example}")
    nth = ORDINALS[nth_text] if nth_text else None
    return WeekdayTime(weekday=day, at=time(hour, minute), nth=nth)


def format_weekday_time(moment: WeekdayTime) -> str:
    prefix = f"{_ORDINAL_NAMES[moment.nth]} " if moment.nth else ""
    return f"{prefix}{WEEKDAYS[moment.weekday - 1]} {moment.at:%H:%M}"


def duration(value: object) -> timedelta:
    """``24h``, ``30m``, ``1d 4h``, ``2w``: a positive length of time."""
    hint = "write a duration with a unit, like '24h', '30m' or '1d 4h'"
    if not isinstance(value, str) or not _DURATION.match(value.lower()):
        raise invalid(f"{shown(value)} is not a duration", hint)
    total = timedelta()
    for amount, unit in _DURATION_PART.findall(value.lower()):
        total += int(amount) * _UNITS.get(unit, timedelta(minutes=1))
    if total <= timedelta():
        raise invalid(f"{shown(value)} is no time at all", hint)
    return total


def format_duration(length: timedelta) -> str:
    """``timedelta(days=2, hours=8)`` → ``2d 8h``."""
    minutes = int(length.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    parts = [f"{days}d"] if days else []
    parts += [f"{rest // 60}h"] if rest // 60 else []
    parts += [f"{rest % 60}m"] if rest % 60 else []
    return " ".join(parts) or "0m"


def every(value: object) -> Every:
    """``week`` | ``N weeks`` | ``month`` | ``N months``."""
    match = _EVERY.match(str(value).strip().lower()) if isinstance(value, str) else None
    if match is None or int(match["n"] or 1) < 1:
        raise invalid(
            f"{shown(value)} is not a recurrence", "write week, '2 weeks', month or '3 months'"
        )
    return Every(Frequency(match["unit"]), int(match["n"] or 1))


@cache
def _zone_names() -> list[str]:
    return sorted(available_timezones())


def timezone(value: object) -> str:
    """An IANA zone name that ``zoneinfo`` knows, e.g. ``Europe/Berlin``."""
    text = str(value).strip()
    try:
        ZoneInfo(text)
        return text
    except (ZoneInfoNotFoundError, ValueError):
        pass
    by_city = [name for name in _zone_names() if name.lower().endswith("/" + text.lower())]
    suggestion = f"did you mean '{by_city[0]}'? " if by_city else did_you_mean(text, _zone_names())
    raise invalid(
        f"{shown(value)} is not a known time zone",
        f"{suggestion}use an IANA name in the format 'Europe/Berlin'",
    )


def working_hours(value: object) -> WorkingHours:
    """``08:00-18:00``: local start and end of the day's messaging window, start first."""
    match = _HOURS.match(value.strip()) if isinstance(value, str) else None
    hint = "write it as '08:00-18:00' (24-hour HH:MM, start before end; '24:00' ends at midnight)"
    if match is None:
        raise invalid(f"{shown(value)} is not a span of working hours", hint)
    try:
        start = time(int(match["h1"]), int(match["m1"]))
        ends_at_midnight = (match["h2"], match["m2"]) == ("24", "00")
        end = END_OF_DAY if ends_at_midnight else time(int(match["h2"]), int(match["m2"]))
        return WorkingHours(start=start, end=end)
    except ValueError:
        raise invalid(f"{shown(value)} is not a span of working hours", hint) from None


def email(value: object) -> str:
    text = str(value).strip().lower()
    if not isinstance(value, str) or not _EMAIL.match(text):
        raise invalid(
            f"{shown(value)} is not an email address", "write it like 'dana@acme.example'"
        )
    return text


def slug(value: object) -> str:
    if not isinstance(value, str) or not _SLUG.match(value):
        raise invalid(
            f"{shown(value)} is not a usable id",
            "use lower-case letters, digits, '-' and '_', like 'weekly-forecast'",
        )
    return value


def choice(kind: type[E], noun: str, value: object, *, allowed: tuple[E, ...] = ()) -> E:
    """One value of the enum ``kind`` (optionally only ``allowed``), with a spelling suggestion."""
    options = [member.value for member in (allowed or tuple(kind))]
    text = str(value).strip().lower()
    if text in options:
        return kind(text)
    raise invalid(
        f"{shown(value)} is not {noun}", f"{did_you_mean(text, options)}use {' | '.join(options)}"
    )
