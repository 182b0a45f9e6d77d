"""Snooze a nudge from its select: in 2 hours, or tomorrow morning in the person's zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.bootstrap import Container
from bot.persistence.models import Person
from bot.services.snoozing import snooze, tomorrow_morning_for, two_hours_later
from bot.slack.ids import ActionId, SnoozeChoice, SnoozeRequest
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.replies import run_or_tell, tell
from bot.slack.views.text import slack_datetime


def snooze_nudge(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)
    request = SnoozeRequest.decode(action["selected_option"]["value"])
    now = container.clock()

    def snoozed(session: Session) -> datetime:
        return snooze(
            session,
            occurrence_id=request.occurrence_id,
            person_id=person.id,
            until=_until(session, request.choice, container, person, now=now),
            now=now,
        )

    until = run_or_tell(client, body, container, snoozed)
    if until is None:
        return
    tell(client, body, f":zzz: Snoozed. I'll remind you {slack_datetime(until, person.timezone)}.")


def _until(
    session: Session, choice: SnoozeChoice, container: Container, person: Person, *, now: datetime
) -> datetime:
    if choice is SnoozeChoice.TWO_HOURS:
        return two_hours_later(now)
    organization = container.operating_system.organization
    return tomorrow_morning_for(session, organization=organization, person=person, now=now)


def register(app: App) -> None:
    app.action(ActionId.SNOOZE)(snooze_nudge)
