"""The whole bot against the fake Slack: the example config, a real transport, a manual clock.

`running_bot` wires Cadence as ``cadence-bot serve`` does — the example ``cadence_config.yaml``,
the roster synced from ``users.list``, the planner and the Slack dispatcher ticks, the one Bolt
app — and serves the app over HTTP (waitress, signed requests) or Socket Mode. Time is the
`ManualClock`'s, so business time never waits on the wall clock.

Interactions are built from what the simulated Slack holds, the way Slack builds them
(`bot.simulated_slack.interactions`, which `cadence-bot demo` uses too).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpx
from slack_bolt import App
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import bot.persistence.models  # noqa: F401  (every table in Base.metadata)
from bot.bootstrap import Container, bootstrap
from bot.cli.serve import sync_roster_from_slack
from bot.observability.endpoints import operator_endpoints
from bot.persistence.base import Base
from bot.persistence.migrate import upgrade
from bot.scheduling.dispatch_worker import slack_dispatcher
from bot.scheduling.ticks import Ticks, cadence_ticks
from bot.settings import Settings
from bot.simulated_slack import Message, SimulatedSlack
from bot.simulated_slack.interactions import click_body, state_values, submission_body
from bot.simulated_slack.signing import signed_headers
from bot.slack.app import create_app
from bot.slack.http_server import SLACK_PATH, start_in_thread
from bot.slack.socket_mode import socket_mode_handler
from tests.simulated_slack.socket_mode import FakeSocketMode

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = REPO / "cadence_config.yaml"
SECRET = "acceptance-signing-secret"
TRANSPORTS = ["http", "socket_mode"]
T = TypeVar("T")


class ManualClock:
    """The bot's only notion of now; tests move it, nothing sleeps on business time."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> datetime:
        self.now += by
        return self.now


# --- transports ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """What the app answered an interaction with: the ack's JSON payload ({} for an empty ack)
    and how long the round trip took."""

    payload: dict[str, Any]
    seconds: float


class Transport(Protocol):
    # Where GET /healthz, /readyz and /metrics answer.
    operator_url: str

    def interact(self, body: str) -> Reply:
        """Deliver an interaction given as its HTTP form body; the app's acknowledgement."""
        ...


class HttpTransport:
    """Signed POSTs to the real endpoint that waitress serves."""

    def __init__(self, base_url: str, *, operator_url: str) -> None:
        self._url = base_url + SLACK_PATH
        self.operator_url = operator_url

    def interact(self, body: str) -> Reply:
        started = time.monotonic()
        response = httpx.post(self._url, content=body, headers=signed_headers(body, SECRET))
        seconds = time.monotonic() - started
        assert response.status_code == 200, response.text
        payload: dict[str, Any] = response.json() if response.content else {}
        return Reply(payload, seconds)


class SocketModeTransport:
    """Envelopes pushed over the fake Socket Mode WebSocket; the reply is the app's ack."""

    def __init__(self, server: FakeSocketMode, *, operator_url: str) -> None:
        self._server = server
        self.operator_url = operator_url

    def interact(self, body: str) -> Reply:
        started = time.monotonic()
        ack = self._server.wait_for_ack(self._server.push_interactive(body))
        payload: dict[str, Any] = ack.get("payload") or {}
        return Reply(payload, time.monotonic() - started)


@contextmanager
def serving(
    kind: str, app: App, container: Container, slack: SimulatedSlack
) -> Iterator[Transport]:
    """The app on ``kind``, with the operator endpoints on their HTTP port either way."""
    endpoints = operator_endpoints(container)
    if kind == "http":
        url, stop = start_in_thread(app, endpoints=endpoints, signing_secret=SECRET)
        try:
            yield HttpTransport(url, operator_url=url)
        finally:
            stop()
        return
    with FakeSocketMode() as server:
        slack.socket_mode_url = server.url
        handler = socket_mode_handler(app, app_token=slack.app_token)
        handler.connect()  # type: ignore[no-untyped-call]
        # Socket Mode needs no public endpoint: the probes are served alone, as `serve` does.
        operator_url, stop_operator = start_in_thread(None, endpoints=endpoints)
        try:
            server.wait_for_connection()
            yield SocketModeTransport(server, operator_url=operator_url)
        finally:
            stop_operator()
            # Hang up from Slack's side first, so closing never waits out a 3 s receive.
            handler.client.closed = True
            handler.client.auto_reconnect_enabled = False
            server.disconnect()
            handler.close()  # type: ignore[no-untyped-call]


