"""Socket Mode: Slack pushes requests over a WebSocket that Cadence opens, so no public URL.

slack_sdk's built-in client needs no extra dependency. It asks ``apps.connections.open`` for the
socket's URL through the app's own WebClient, so ``SLACK_API_BASE_URL`` applies there too.
A message that is not a JSON object, or an envelope whose payload is not one, is logged and
dropped before Bolt sees it (the socket-side half of `bot.slack.gate`).
"""

from __future__ import annotations

import json
import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.builtin import SocketModeClient

from bot.slack.gate import socket_payload_problem

logger = logging.getLogger(__name__)


class GatedSocketModeClient(SocketModeClient):
    """slack_sdk's client, dropping what it would fail to parse with a traceback."""

    def enqueue_message(self, message: str) -> None:
        problem = unreadable_message(message)
        if problem is not None:
            logger.warning("Dropped a Socket Mode message: %s", problem)
            return
        super().enqueue_message(message)


def unreadable_message(message: str) -> str | None:
    """Why a raw Socket Mode message cannot be handled, or None."""
    try:
        parsed = json.loads(message)
    except ValueError:
        return "it is not JSON"
    if not isinstance(parsed, dict):
        return "it is not a JSON object"
    if "payload" in parsed:
        return socket_payload_problem(parsed["payload"])
    return None


class GatedSocketModeHandler(SocketModeHandler):
    """Bolt's handler over `GatedSocketModeClient` (its own client starts threads, so it is
    never built)."""

    def __init__(self, app: App, *, app_token: str) -> None:
        self.app = app
        self.app_token = app_token
        self.client = GatedSocketModeClient(
            app_token=app_token, logger=app.logger, web_client=app.client, proxy=app.client.proxy
        )
        self.client.socket_mode_request_listeners.append(self.handle)  # type: ignore[arg-type]


def socket_mode_handler(app: App, *, app_token: str) -> SocketModeHandler:
    """A handler that is not connected yet: ``connect()`` then ``close()``, or ``start()``."""
    return GatedSocketModeHandler(app, app_token=app_token)


def serve_socket_mode(app: App, *, app_token: str) -> None:
    """Connect and serve until the process is stopped; reconnects on its own when dropped."""
    # Bolt's handler methods carry no annotations.
    socket_mode_handler(app, app_token=app_token).start()  # type: ignore[no-untyped-call]
