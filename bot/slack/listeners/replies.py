"""Telling the person something after the ack: where they clicked, or in their DM."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.bootstrap import Container
from bot.services.errors import AlreadyClosed, EditConflict, InvalidSubmission, NotAllowed
from bot.slack.ids import InvalidReference

T = TypeVar("T")

# What the services refuse with: the message is written for the person who tried. An
# InvalidReference is a button or modal whose value Cadence did not write (or no longer reads).
REFUSALS = (NotAllowed, InvalidSubmission, AlreadyClosed, EditConflict, InvalidReference)

STALE_BUTTON = "That button no longer points at anything you can open."


def refusal_text(refusal: Exception) -> str:
    """What to tell the person; a garbled reference's details are for the log, not for them."""
    return STALE_BUTTON if isinstance(refusal, InvalidReference) else str(refusal)


def tell(client: WebClient, body: dict[str, Any], text: str) -> None:
    """An ephemeral note in the conversation of the clicked message, else a DM (App Home)."""
    channel = (body.get("channel") or {}).get("id")
    tell_user(client, text, user_id=body["user"]["id"], channel_id=channel)


def tell_user(client: WebClient, text: str, *, user_id: str, channel_id: str | None) -> None:
    """Ephemeral in ``channel_id``; a DM where there is none or the bot cannot post there."""
    if channel_id:
        try:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
            return
        except SlackApiError:
            pass  # not a member of that conversation: the DM always reaches them
    client.chat_postMessage(channel=user_id, text=text)


def run_or_tell(
    client: WebClient,
    body: dict[str, Any],
    container: Container,
    use_case: Callable[[Session], T],
) -> T | None:
    """Run ``use_case`` in a unit of work; on a refusal, tell the person why and return None.

    The click's counterpart of ``views.saving.save``: an action was acknowledged already, so
    a refusal can only be told, not shown next to a field.
    """
    try:
        with container.unit_of_work() as uow:
            return use_case(uow.session)
    except REFUSALS as refusal:
        tell(client, body, refusal_text(refusal))
        return None
