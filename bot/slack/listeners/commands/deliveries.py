"""``/cadence deliveries`` (admins): is the outbox keeping up, and what failed and why."""

from __future__ import annotations

from bot.services.delivery.health import outbox_health
from bot.slack.blocks.text import MAX_TEXT, clip, escape
from bot.slack.listeners.acting import is_admin
from bot.slack.listeners.commands.invocation import Invocation

MAX_FAILURES = 10


def show_deliveries(call: Invocation) -> None:
    container = call.container
    if not is_admin(container, call.person):
        call.ack(text="`/cadence deliveries` is for Cadence admins.")
        return
    with container.unit_of_work() as uow:
        health = outbox_health(uow.session, now=container.clock())
    lines = [
        "*Deliveries*",
        f"{health.due} due now, {health.pending} waiting, {health.sending} being sent",
        f"Last 24 h: {health.sent_last_24h} sent, {health.failed_last_24h} failed",
    ]
    lines += [
        f"• {escape(f.recipient_name)}: {f.purpose.replace('_', ' ')}, `{escape(f.error or '?')}`"
        for f in health.failures[:MAX_FAILURES]
    ]
    call.ack(text=clip("\n".join(lines), MAX_TEXT))
