"""`FakeSocketMode`: Slack's Socket Mode WebSocket endpoint on localhost, in a thread.

Set ``fake_slack.socket_mode_url = server.url`` and the fake Web API's ``apps.connections.open``
hands the app this URL.  Each connection is greeted with Slack's ``hello``; the test pushes
envelopes built from the same bodies it would POST over HTTP (see `signing`), and reads the app's
acknowledgements, with their response payloads, by ``envelope_id``.
"""

from __future__ import annotations

import json
import threading
import uuid
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from bot.simulated_slack.state import APP_ID

HELLO = {
    "type": "hello",
    "num_connections": 1,
    "debug_info": {"host": "applink-fake", "approximate_connection_time": 18060},
    "connection_info": {"app_id": APP_ID},
}


class FakeSocketMode:
    """Pushes envelopes to the newest connected app and collects its acks."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeSocketMode:
        self._server = serve(self._handle, "127.0.0.1", 0)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-socket-mode", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """What ``apps.connections.open`` answers: a ``ws://`` URL with a ticket, like Slack's."""
        if self._server is None:
            raise RuntimeError("FakeSocketMode is not started")
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=fake-ticket&app_id={APP_ID}"

    # --- driving the app -----------------------------------------------------------------------

    def wait_for_connection(self, timeout: float = 5.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: bool(self._connections), timeout):
                raise TimeoutError("no app connected to the fake Socket Mode server")

    def push_slash_command(self, form_body: str) -> str:
        """Push a slash command given as its HTTP form body; returns the envelope id."""
        return self.push("slash_commands", dict(parse_qsl(form_body)), accepts_response=True)

    def push_interactive(self, form_body: str) -> str:
        """Push an interaction (block action, view submission) given as its HTTP form body."""
        payload = json.loads(dict(parse_qsl(form_body))["payload"])
        return self.push("interactive", payload, accepts_response=True)

    def push_event(self, json_body: str) -> str:
        """Push an Events API callback given as its HTTP JSON body."""
        return self.push("events_api", json.loads(json_body), accepts_response=False)

    def push(self, kind: str, payload: dict[str, Any], *, accepts_response: bool) -> str:
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        with self._changed:
            if not self._connections:
                raise RuntimeError("no app is connected")
            connection = self._connections[-1]
        connection.send(json.dumps(envelope))
        return envelope_id

    def push_raw(self, message: str) -> None:
        """Send ``message`` as it is, for what Slack should never send."""
        with self._changed:
            if not self._connections:
                raise RuntimeError("no app is connected")
            connection = self._connections[-1]
        connection.send(message)

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The app's ack: ``{"envelope_id": ..., "payload": {...}}`` (payload when it answered)."""
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self._acks, timeout):
                raise TimeoutError(f"envelope {envelope_id} was not acknowledged in {timeout}s")
            return self._acks[envelope_id]

    def disconnect(self) -> None:
        """Close every connection from Slack's side (an app that is closing then stops at once,
        instead of waiting out its socket's receive timeout)."""
        with self._changed:
            connections = list(self._connections)
        for connection in connections:
            connection.close()

    # --- server thread -------------------------------------------------------------------------

    def _handle(self, connection: ServerConnection) -> None:
        connection.send(json.dumps(HELLO))
        with self._changed:
            self._connections.append(connection)
            self._changed.notify_all()
        try:
            for message in connection:
                ack = json.loads(message)
                with self._changed:
                    self._acks[ack["envelope_id"]] = ack
                    self._changed.notify_all()
        except ConnectionClosed:
            pass  # the app went away; its acks so far stay readable
        finally:
            with self._changed:
                self._connections.remove(connection)
