"""`SimulatedSlack`: the Slack Web API on localhost, in a `ThreadingHTTPServer` thread.

Requests go to ``{base_url}<method>`` (as `WebClient(base_url=fake.base_url)` sends them), with
form, JSON or query-string arguments.  The pipeline for each request is: record it, apply latency,
answer ``unknown_method``, play a scripted failure, check the token, apply the rate limit, run the
method handler.  Faults are set from the test thread while the server thread reads them, so they
sit behind a lock.
"""

from __future__ import annotations

import contextlib
import json
import math
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bot.simulated_slack.methods import (
    APP_LEVEL_METHODS,
    HANDLERS,
    ApiCall,
    SlackError,
    receive_upload,
)
from bot.simulated_slack.rate_limits import SLACK_RATE_LIMITS
from bot.simulated_slack.state import Message, Params, RecordedCall, WorkspaceState

DEFAULT_TOKEN = "xoxb-fake-bot-token"
DEFAULT_APP_TOKEN = "xapp-fake-app-token"


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScriptedFailure:
    """What the next call of a method gets instead of (or, with only a delay, before) its answer."""

    status: int = 200
    error: str | None = None
    delay_seconds: float = 0.0
    retry_after: int = 1

    def reply(self) -> Reply | None:
        if self.status == 429:
            body = {"ok": False, "error": self.error or "ratelimited"}
            return Reply(429, body, {"Retry-After": str(self.retry_after)})
        if self.status != 200:
            return Reply(self.status, {"ok": False, "error": self.error or "internal_error"})
        if self.error:
            return Reply(200, {"ok": False, "error": self.error})
        return None


@dataclass
class SlidingWindowLimit:
    """At most `allowed` admitted calls in any `window` seconds, counted per channel when
    `per_channel` (as Slack limits chat.postMessage); refusals are not counted."""

    allowed: int
    retry_after: int | None = None
    window: float = 1.0
    per_channel: bool = False
    admitted: dict[str, deque[float]] = field(default_factory=dict)

    def refuse(self, now: float, params: Params) -> int | None:
        """Seconds the caller must wait, or None when the call is admitted."""
        key = str(params.get("channel") or params.get("user_id") or "") if self.per_channel else ""
        admitted = self.admitted.setdefault(key, deque())
        while admitted and now - admitted[0] >= self.window:
            admitted.popleft()
        if len(admitted) >= self.allowed:
            return self.retry_after or max(1, math.ceil(self.window - (now - admitted[0])))
        admitted.append(now)
        return None


