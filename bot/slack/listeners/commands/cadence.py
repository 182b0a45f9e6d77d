"""``/cadence <sub-command>``: routes to one function per sub-command, or explains itself."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack.blocks.text import escape
from bot.slack.errors import handler_after_ack
from bot.slack.listeners.acting import after_ack_of, container_of, is_admin, person_of
from bot.slack.listeners.commands import (
    adjust,
    away,
    deliveries,
    items,
    open_due_form,
    status,
)
from bot.slack.listeners.commands.invocation import Invocation, SubCommand

HELP = "\n".join(
    [
        "*What Cadence can do for you*",
        "• `/cadence status`: your open items and how you keep the rhythm",
        "• `/cadence forecast`: submit this period's forecast",
        "• `/cadence 1on1 [@rep]`: log the notes of a 1:1",
        "• `/cadence team`: log the notes of your team meeting",
        "• `/cadence items`: your open action items, to mark done",
        "• `/cadence away 2026-12-21 2027-01-01`: you're away (both days included); "
        "what falls due meanwhile is excused",
        "• `/cadence back`: you're back today",
        "• `/cadence preview`: what Cadence will ask you in the next 14 days",
        "• `/cadence adjust 250000 Pulled in two deals`: leaders, your own call on the "
        "forecast, shown beside your managers' total",
        "• `/rate-coaching [1-5] [comment]`: rate the coaching you received (private)",
    ]
)


ADMIN_HELP = "• `/cadence deliveries`: what the bot is sending, and what failed (admins)"


def show_help(call: Invocation) -> None:
    admin = is_admin(call.container, call.person)
    call.ack(text=f"{HELP}\n{ADMIN_HELP}" if admin else HELP)


SUBCOMMANDS: dict[str, SubCommand] = {
    "help": show_help,
    "status": status.show_status,
    "preview": status.show_preview,
    "forecast": open_due_form.open_forecast,
    "1on1": open_due_form.open_one_on_one,
    "items": items.show_items,
    "team": open_due_form.open_team_meeting,
    "away": away.declare,
    "back": away.come_back,
    "deliveries": deliveries.show_deliveries,
    "adjust": adjust.adjust,
}


def cadence(
    ack: Ack,
    respond: Respond,
    command: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    words = str(command.get("text") or "").split()
    name = words[0].lower() if words else "help"
    run = SUBCOMMANDS.get(name)
    if run is None:
        ack(text=f"I don't know `/cadence {escape(words[0])}`.\n\n{HELP}")
        return
    run(
        Invocation(
            ack=ack,
            respond=respond,
            client=client,
            container=container_of(context),
            person=person_of(context),
            args=words[1:],
            trigger_id=command["trigger_id"],
            after_ack=after_ack_of(context),
            on_error=handler_after_ack(body, context, client, logger, respond),
            typed=f"/cadence {name}",
        )
    )


def register(app: App) -> None:
    app.command("/cadence")(cadence)
