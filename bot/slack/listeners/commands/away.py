"""``/cadence away FROM TO`` and ``/cadence back``: time off declared in Slack."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.typed_input import parse_iso_date
from bot.services import time_away
from bot.slack.blocks.text import day
from bot.slack.listeners.commands.invocation import Invocation
from bot.slack.listeners.replies import REFUSALS

USAGE = (
    "Tell me the first and last day you're away, like `/cadence away 2026-12-21 2027-01-01` "
    "(both days included, at most a year ahead)."
)


def declare(call: Invocation) -> None:
    span = _dates(call.args)
    if span is None:
        call.ack(text=USAGE)
        return
    try:
        with call.container.unit_of_work() as uow:
            away = time_away.declare_away(
                uow.session,
                person_id=call.person.id,
                starts_on=span[0],
                ends_on=span[1],
                now=call.container.clock(),
            )
    except REFUSALS as refusal:
        call.ack(text=f"{refusal} {USAGE}")
        return
    excused = f"{away.excused} item{'s' if away.excused != 1 else ''}"
    call.ack(
        text=f":palm_tree: Got it: you're away from {_day(away.starts_on)} to "
        f"{_day(away.ends_on)}. I won't nudge you then, and {excused} falling due "
        "meanwhile won't count against you. `/cadence back` if you return early."
    )


def come_back(call: Invocation) -> None:
    if call.args:
        call.ack(text="`/cadence back` takes no arguments: it ends your time off today.")
        return
    with call.container.unit_of_work() as uow:
        ended = time_away.come_back(
            uow.session,
            person_id=call.person.id,
            now=call.container.clock(),
            operating_system=call.container.operating_system,
        )
    if ended is None:
        call.ack(
            text="You're not away, as far as Cadence knows. Time off planned by your admin "
            "can only be changed by them."
        )
        return
    call.ack(text=":wave: Welcome back! Your time off ends today.")


def _dates(args: Sequence[str]) -> tuple[date, date] | None:
    if len(args) != 2:
        return None
    first, last = parse_iso_date(args[0]), parse_iso_date(args[1])
    return None if first is None or last is None else (first, last)


def _day(value: date) -> str:
    return f"{day(value)} {value.year}"