class Faults:
    """Scripted failures, rate limits and latency, changed by tests while requests are served."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._scripted: dict[str, deque[ScriptedFailure]] = {}
            self._limits: dict[str, SlidingWindowLimit] = {}
            self._latency: dict[str | None, float] = {}

    def script(self, method: str, failure: ScriptedFailure, times: int) -> None:
        with self._lock:
            self._scripted.setdefault(method, deque()).extend([failure] * times)

    def next_failure(self, method: str) -> ScriptedFailure | None:
        with self._lock:
            queue = self._scripted.get(method)
            return queue.popleft() if queue else None

    def set_rate_limit(self, method: str, limit: SlidingWindowLimit | None) -> None:
        with self._lock:
            if limit is None:
                self._limits.pop(method, None)
            else:
                self._limits[method] = limit

    def retry_after(self, method: str, now: float, params: Params) -> int | None:
        with self._lock:
            limit = self._limits.get(method)
            return limit.refuse(now, params) if limit else None

    def set_latency(self, seconds: float, method: str | None) -> None:
        with self._lock:
            self._latency[method] = seconds

    def latency(self, method: str) -> float:
        with self._lock:
            return self._latency.get(method, self._latency.get(None, 0.0))


def parse_params(query: str, body: bytes, content_type: str) -> Params:
    """Slack reads arguments from the query string and from a form or JSON body."""
    params: Params = dict(parse_qsl(query, keep_blank_values=True))
    if not body:
        return params
    if content_type.startswith("application/json"):
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise ValueError("a JSON body must be an object")
        params.update(decoded)
    elif content_type.startswith("application/x-www-form-urlencoded") or not content_type:
        params.update(parse_qsl(body.decode(), keep_blank_values=True))
    return params


class SimulatedSlack:
    """A simulated Slack workspace served over HTTP.  Use as a context manager or start()/stop().

    >>> with SimulatedSlack() as slack:
    ...     client = WebClient(token=slack.token, base_url=slack.base_url)
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        app_token: str = DEFAULT_APP_TOKEN,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`clock` is the workspace's time in epoch seconds: message ts, rate-limit windows and
        trigger ids follow it, so a simulation on a virtual clock sees Slack on that clock."""
        self.token = token
        self.app_token = app_token
        self.state = WorkspaceState(clock)
        self.faults = Faults()
        # Where `apps.connections.open` sends the app: a `FakeSocketMode` URL, set by the test.
        self.socket_mode_url: str | None = None
        self._stopping = threading.Event()
        self._generation = 0  # bumped by reset(), so a request delayed past it changes nothing
        self._http: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> SimulatedSlack:
        self._stopping.clear()
        self._http = _HTTPServer(("127.0.0.1", 0), _RequestHandler)
        self._http.fake = self
        self._thread = threading.Thread(
            target=self._http.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="simulated-slack",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes requests sleeping on latency or delays
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            # A stopped Slack answers nothing, not even on connections kept alive.
            self._http.close_open_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._http = self._thread = None

    def __enter__(self) -> SimulatedSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget the workspace, the recorded calls and every fault; tokens stay."""
        self._generation += 1
        self.socket_mode_url = None
        self.state.reset()
        self.faults.reset()

    @property
    def server_url(self) -> str:
        if self._http is None:
            raise RuntimeError("SimulatedSlack is not started")
        return f"http://127.0.0.1:{self._http.server_address[1]}/"

    @property
    def base_url(self) -> str:
        """What to pass as `WebClient(base_url=...)`; ends with '/'."""
        return f"{self.server_url}api/"

    @property
    def response_url(self) -> str:
        """A ``response_url`` for signed requests: what is posted there lands in
        ``state.responses`` (Slack's own is on hooks.slack.com)."""
        return f"{self.server_url}response/commands/T0CADENCE/1"

    # --- seeding and inspection (see WorkspaceState) -------------------------------------------

    def add_user(
        self,
        email: str,
        name: str,
        tz: str = "America/Chicago",
        user_id: str | None = None,
        deleted: bool = False,
        is_bot: bool = False,
    ) -> str:
        return self.state.add_user(
            email, name, tz=tz, user_id=user_id, deleted=deleted, is_bot=is_bot
        )

    def add_channel(self, channel_id: str | None = None) -> str:
        return self.state.add_channel(channel_id)

    def fail_user(self, user_id: str, error: str = "account_inactive") -> None:
        self.state.fail_user(user_id, error)

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        return self.state.calls(method)

    def messages_to(self, user_id: str) -> list[Message]:
        return self.state.messages_to(user_id)

    def messages_in(self, channel: str) -> list[Message]:
        return self.state.messages_in(channel)

    def views_published(self, user_id: str) -> list[dict[str, Any]]:
        return self.state.views_published(user_id)

    def modals(self) -> list[dict[str, Any]]:
        return self.state.modals()

    # --- faults --------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        delay_seconds: float = 0.0,
        retry_after: int = 1,
        times: int = 1,
    ) -> None:
        """Script the next `times` calls of `method`: an HTTP status, a Slack error, a delay.

        A delay alone slows the call and then answers it normally (to trigger client timeouts).
        """
        failure = ScriptedFailure(status, error, delay_seconds, retry_after)
        self.faults.script(method, failure, times)

    def rate_limit(
        self,
        method: str,
        *,
        per_second: int | None = None,
        per_minute: int | None = None,
        per_channel: bool = False,
        retry_after: int | None = None,
    ) -> None:
        """Answer HTTP 429 + Retry-After beyond `per_second` (or `per_minute`) calls of
        `method`, counted per channel when `per_channel`; neither lifts the limit."""
        limit = None
        if per_second:
            limit = SlidingWindowLimit(per_second, retry_after, 1.0, per_channel)
        elif per_minute:
            limit = SlidingWindowLimit(per_minute, retry_after, 60.0, per_channel)
        self.faults.set_rate_limit(method, limit)

    def apply_slack_rate_limits(self) -> None:
        """Slack's published limits for every method Cadence calls (see `rate_limits`)."""
        for method, limit in SLACK_RATE_LIMITS.items():
            self.rate_limit(
                method,
                per_minute=limit.per_minute,
                per_second=limit.per_second,
                per_channel=limit.per_channel,
            )

    def drop_connections(self) -> None:
        """Close every kept-alive connection, as Slack's side does with idle ones."""
        if self._http is not None:
            self._http.close_open_connections()

    @property
    def connections_opened(self) -> int:
        """TCP connections clients opened to this server since it started."""
        return self._http.connections_opened if self._http is not None else 0

    def set_latency(self, seconds: float, *, method: str | None = None) -> None:
        """Delay every answer (or only `method`'s) by `seconds`."""
        self.faults.set_latency(seconds, method)

    # --- request handling (server threads) -----------------------------------------------------

    def handle_api(self, method: str, params: Params, headers: dict[str, str]) -> Reply:
        reply = self._answer(method, params, headers)
        if not reply.body.get("ok"):
            error = str(reply.body.get("error"))
            self.state.refuse(method, error, reply.body.get("errors"))
        return reply

    def _answer(self, method: str, params: Params, headers: dict[str, str]) -> Reply:
        generation = self._generation
        self.state.record(RecordedCall(method, dict(params), headers))
        self._sleep(self.faults.latency(method))
        if method not in HANDLERS:
            return Reply(200, {"ok": False, "error": "unknown_method"})
        failure = self.faults.next_failure(method)
        if failure is not None:
            self._sleep(failure.delay_seconds)
            if (reply := failure.reply()) is not None:
                return reply
        if generation != self._generation:
            return Reply(200, {"ok": False, "error": "fake_slack_was_reset"})
        if (auth_error := self._auth_error(method, params, headers)) is not None:
            return Reply(200, {"ok": False, "error": auth_error})
        if (retry_after := self.faults.retry_after(method, self.state.clock(), params)) is not None:
            return Reply(
                429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
            )
        call = ApiCall(self.state, params, self.server_url, self.socket_mode_url)
        try:
            with self.state.lock:
                return Reply(200, {"ok": True, **HANDLERS[method](call)})
        except SlackError as error:
            return Reply(200, error.as_json())

    def handle_response(self, body: bytes) -> Reply:
        """A message posted to a ``response_url``: recorded, as Slack would show it."""
        try:
            message = json.loads(body or b"{}")
        except ValueError:
            return Reply(400, {"ok": False, "error": "invalid_json"})
        with self.state.lock:
            self.state.responses.append(message)
        return Reply(200, {"ok": True})

    def handle_upload(self, file_id: str, content: bytes) -> Reply:
        if receive_upload(self.state, file_id, content):
            return Reply(200, {"ok": True, "size": len(content)})
        return Reply(404, {"ok": False, "error": "file_not_found"})

    def _auth_error(self, method: str, params: Params, headers: dict[str, str]) -> str | None:
        authorization = headers.get("authorization", "")
        token = authorization.removeprefix("Bearer ") if authorization else params.get("token")
        if not token:
            return "not_authed"
        expected = self.app_token if method in APP_LEVEL_METHODS else self.token
        return None if token == expected else "invalid_auth"

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: SimulatedSlack

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_connections: set[socket.socket] = set()
        self.connections_opened = 0
        self.connections_lock = threading.Lock()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.open_connections.add(request)
            self.connections_opened += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.connections_lock:
                self.open_connections.discard(request)

    def close_open_connections(self) -> None:
        with self.connections_lock:
            for connection in self.open_connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


