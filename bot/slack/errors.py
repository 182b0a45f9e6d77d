"""The one error handler: log the failure with its context, apologise to the user, hide the rest.

When Slack itself was busy or unreachable (429, 5xx, a timeout), the person is told to try
again in a minute and the log has a WARNING: there is nothing to fix. Any other failure gets a
short id, in the log line and in the apology, so the person can quote it to an admin who then
finds the traceback. A request the gate did not authenticate is never
answered in Slack: whoever its body names is not the one who sent it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.error import URLError

from slack_bolt import BoltContext, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

APOLOGY = (
    "Sorry — something went wrong on Cadence's side and your request didn't go through. "
    "Please try again; if it keeps happening, tell your Cadence admin (error id {error_id})."
)


def apology(error_id: str) -> str:
    return APOLOGY.format(error_id=error_id)


SLACK_BUSY = (
    "Slack is busy right now, so Cadence couldn't finish that. "
    "Nothing was lost: try again in a minute."
)
# Slack's own words for "not now": the request was fine, Slack could not serve it.
_BUSY_ERRORS = frozenset(
    {
        "ratelimited",
        "rate_limited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
    }
)


def slack_busy_reason(error: BaseException) -> str | None:
    """Why Slack could not serve a call right now (429, 5xx, timeout, unreachable), or None."""
    if isinstance(error, SlackApiError):
        status = error.response.status_code
        code = error.response.get("error") if isinstance(error.response.data, dict) else None
        if status == 429 or status >= 500 or code in _BUSY_ERRORS:
            return f"HTTP {status} {code or ''}".strip()
        return None
    if isinstance(error, (URLError, TimeoutError, ConnectionError)):
        return f"Slack unreachable: {error}"
    return None


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
    respond: Respond,
) -> BoltResponse | None:
    """Bolt calls this for any exception a middleware or listener raises.

    ``response`` is None once the request was acknowledged; before that, what this returns is
    Slack's answer. The traceback goes to the log only.
    """
    if not context.get("authenticated"):
        logger.warning("Refused an unauthenticated request that failed: %s", error)
        return BoltResponse(status=401, body={"error": "invalid request"})
    if (busy := slack_busy_reason(error)) is not None:
        # Slack's trouble, not Cadence's: nothing to debug, so no traceback and no ERROR.
        logger.warning(
            "Slack was busy during %s from user %s: %s", describe(body), context.user_id, busy
        )
        text = SLACK_BUSY
    else:
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
    if busy is not None and body.get("response_url") and _responded(respond, text, logger):
        return None  # the Web API is what is busy: the response_url is another way in
    if context.user_id is not None:
        _tell(client, text, user_id=context.user_id, channel_id=context.channel_id, logger=logger)
    # A modal that was not acknowledged stays open with Slack's own error, keeping what was typed.
    return None


def handler_after_ack(
    body: dict[str, Any],
    context: BoltContext,
    client: WebClient,
    logger: logging.Logger,
    respond: Respond,
) -> Callable[[Exception], BoltResponse | None]:
    """`handle_error` for what a listener hands to `AfterAck`, which Bolt no longer sees."""
    return partial(
        handle_error,
        body=body,
        context=context,
        client=client,
        logger=logger,
        response=None,
        respond=respond,
    )


def _responded(respond: Respond, text: str, logger: logging.Logger) -> bool:
    try:
        respond(text=text, response_type="ephemeral", replace_original=False)
    except (URLError, TimeoutError, ConnectionError) as error:
        logger.warning("Could not answer at the response_url: %s", error)
        return False
    return True


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
        except (SlackApiError, URLError, TimeoutError, ConnectionError) as error:
            # Failing to apologise must not raise from the error handler itself.
            logger.warning("Could not tell %s about the failure: %s", user_id, error)
