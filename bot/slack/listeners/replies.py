"""Telling the person something after the ack: where they clicked, or in their DM."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.services.errors import AlreadyClosed, EditConflict, InvalidSubmission, NotAllowed


def tell(client: WebClient, body: dict[str, Any], text: str) -> None:
    """An ephemeral note in the conversation of the clicked message, else a DM (App Home)."""
    user_id = body["user"]["id"]
    channel = (body.get("channel") or {}).get("id")
    if channel:
        client.chat_postEphemeral(channel=channel, user=user_id, text=text)
    else:
        client.chat_postMessage(channel=user_id, text=text)


# What the services refuse with: the message is written for the person who tried.
REFUSALS = (NotAllowed, InvalidSubmission, AlreadyClosed, EditConflict)