# --- the running bot ----------------------------------------------------------------------------


@dataclass
class Bot:
    container: Container
    slack: SimulatedSlack
    clock: ManualClock
    ticks: Ticks
    transport: Transport
    slack_ids: dict[str, str] = field(default_factory=dict)  # by roster email
    replies: list[Reply] = field(default_factory=list)
    # The trigger of the last click: the one a modal it opens must be opened with.
    last_trigger_id: str | None = None

    def user(self, email: str) -> str:
        return self.slack_ids[email]

    # the process's own work, at the clock's now

    def sync_roster(self) -> None:
        sync_roster_from_slack(self.container)

    def plan(self) -> None:
        self.ticks.plan(self.clock())

    def dispatch(self) -> None:
        self.ticks.dispatch(self.clock())

    # what people do in Slack

    def click(self, email: str, message: Message, action_id: str) -> Reply:
        self.last_trigger_id = new_trigger_id()
        body = click_body(self.user(email), message, action_id, trigger_id=self.last_trigger_id)
        return self._interact(body)

    def submit(self, email: str, modal: dict[str, Any], answers: Mapping[str, Any]) -> Reply:
        values = state_values(modal, answers)
        body = submission_body(self.user(email), modal, values, trigger_id=new_trigger_id())
        return self._interact(body)

    def _interact(self, body: str) -> Reply:
        reply = self.transport.interact(body)
        self.replies.append(reply)
        return reply

    # what the database holds

    def read(self, query: Callable[[Session], T]) -> T:
        with self.container.sessions() as session:
            return query(session)


UNMERGED = 100


@contextmanager
def running_bot(
    database_url: str, slack: SimulatedSlack, *, transport: str, now: datetime
) -> Iterator[Bot]:
    """The bot on an empty ``database_url``, with every roster member in ``slack``."""
    upgrade(database_url)
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        cadence_config=EXAMPLE_CONFIG,
        slack_bot_token=slack.token,
        slack_signing_secret=SECRET,
        slack_api_base_url=slack.base_url,
    )
    clock = ManualClock(now)
    container = bootstrap(settings)
    container.clock = clock
    # Each scenario follows one item's own nudge. On the example's busy Monday the daily DM
    # budget would merge them into one DM; that is tested in tests/slack/test_dm_budget.py.
    example = container.operating_system
    container.operating_system = replace(
        example, nudges=replace(example.nudges, daily_budget=UNMERGED)
    )
    slack_ids = {
        person.email: slack.add_user(person.email, person.name, tz=person.timezone)
        for person in container.operating_system.roster
    }
    dispatcher = slack_dispatcher(
        settings, container.sessions, operating_system=lambda: container.operating_system
    )
    ticks = cadence_ticks(container, dispatcher=dispatcher)
    try:
        app = create_app(container)
        with serving(transport, app, container, slack) as served:
            yield Bot(container, slack, clock, ticks, served, slack_ids)
    finally:
        container.engine.dispose()


# --- Slack's payloads ---------------------------------------------------------------------------


def new_trigger_id() -> str:
    return f"{time.time_ns()}.98765.acceptance"


def eventually(check: Callable[[], T | None], *, timeout: float = 5.0) -> T:
    """What ``check`` returns once it is truthy: a listener keeps working after its ack."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("the app did not get there in time")
        time.sleep(0.01)


# --- the database, at a glance ------------------------------------------------------------------


def row_counts(session: Session) -> dict[str, int]:
    """Rows per table: equal before and after means nothing was saved, not even half."""
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def texts(payload: Any) -> Iterator[str]:
    """Every ``text`` string in a Block Kit payload, depth first."""
    if isinstance(payload, Mapping):
        for key, value in payload.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from texts(value)
    elif isinstance(payload, Sequence) and not isinstance(payload, str):
        for item in payload:
            yield from texts(item)


def visible_text(payload: Any) -> str:
    return "\n".join(texts(payload))
