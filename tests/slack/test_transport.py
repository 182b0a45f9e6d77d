"""Both transports of the one Bolt app, for real: HTTP through waitress, and Socket Mode.

A probe command (``/transport-probe``, test-only) acknowledges at once and then does slow work,
so the tests can tell "acked within Slack's 3 seconds" from "finished".
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.bootstrap import Container, bootstrap
from bot.cli import main
from bot.config import load_operating_system
from bot.observability.endpoints import operator_endpoints
from bot.persistence.migrate import upgrade
from bot.persistence.models import Person
from bot.settings import Settings
from bot.simulated_slack import SimulatedSlack
from bot.simulated_slack.signing import (
    app_home_opened_event,
    block_actions_body,
    event_callback_body,
    signed_headers,
    slash_command_body,
)
from bot.slack.app import create_app
from bot.slack.errors import APOLOGY
from bot.slack.http_server import start_in_thread
from bot.slack.socket_mode import socket_mode_handler
from tests.simulated_slack.socket_mode import FakeSocketMode

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = REPO / "cadence_config.yaml"
SECRET = "test-signing-secret"
MANAGER = "U0MANAGER1"
STRANGER = "U0STRANGER"
PROBE = "/transport-probe"
BROKEN = "/transport-broken"
BROKEN_AFTER_ACK = "/transport-broken-after-ack"
SLOW_WORK_SECONDS = 2.0


@pytest.fixture(scope="module")
def transport_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database of this module's own: the app commits, so nothing may leak into shared ones."""
    url = f"sqlite:///{tmp_path_factory.mktemp('transport') / 'cadence.db'}"
    upgrade(url)
    return url


@pytest.fixture
def container(transport_database_url: str, fake_slack: SimulatedSlack) -> Iterator[Container]:
    settings = Settings(
        _env_file=None,
        database_url=transport_database_url,
        cadence_config=EXAMPLE_CONFIG,
        slack_bot_token=fake_slack.token,
        slack_signing_secret=SECRET,
        slack_api_base_url=fake_slack.base_url,
    )
    fake_slack.add_user("mona@acme.example", "Mona", user_id=MANAGER)
    fake_slack.add_user("stranger@acme.example", "Stan", user_id=STRANGER)
    container = bootstrap(settings)
    with container.unit_of_work() as uow:
        if uow.session.query(Person).filter_by(slack_id=MANAGER).one_or_none() is None:
            uow.session.add(
                Person(email="mona@acme.example", name="Mona", slack_id=MANAGER, timezone="UTC")
            )
    yield container
    container.engine.dispose()


class Probe:
    """Test-only listeners: one acks with a greeting then works slowly, two others fail."""

    def __init__(self) -> None:
        self.finished = threading.Event()

    def register(self, app: App) -> None:
        @app.command(PROBE)
        def probe(ack: Ack, context: BoltContext, client: WebClient) -> None:
            ack(f"Hello {context['person'].name}")
            time.sleep(SLOW_WORK_SECONDS)
            client.chat_postMessage(channel=context["user_id"], text="slow work done")
            self.finished.set()

        @app.command(BROKEN)
        def broken(ack: Ack) -> None:
            raise RuntimeError("the database caught fire")

        @app.command(BROKEN_AFTER_ACK)
        def broken_after_ack(ack: Ack) -> None:
            ack("On it")
            raise RuntimeError("the database caught fire")


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def app(container: Container, probe: Probe) -> App:
    app = create_app(container)
    probe.register(app)
    return app


@pytest.fixture
def http_url(app: App, container: Container) -> Iterator[str]:
    url, stop = start_in_thread(app, endpoints=operator_endpoints(container), signing_secret=SECRET)
    yield url
    stop()


def post_signed(http_url: str, body: str, *, secret: str = SECRET, age: int = 0) -> httpx.Response:
    headers = signed_headers(body, secret, timestamp=int(time.time()) - age)
    return httpx.post(f"{http_url}/slack/events", content=body, headers=headers, timeout=10)


# --- HTTP mode ----------------------------------------------------------------------------------


