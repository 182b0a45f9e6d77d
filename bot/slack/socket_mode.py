"""Socket Mode: Slack pushes requests over a WebSocket that Cadence opens, so no public URL.

slack_sdk's built-in client needs no extra dependency. It asks ``apps.connections.open`` for the
socket's URL through the app's own WebClient, so ``SLACK_API_BASE_URL`` applies there too.
"""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler


def socket_mode_handler(app: App, *, app_token: str) -> SocketModeHandler:
    """A handler that is not connected yet: ``connect()`` then ``close()``, or ``start()``."""
    return SocketModeHandler(app, app_token, web_client=app.client)


def serve_socket_mode(app: App, *, app_token: str) -> None:
    """Connect and serve until the process is stopped; reconnects on its own when dropped."""
    # Bolt's handler methods carry no annotations.
    socket_mode_handler(app, app_token=app_token).start()  # type: ignore[no-untyped-call]