class _RequestHandler(BaseHTTPRequestHandler):
    server: _HTTPServer
    # As Slack does, keep the connection open between calls (HTTP/1.1 keep-alive) unless the
    # client asks to close it; an idle one is closed after a while.
    protocol_version = "HTTP/1.1"
    timeout = 60
    # The answer's headers and body are two writes: without this, Nagle's algorithm holds the
    # body until the client acknowledges the headers, which it delays (40 ms a call).
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {key.lower(): value for key, value in self.headers.items()}
        if url.path.startswith("/api/"):
            try:
                params = parse_params(url.query, body, headers.get("content-type", ""))
            except ValueError:
                self._send(Reply(200, {"ok": False, "error": "invalid_json"}))
                return
            self._send(self.server.fake.handle_api(url.path.removeprefix("/api/"), params, headers))
        elif url.path.startswith("/upload/v1/") and self.command == "POST":
            self._send(self.server.fake.handle_upload(url.path.rsplit("/", 1)[-1], body))
        elif url.path.startswith("/response/") and self.command == "POST":
            self._send(self.server.fake.handle_response(body))
        else:
            self._send(Reply(404, {"ok": False, "error": "not_found"}))

    def _send(self, reply: Reply) -> None:
        payload = json.dumps(reply.body).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        # A client that timed out has gone away; there is no one to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
