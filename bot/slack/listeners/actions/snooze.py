"""Snooze a nudge from its select: in 2 hours, or tomorrow morning in the person's zone."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.services.snoozing import snooze
from bot.slack.blocks.text import slack_datetime
from bot.slack.ids import ActionId, SnoozeRequest
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.replies import run_or_tell, tell


def snooze_nudge(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)
    now = container.clock()

    def snoozed(session: Session) -> str:
        request = SnoozeRequest.decode(str((action.get("selected_option") or {}).get("value")))
        reminder_at = snooze(
            session,
            occurrence_id=request.occurrence_id,
            person_id=person.id,
            choice=request.choice,
            operating_system=container.operating_system,
            now=now,
        )
        if reminder_at is None:
            return (
                ":zzz: Snoozed. Your working hours start again only once it is due, so there "
                "is no reminder before then."
            )
        return f":zzz: Snoozed. I'll remind you {slack_datetime(reminder_at, person.timezone)}."

    told = run_or_tell(client, body, container, snoozed)
    if told is not None:
        tell(client, body, told)


def register(app: App) -> None:
    app.action(ActionId.SNOOZE)(snooze_nudge)
