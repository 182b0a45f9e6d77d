"""``/cadence adjust AMOUNT NOTE…``: a leader's own call on this period's forecast roll-up."""

from __future__ import annotations

from bot.services.adjustments import adjustable_period, record_adjustment
from bot.slack.blocks.submission_parsers import parse_number
from bot.slack.blocks.text import day, escape, money
from bot.slack.listeners.commands.invocation import Invocation
from bot.slack.listeners.replies import REFUSALS, refusal_text

USAGE = (
    "Give the amount and why, like `/cadence adjust 250000 Pulled in two deals`: your own call, "
    "shown beside your managers' forecast total (leaders only)."
)


def adjust(call: Invocation) -> None:
    if len(call.args) < 2:
        call.ack(text=USAGE)
        return
    amount = parse_number(call.args[0].replace(",", ""))
    if amount is None:
        call.ack(text=f"`{escape(call.args[0])}` is not an amount. {USAGE}")
        return
    note = " ".join(call.args[1:])
    try:
        with call.container.unit_of_work() as uow:
            now = call.container.clock()
            period = adjustable_period(uow.session, leader_id=call.person.id, now=now)
            recorded = record_adjustment(
                uow.session,
                leader_id=call.person.id,
                period_start=period,
                amount=amount,
                note=note,
                now=now,
            )
    except REFUSALS as refusal:
        call.ack(text=refusal_text(refusal))
        return
    currency = call.container.operating_system.organization.currency
    call.ack(
        text=f":memo: Noted: your adjustment for the week of {day(recorded.period_start)} is "
        f"{money(recorded.amount, currency)} ({escape(recorded.note)}). Your digest shows it "
        "beside your managers' total, never inside it; a new `/cadence adjust` replaces it."
    )