def test_a_signed_slash_command_is_acked_quickly_and_slow_work_runs_after(
    http_url: str, probe: Probe, fake_slack: SimulatedSlack
) -> None:
    started = time.monotonic()
    response = post_signed(http_url, slash_command_body(PROBE, user_id=MANAGER))
    round_trip = time.monotonic() - started

    assert response.status_code == 200
    assert response.text == "Hello Mona"  # a plain-text body is an ephemeral reply
    # Acked while the listener still works (for 2 s), and within the 3 s Slack waits.
    assert not probe.finished.is_set()
    assert round_trip < 3.0
    assert probe.finished.wait(SLOW_WORK_SECONDS + 3)
    assert [m.text for m in fake_slack.messages_to(MANAGER)] == ["slow work done"]


def test_a_forged_signature_is_refused(http_url: str, probe: Probe) -> None:
    response = post_signed(
        http_url, slash_command_body(PROBE, user_id=MANAGER), secret="not-the-secret"
    )

    assert response.status_code == 401
    assert not probe.finished.wait(0.2)


def test_a_request_older_than_five_minutes_is_refused(http_url: str) -> None:
    response = post_signed(http_url, slash_command_body(PROBE, user_id=MANAGER), age=5 * 60 + 5)

    assert response.status_code == 401


def test_healthz_reports_the_database(http_url: str) -> None:
    response = httpx.get(f"{http_url}/healthz")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": "ok"}


def test_someone_off_the_roster_is_told_to_ask_an_admin(http_url: str, probe: Probe) -> None:
    response = post_signed(http_url, slash_command_body(PROBE, user_id=STRANGER))

    assert response.status_code == 200
    assert response.text == (
        "You're not on Cadence's roster yet — ask an admin (ops@acme.example) to add you."
    )
    assert not probe.finished.wait(0.2)


def test_someone_off_the_roster_gets_a_modal_when_clicking_a_button(
    http_url: str, fake_slack: SimulatedSlack
) -> None:
    response = post_signed(http_url, block_actions_body(user_id=STRANGER, action_id="open_form"))

    assert response.status_code == 200
    [modal] = fake_slack.modals()
    assert "not on Cadence's roster" in str(modal["blocks"])


def test_someone_off_the_roster_sees_a_minimal_app_home(
    http_url: str, fake_slack: SimulatedSlack
) -> None:
    body = event_callback_body(app_home_opened_event(STRANGER))

    response = post_signed(http_url, body)

    assert response.status_code == 200
    [home] = fake_slack.views_published(STRANGER)
    assert "ask an admin (ops@acme.example)" in str(home["blocks"])


def test_a_failing_listener_answers_with_an_apology_and_no_traceback(http_url: str) -> None:
    response = post_signed(http_url, slash_command_body(BROKEN, user_id=MANAGER))

    assert response.status_code == 200
    assert response.json()["response_type"] == "ephemeral"
    assert is_apology(response.json()["text"])


