"""The whole bot against the fake Slack: the example config, a real transport, a manual clock.

`running_bot` wires Cadence as ``cadence-bot serve`` does — the example ``cadence_config.yaml``,
the roster synced from ``users.list``, the planner and the Slack dispatcher ticks, the one Bolt
app — and serves the app over HTTP (waitress, signed requests) or Socket Mode. Time is the
`ManualClock`'s, so business time never waits on the wall clock.

Interactions are built from what the fake Slack holds, the way Slack builds them: a click from
the DM the bot posted (its button, the message's channel and ts), a submission from the modal the
bot opened (its id, hash, callback id, private metadata, and state values for its input blocks,
with the initial values Slack would keep).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
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
from bot.persistence.base import Base
from bot.persistence.migrate import upgrade
from bot.scheduling.dispatch_worker import slack_dispatcher
from bot.scheduling.ticks import Ticks, cadence_ticks
from bot.settings import Settings
from bot.simulated_slack import APP_ID, TEAM_ID, Message, SimulatedSlack
from bot.simulated_slack.signing import interaction_body, signed_headers
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
    def interact(self, body: str) -> Reply:
        """Deliver an interaction given as its HTTP form body; the app's acknowledgement."""
        ...


class HttpTransport:
    """Signed POSTs to the real endpoint that waitress serves."""

    def __init__(self, base_url: str) -> None:
        self._url = base_url + SLACK_PATH

    def interact(self, body: str) -> Reply:
        started = time.monotonic()
        response = httpx.post(self._url, content=body, headers=signed_headers(body, SECRET))
        seconds = time.monotonic() - started
        assert response.status_code == 200, response.text
        payload: dict[str, Any] = response.json() if response.content else {}
        return Reply(payload, seconds)


class SocketModeTransport:
    """Envelopes pushed over the fake Socket Mode WebSocket; the reply is the app's ack."""

    def __init__(self, server: FakeSocketMode) -> None:
        self._server = server

    def interact(self, body: str) -> Reply:
        started = time.monotonic()
        ack = self._server.wait_for_ack(self._server.push_interactive(body))
        payload: dict[str, Any] = ack.get("payload") or {}
        return Reply(payload, time.monotonic() - started)


@contextmanager
def serving(
    kind: str, app: App, container: Container, slack: SimulatedSlack
) -> Iterator[Transport]:
    if kind == "http":
        url, stop = start_in_thread(app, engine=container.engine)
        try:
            yield HttpTransport(url)
        finally:
            stop()
        return
    with FakeSocketMode() as server:
        slack.socket_mode_url = server.url
        handler = socket_mode_handler(app, app_token=slack.app_token)
        handler.connect()  # type: ignore[no-untyped-call]
        try:
            server.wait_for_connection()
            yield SocketModeTransport(server)
        finally:
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
        return self._interact(submission_body(self.user(email), modal, values))

    def _interact(self, body: str) -> Reply:
        reply = self.transport.interact(body)
        self.replies.append(reply)
        return reply

    # what the database holds

    def read(self, query: Callable[[Session], T]) -> T:
        with self.container.sessions() as session:
            return query(session)


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


# --- Slack's payloads, built from what the fake holds -------------------------------------------


def _user(user_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": TEAM_ID}


def new_trigger_id() -> str:
    return f"{time.time_ns()}.98765.acceptance"


def button(message: Message, action_id: str) -> tuple[str, dict[str, Any]]:
    """The block id and the element of the message's button ``action_id``."""
    for block in message.blocks:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return str(block["block_id"]), element
    raise AssertionError(f"no {action_id!r} button in {message.text!r}")


def click_body(user_id: str, message: Message, action_id: str, *, trigger_id: str) -> str:
    """A block_actions request for a click on ``message``'s ``action_id`` button."""
    block_id, element = button(message, action_id)
    clicked = {
        "type": element["type"],
        "action_id": element["action_id"],
        "block_id": block_id,
        "text": element["text"],
        "value": element["value"],
        "action_ts": f"{time.time():.6f}",
    }
    return interaction_body(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "cadence-test"},
            "user": _user(user_id),
            "api_app_id": APP_ID,
            "token": "verification-token-unused",
            "trigger_id": trigger_id,
            "container": {
                "type": "message",
                "message_ts": message.ts,
                "channel_id": message.channel,
                "is_ephemeral": False,
            },
            "channel": {"id": message.channel, "name": "directmessage"},
            "message": message.as_json(include_metadata=False),
            "state": {"values": {}},
            "response_url": f"https://hooks.slack.com/actions/{TEAM_ID}/1/fake",
            "actions": [clicked],
        }
    )


def submission_body(
    user_id: str, modal: Mapping[str, Any], values: dict[str, dict[str, Any]]
) -> str:
    """A view_submission of ``modal`` (as Slack echoed it when opened) with ``values``."""
    return interaction_body(
        {
            "type": "view_submission",
            "team": {"id": TEAM_ID, "domain": "cadence-test"},
            "user": _user(user_id),
            "api_app_id": APP_ID,
            "token": "verification-token-unused",
            "trigger_id": new_trigger_id(),
            "view": {**modal, "state": {"values": values}},
            "response_urls": [],
            "is_enterprise_install": False,
        }
    )


TEXT_ELEMENTS = {"plain_text_input", "number_input", "email_text_input", "url_text_input"}
ONE_CHOICE = {"static_select", "radio_buttons"}
MANY_CHOICES = {"multi_static_select", "checkboxes"}


def state_values(modal: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """``view.state.values`` for every input block of ``modal``: the answer given by block id,
    else what the element was opened with. Answers are strings (ISO dates for date pickers,
    option values for selects), lists of option values for multi-selects, or None for blank."""
    values: dict[str, Any] = {}
    for block in modal["blocks"]:
        if block.get("type") != "input":
            continue
        element = block["element"]
        block_id = block["block_id"]
        given = answers[block_id] if block_id in answers else _initial(element)
        values[block_id] = {element["action_id"]: _element_state(element, given)}
    unknown = set(answers) - set(values)
    assert not unknown, f"the modal has no input blocks {sorted(unknown)}"
    return values


def _initial(element: Mapping[str, Any]) -> Any:
    kind = element["type"]
    if kind in TEXT_ELEMENTS:
        return element.get("initial_value")
    if kind in ONE_CHOICE:
        return (element.get("initial_option") or {}).get("value")
    if kind in MANY_CHOICES:
        return [o["value"] for o in element.get("initial_options") or []]
    if kind == "datepicker":
        return element.get("initial_date")
    raise AssertionError(f"no state for a {kind} element")


def _element_state(element: Mapping[str, Any], given: Any) -> dict[str, Any]:
    kind = element["type"]
    if kind in TEXT_ELEMENTS:
        return {"type": kind, "value": given}
    if kind in ONE_CHOICE:
        return {"type": kind, "selected_option": _option(element, given) if given else None}
    if kind in MANY_CHOICES:
        return {"type": kind, "selected_options": [_option(element, v) for v in given or ()]}
    return {"type": kind, "selected_date": given}


def _option(element: Mapping[str, Any], value: str) -> dict[str, Any]:
    """The element's option with ``value``; a forged one when it offers none (a tampered form)."""
    offered = [*element.get("options", ())]
    for group in element.get("option_groups", ()):
        offered += group["options"]
    found = next((o for o in offered if o["value"] == value), None)
    return dict(found) if found else {"text": {"type": "plain_text", "text": value}, "value": value}


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
