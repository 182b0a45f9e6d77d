"""HTTP mode: waitress serves ``POST /slack/events`` to the Bolt app and ``GET /healthz``.

Every request to Slack's path passes `gate.refuse_http` on its raw bytes first: too large (413),
malformed (400) or unsigned (401) requests never reach Bolt. Waitress itself refuses bodies over
the same cap before reading them.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from waitress import wasyncore
from waitress.server import create_server

from bot.slack.gate import MAX_BODY_BYTES, TOO_LARGE, Refusal, refuse_http

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Request threads only parse, verify and ack; listeners run on Bolt's own executor.
THREADS = 8
# Waitress refuses a body of this size or more with 413 before it reaches the gate.
_LIMITS: dict[str, Any] = {"max_request_body_size": MAX_BODY_BYTES + 1}
# How often the test server's loop looks at its stop flag.
_POLL_SECONDS = 0.05

logger = logging.getLogger(__name__)


class CadenceWSGI:
    """The WSGI application: Slack's endpoint plus a health check for the load balancer."""

    def __init__(self, app: App, *, engine: Engine, signing_secret: str) -> None:
        self._app = app
        self._engine = engine
        self._signing_secret = signing_secret

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = WsgiHttpRequest(environ)
        if request.path == HEALTH_PATH and request.method == "GET":
            return self._health(start_response)
        if request.path != SLACK_PATH or request.method != "POST":
            return _respond(start_response, BoltResponse(status=404, body="Not Found"))
        return _respond(start_response, self._slack(request))

    def _slack(self, request: WsgiHttpRequest) -> BoltResponse:
        raw = _read_body(request.environ)
        if raw is None:
            return _refused(TOO_LARGE)
        headers = {name: str(value) for name, value in request.get_headers().items()}
        secret = self._signing_secret
        refusal = refuse_http(raw, headers, signing_secret=secret, now=time.time())
        if refusal is not None:
            return _refused(refusal)
        body = raw.decode("utf-8")  # the gate checked it is UTF-8
        bolt_headers: dict[str, str | Sequence[str]] = {**headers}
        return self._app.dispatch(
            BoltRequest(body=body, query=request.query_string, headers=bolt_headers)
        )

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        reachable = database_reachable(self._engine)
        body = json.dumps({"ok": reachable, "database": "ok" if reachable else "unreachable"})
        status = "200 OK" if reachable else "503 Service Unavailable"
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response(status, headers)
        return [body.encode()]


def _read_body(environ: WSGIEnvironment) -> bytes | None:
    """The body, or None when it is larger than the cap (read no further than the cap)."""
    try:
        declared = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return None
    stream = environ.get("wsgi.input")
    raw: bytes = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
    return None if len(raw) > MAX_BODY_BYTES else raw


def _refused(refusal: Refusal) -> BoltResponse:
    logger.warning("Refused a request to %s: %s", SLACK_PATH, refusal.reason)
    return refusal.as_bolt_response()


def _respond(start_response: StartResponse, response: BoltResponse) -> Iterable[bytes]:
    wsgi = WsgiHttpResponse(status=response.status, headers=response.headers, body=response.body)
    start_response(wsgi.status, wsgi.get_headers())
    return wsgi.get_body()


def database_reachable(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return False
    return True


def listen(host: str, port: int) -> socket.socket:
    """A listening socket; bound once, it can be shared by several worker processes."""
    return socket.create_server((host, port))


def serve_http(
    app: App,
    *,
    engine: Engine,
    signing_secret: str,
    host: str = "0.0.0.0",
    port: int = 3000,
    sock: socket.socket | None = None,
) -> None:
    """Serve until the process is stopped; ``sock`` (from `listen`) overrides host and port."""
    sock = sock or listen(host, port)
    wsgi = CadenceWSGI(app, engine=engine, signing_secret=signing_secret)
    server = create_server(wsgi, sockets=[sock], threads=THREADS, **_LIMITS)
    server.print_listen("Cadence is listening for Slack on http://{}:{}" + SLACK_PATH)
    server.run()


def start_in_thread(
    app: App, *, engine: Engine, signing_secret: str, host: str = "127.0.0.1", port: int = 0
) -> tuple[str, Callable[[], None]]:
    """Serve on a background thread (for tests): the base URL, and a function that stops it."""
    sock = listen(host, port)
    socket_map: dict[int, Any] = {}
    wsgi = CadenceWSGI(app, engine=engine, signing_secret=signing_secret)
    server = create_server(wsgi, map=socket_map, sockets=[sock], threads=THREADS, **_LIMITS)
    stopping = threading.Event()

    def run() -> None:
        # The loop owns the sockets, so it also closes them: no socket closes under a select().
        while not stopping.is_set():
            wasyncore.loop(timeout=_POLL_SECONDS, map=socket_map, count=1)
        server.close()
        wasyncore.close_all(socket_map)
        server.task_dispatcher.shutdown()

    thread = threading.Thread(target=run, name="cadence-http", daemon=True)
    thread.start()

    def stop() -> None:
        stopping.set()
        thread.join(timeout=5)

    return f"http://{host}:{sock.getsockname()[1]}", stop
