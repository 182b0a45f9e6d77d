"""The one error handler: log the failure with its context, apologise to the user, hide the rest.

Each failure gets a short id, in the log line and in the apology, so the person can quote it to
an admin who then finds the traceback. A request the gate did not authenticate is never
answered in Slack: whoever its body names is not the one who sent it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

APOLOGY = (
    "Sorry — something went wrong on Cadence's side and your request didn't go through. "
    "Please try again; if it keeps happening, tell your Cadence admin (error id {error_id})."
)


def apology(error_id: str) -> str:
    return APOLOGY.format(error_id=error_id)


def new_error_id() -> str:
    """Eight hex digits: short enough to read out, unique enough to find in a day's log."""
    return secrets.token_hex(4)


def handle_error(
    error: Exception,
    body: dict[str, Any],
    context: BoltContext,
    client: WebClient,
    logger: logging.Logger,
    response: BoltResponse | None,
) -> BoltResponse | None:
    """Bolt calls this for any exception a middleware or listener raises.

    ``response`` is None once the request was acknowledged; before that, what this returns is
    Slack's answer. The traceback goes to the log only.
    """
    if not context.get("authenticated"):
        logger.warning("Refused an unauthenticated request that failed: %s", error)
        return BoltResponse(status=401, body={"error": "invalid request"})
    error_id = new_error_id()
    logger.error(
        "Failed to handle %s from user %s in team %s [error id %s]",
        describe(body),
        context.user_id,
        context.team_id,
        error_id,
        exc_info=error,
    )
    text = apology(error_id)
    if body.get("command") and response is not None:
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    if context.user_id is not None:
        _tell(client, text, user_id=context.user_id, channel_id=context.channel_id, logger=logger)
    # A modal that was not acknowledged stays open with Slack's own error, keeping what was typed.
    return None


def describe(body: dict[str, Any]) -> str:
    """``/cadence status``, ``block_actions snooze``, ``view_submission forecast``, ``event …``."""
    if command := body.get("command"):
        return f"{command} {body.get('text', '')}".strip()
    kind = str(body.get("type", "request"))
    if actions := body.get("actions"):
        return f"{kind} {actions[0].get('action_id')}"
    if view := body.get("view"):
        return f"{kind} {view.get('callback_id')}"
    if event := body.get("event"):
        return f"event {event.get('type')}"
    return kind


def _tell(
    client: WebClient, text: str, *, user_id: str, channel_id: str | None, logger: logging.Logger
) -> None:
    """An ephemeral note where the user acted, or a DM when the bot cannot post there."""
    attempts: list[Callable[..., Any]] = []
    if channel_id is not None:
        attempts.append(partial(client.chat_postEphemeral, channel=channel_id, user=user_id))
    attempts.append(partial(client.chat_postMessage, channel=user_id))
    for attempt in attempts:
        try:
            attempt(text=text)
            return
        except SlackApiError as error:
            # Failing to apologise must not raise from the error handler itself.
            reason = error.response.get("error")
            logger.warning("Could not tell %s about the failure: %s", user_id, reason)
