"""HTTP mode: waitress serves ``POST /slack/events`` to the Bolt app, beside the probes.

Every request to Slack's path passes `gate.refuse_http` on its raw bytes first: too large (413),
malformed (400) or unsigned (401) requests never reach Bolt. Waitress itself refuses bodies over
the same cap before reading them. ``GET /healthz``, ``/readyz`` and ``/metrics`` go to the
operator endpoints; Socket Mode serves those alone (``serve_operator_endpoints``), so both
transports can be probed on ``PORT``.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from waitress import wasyncore
from waitress.server import create_server

from bot.observability.endpoints import OperatorEndpoints
from bot.slack.gate import MAX_BODY_BYTES, TOO_LARGE, Refusal, refuse_http

SLACK_PATH = "/slack/events"
# Request threads only parse, verify and ack; listeners run on Bolt's own executor.
THREADS = 8
# Waitress refuses a body of this size or more with 413 before it reaches the gate.
_LIMITS: dict[str, Any] = {"max_request_body_size": MAX_BODY_BYTES + 1}
# How often the test server's loop looks at its stop flag.
_POLL_SECONDS = 0.05

logger = logging.getLogger(__name__)


class CadenceWSGI:
    """The WSGI application: Slack's endpoint plus the operator endpoints."""

    def __init__(self, app: App, *, endpoints: OperatorEndpoints, signing_secret: str) -> None:
        self._app = app
        self._endpoints = endpoints
        self._signing_secret = signing_secret

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if self._endpoints.handles(environ):
            return self._endpoints(environ, start_response)
        request = WsgiHttpRequest(environ)
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


def listen(host: str, port: int) -> socket.socket:
    """A listening socket; bound once, it can be shared by several worker processes."""
    return socket.create_server((host, port))


def serve_http(
    app: App, *, endpoints: OperatorEndpoints, signing_secret: str, sock: socket.socket
) -> None:
    """Serve Slack and the probes on ``sock`` (from `listen`) until the process is stopped."""
    wsgi = CadenceWSGI(app, endpoints=endpoints, signing_secret=signing_secret)
    server = create_server(wsgi, sockets=[sock], threads=THREADS, **_LIMITS)
    server.print_listen("Cadence is listening for Slack on http://{}:{}" + SLACK_PATH)
    server.run()


def serve_operator_endpoints(endpoints: OperatorEndpoints, *, sock: socket.socket) -> None:
    """Socket Mode: the probes alone on ``sock``, on a daemon thread of this process."""
    server = create_server(endpoints, sockets=[sock], threads=2)
    threading.Thread(target=server.run, name="cadence-probes", daemon=True).start()


def start_in_thread(
    app: App | None,
    *,
    endpoints: OperatorEndpoints,
    signing_secret: str = "",
    host: str = "127.0.0.1",
    port: int = 0,
) -> tuple[str, Callable[[], None]]:
    """Serve on a background thread (for tests): the base URL, and a function that stops it.

    Without ``app``, only the operator endpoints, as in Socket Mode.
    """
    sock = listen(host, port)
    socket_map: dict[int, Any] = {}
    wsgi: WSGIApplication = (
        endpoints
        if app is None
        else CadenceWSGI(app, endpoints=endpoints, signing_secret=signing_secret)
    )
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