def test_the_apology_names_the_error_id_of_the_log_line(
    http_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    response = post_signed(http_url, slash_command_body(BROKEN, user_id=MANAGER))

    [error_id] = re.findall(r"error id ([0-9a-f]{8})", response.json()["text"])
    [logged] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error_id in logged.getMessage()
    assert logged.exc_info is not None


def test_a_listener_failing_after_its_ack_apologises_by_dm_where_it_cannot_post(
    http_url: str, fake_slack: SimulatedSlack
) -> None:
    body = slash_command_body(BROKEN_AFTER_ACK, user_id=MANAGER, channel_id="C0NOTJOINED")

    response = post_signed(http_url, body)

    assert response.text == "On it"
    assert wait_until(
        lambda: [is_apology(m.text) for m in fake_slack.messages_to(MANAGER)] == [True]
    )


def is_apology(text: str) -> bool:
    """The apology, with an error id the person can quote."""
    return (
        re.fullmatch(re.escape(APOLOGY).replace(r"\{error_id\}", "[0-9a-f]{8}"), text) is not None
    )


def wait_until(condition: Callable[[], bool], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# --- Socket Mode --------------------------------------------------------------------------------


@pytest.fixture
def socket_mode(app: App, fake_slack: SimulatedSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as server:
        fake_slack.socket_mode_url = server.url
        handler = socket_mode_handler(app, app_token=fake_slack.app_token)
        handler.connect()  # type: ignore[no-untyped-call]
        try:
            server.wait_for_connection()
            yield server
        finally:
            handler.close()  # type: ignore[no-untyped-call]


def test_socket_mode_connects_through_the_configured_api_base_url(
    socket_mode: FakeSocketMode, fake_slack: SimulatedSlack
) -> None:
    [call] = fake_slack.calls("apps.connections.open")

    assert call.headers["authorization"] == f"Bearer {fake_slack.app_token}"


def test_socket_mode_acks_a_slash_command_before_the_slow_work(
    socket_mode: FakeSocketMode, probe: Probe
) -> None:
    started = time.monotonic()
    envelope_id = socket_mode.push_slash_command(slash_command_body(PROBE, user_id=MANAGER))
    ack = socket_mode.wait_for_ack(envelope_id)
    acked_in = time.monotonic() - started

    # Acked while the listener still works (for 2 s), and within the 3 s Slack waits.
    assert not probe.finished.is_set()
    assert acked_in < 3.0
    assert ack["payload"]["text"] == "Hello Mona"
    assert probe.finished.wait(SLOW_WORK_SECONDS + 3)


def test_socket_mode_turns_away_someone_off_the_roster(
    socket_mode: FakeSocketMode, fake_slack: SimulatedSlack
) -> None:
    command = socket_mode.push_slash_command(slash_command_body(PROBE, user_id=STRANGER))
    event = socket_mode.push_event(event_callback_body(app_home_opened_event(STRANGER)))

    assert "not on Cadence's roster" in socket_mode.wait_for_ack(command)["payload"]["text"]
    assert socket_mode.wait_for_ack(event)["envelope_id"] == event
    assert "not on Cadence's roster" in str(fake_slack.views_published(STRANGER)[0]["blocks"])


# --- cadence-bot serve --------------------------------------------------------------------------


@pytest.fixture
def serve_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_slack: SimulatedSlack
) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no stray .env
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
        "CADENCE_CONFIG": str(EXAMPLE_CONFIG),
        "SLACK_BOT_TOKEN": fake_slack.token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_BASE_URL": fake_slack.base_url,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("SLACK_APP_TOKEN", "AUTO_MIGRATE", "PORT"):
        monkeypatch.delenv(name, raising=False)
    return env


def test_serve_refuses_a_database_that_is_not_migrated(
    serve_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["serve"])

    assert code == 2
    assert (
        f"The database at {serve_env['DATABASE_URL']} is not migrated: run `cadence-bot migrate`"
        in capsys.readouterr().err
    )


def test_serve_refuses_several_workers_on_sqlite(
    serve_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["serve", "--workers", "2"])

    assert code == 1
    assert "SQLite is for one process; use PostgreSQL" in capsys.readouterr().err


def test_serve_in_http_mode_names_the_missing_signing_secret(
    serve_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SLACK_SIGNING_SECRET")

    assert main(["serve"]) == 2
    assert "SLACK_SIGNING_SECRET is not set" in capsys.readouterr().err


def test_serve_syncs_the_roster_serves_http_and_stops_on_sigterm(
    serve_env: dict[str, str], fake_slack: SimulatedSlack
) -> None:
    upgrade(serve_env["DATABASE_URL"])
    port = free_port()
    command = [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())", "serve"]
    bot = subprocess.Popen(command, env={**os.environ, "PORT": str(port)}, stderr=subprocess.PIPE)
    try:
        health = wait_for_health(f"http://127.0.0.1:{port}/healthz", timeout=20)
        readiness = httpx.get(f"http://127.0.0.1:{port}/readyz").json()
    finally:
        bot.send_signal(signal.SIGTERM)
        _, log = bot.communicate(timeout=20)

    assert health == {"ok": True, "database": "ok"}, log.decode()
    assert readiness == {"ok": True, "database": "ok", "slack": "ok", "scheduler": "ok"}
    assert bot.returncode == 0
    assert fake_slack.calls("users.list")


def test_serve_in_socket_mode_answers_probes_on_port_and_logs_json_lines(
    serve_env: dict[str, str], fake_slack: SimulatedSlack
) -> None:
    upgrade(serve_env["DATABASE_URL"])
    # Everyone has a Slack account, as in a real workspace: whatever comes due at the hour the
    # test runs is delivered, so a WARNING below is a real fault, never "not in Slack".
    for person in load_operating_system(EXAMPLE_CONFIG).roster:
        fake_slack.add_user(person.email, person.name, tz=person.timezone)
    port = free_port()
    command = [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())", "serve"]
    env = {**os.environ, "PORT": str(port), "SLACK_APP_TOKEN": fake_slack.app_token}
    with FakeSocketMode() as socket_server:
        fake_slack.socket_mode_url = socket_server.url
        bot = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
        try:
            ready = wait_for_health(f"http://127.0.0.1:{port}/readyz", timeout=20)
            socket_server.wait_for_connection()
            metrics = httpx.get(f"http://127.0.0.1:{port}/metrics").text
        finally:
            bot.send_signal(signal.SIGTERM)
            _, log = bot.communicate(timeout=20)
            socket_server.disconnect()

    assert ready == {"ok": True, "database": "ok", "slack": "ok", "scheduler": "ok"}, log.decode()
    assert "cadence_outbox_depth" in metrics
    lines = [json.loads(line) for line in log.decode().splitlines() if line.strip()]
    assert any(line["message"].startswith("Roster synced") for line in lines)
    assert not [line for line in lines if line["level"] == "WARNING"]
    assert not [line for line in lines if "Running job" in line["message"]]


def test_slack_run_starts_the_bot_in_socket_mode_with_the_clis_tokens(
    serve_env: dict[str, str], fake_slack: SimulatedSlack, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_BOT")},
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PORT": str(port),
        # What the Slack CLI hands its start hook.
        "SLACK_CLI_XOXB": fake_slack.token,
        "SLACK_CLI_XAPP": fake_slack.app_token,
    }
    with FakeSocketMode() as socket_server:
        fake_slack.socket_mode_url = socket_server.url
        bot = subprocess.Popen(
            ["sh", str(REPO / ".slack" / "start.sh")],
            cwd=tmp_path,
            env=env,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            ready = wait_for_health(f"http://127.0.0.1:{port}/readyz", timeout=30)
            socket_server.wait_for_connection()
        finally:
            bot.send_signal(signal.SIGTERM)
            _, log = bot.communicate(timeout=20)
            socket_server.disconnect()

    assert ready == {"ok": True, "database": "ok", "slack": "ok", "scheduler": "ok"}, log.decode()
    assert fake_slack.calls("apps.connections.open")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_health(url: str, *, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return httpx.get(url).json()
        except httpx.TransportError:
            time.sleep(0.1)
    return None


# --- the manifest -------------------------------------------------------------------------------


def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "manifest.yml").read_text(encoding="utf-8"))
    return loaded


def test_the_manifest_installs_what_cadence_uses() -> None:
    app = manifest()

    assert app["settings"]["socket_mode_enabled"] is True
    assert app["settings"]["interactivity"]["is_enabled"] is True
    assert "app_home_opened" in app["settings"]["event_subscriptions"]["bot_events"]
    assert app["features"]["app_home"]["home_tab_enabled"] is True
    assert {"chat:write", "commands", "im:write", "users:read.email"} <= set(
        app["oauth_config"]["scopes"]["bot"]
    )


def test_the_manifest_declares_exactly_the_slash_commands_the_app_registers(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    registered: list[str] = []
    command = App.command

    def recording(self: App, name: str, *args: Any, **kwargs: Any) -> Any:
        registered.append(name)
        return command(self, name, *args, **kwargs)

    monkeypatch.setattr(App, "command", recording)
    create_app(container)

    in_manifest = {c["command"] for c in manifest()["features"]["slash_commands"]}
    assert sorted(registered) == sorted(in_manifest)
