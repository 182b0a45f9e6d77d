"""HTTP mode: waitress serves ``POST /slack/events`` to the Bolt app and ``GET /healthz``.

Bolt verifies each request's signature and refuses timestamps more than five minutes old
(Slack's replay window) with HTTP 401, before any middleware or listener runs.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from waitress import wasyncore
from waitress.server import create_server

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Request threads only parse, verify and ack; listeners run on Bolt's own executor.
THREADS = 8
# How often the test server's loop looks at its stop flag.
_POLL_SECONDS = 0.05

logger = logging.getLogger(__name__)


class CadenceWSGI:
    """The WSGI application: Slack's endpoint plus a health check for the load balancer."""

    def __init__(self, app: App, *, engine: Engine) -> None:
        self._slack = SlackRequestHandler(app, path=SLACK_PATH)
        self._engine = engine

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") == "GET":
            return self._health(start_response)
        result: Iterable[bytes] = self._slack(environ, start_response)
        return result

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        reachable = database_reachable(self._engine)
        body = json.dumps({"ok": reachable, "database": "ok" if reachable else "unreachable"})
        status = "200 OK" if reachable else "503 Service Unavailable"
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response(status, headers)
        return [body.encode()]


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
    host: str = "0.0.0.0",
    port: int = 3000,
    sock: socket.socket | None = None,
) -> None:
    """Serve until the process is stopped; ``sock`` (from `listen`) overrides host and port."""
    sock = sock or listen(host, port)
    server = create_server(CadenceWSGI(app, engine=engine), sockets=[sock], threads=THREADS)
    server.print_listen("Cadence is listening for Slack on http://{}:{}" + SLACK_PATH)
    server.run()


def start_in_thread(
    app: App, *, engine: Engine, host: str = "127.0.0.1", port: int = 0
) -> tuple[str, Callable[[], None]]:
    """Serve on a background thread (for tests): the base URL, and a function that stops it."""
    sock = listen(host, port)
    socket_map: dict[int, Any] = {}
    wsgi = CadenceWSGI(app, engine=engine)
    server = create_server(wsgi, map=socket_map, sockets=[sock], threads=THREADS)
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
