"""Nothing unauthenticated or unreadable reaches Bolt: no listener, no error handler, no Slack call.

Requests go over real HTTP (waitress) and the fake Socket Mode WebSocket into the real app.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest
from slack_bolt import BoltRequest

from bot.observability.endpoints import operator_endpoints
from bot.simulated_slack.server import SimulatedSlack
from bot.simulated_slack.signing import signature, signed_headers, slash_command_body
from bot.slack.gate import MAX_BODY_BYTES
from bot.slack.http_server import start_in_thread
from bot.slack.socket_mode import socket_mode_handler
from tests.simulated_slack.socket_mode import FakeSocketMode
from tests.slack.listener_harness import SECRET, Harness, eventually


@pytest.fixture
def http_url(harness: Harness) -> Iterator[str]:
    endpoints = operator_endpoints(harness.container)
    url, stop = start_in_thread(harness.app, endpoints=endpoints, signing_secret=SECRET)
    yield f"{url}/slack/events"
    stop()


@pytest.fixture
def quiet_slack(harness: Harness, fake_slack: SimulatedSlack) -> Iterator[SimulatedSlack]:
    """The fake Slack; the test fails if the app called it after this point."""
    before = len(fake_slack.calls())
    yield fake_slack
    assert fake_slack.calls()[before:] == []


@pytest.fixture
def no_errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def status_command(harness: Harness) -> str:
    return slash_command_body(
        "/cadence", "status", user_id=harness.user("ann"), response_url=harness.slack.response_url
    )


def post(url: str, body: bytes | str, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(url, content=body, headers=headers, timeout=10)


@pytest.mark.usefixtures("no_errors_logged")
@pytest.mark.parametrize("timestamp", ["not-a-time", "1.7e9", "1_700_000_000", "-1", ""])
def test_a_malformed_timestamp_is_refused_and_nobody_is_messaged(
    harness: Harness, http_url: str, quiet_slack: SimulatedSlack, timestamp: str
) -> None:
    body = status_command(harness)
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature(body, "guessed-secret", 0),
    }

    response = post(http_url, body.encode(), headers)

    assert response.status_code in (400, 401)
    assert quiet_slack.messages_to(harness.user("ann")) == []


@pytest.mark.usefixtures("no_errors_logged")
@pytest.mark.parametrize(
    "timestamp",
    ["soon", " 1700000000", "\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660"],
)
def test_the_app_itself_refuses_a_malformed_timestamp_without_its_error_handler(
    harness: Harness, quiet_slack: SimulatedSlack, timestamp: str
) -> None:
    body = status_command(harness)
    headers = {**signed_headers(body, SECRET), "x-slack-request-timestamp": timestamp}

    response = harness.app.dispatch(BoltRequest(body=body, headers=dict(headers)))

    assert response.status == 400


@pytest.mark.usefixtures("no_errors_logged")
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"x-slack-signature": "v0=" + "0" * 64},
        {"x-slack-request-timestamp": str(int(time.time()))},
        {"x-slack-request-timestamp": str(int(time.time())), "x-slack-signature": "v0=zz"},
    ],
    ids=["nothing", "no-timestamp", "no-signature", "malformed-signature"],
)
def test_an_unsigned_request_is_refused(
    harness: Harness, http_url: str, quiet_slack: SimulatedSlack, headers: dict[str, str]
) -> None:
    response = post(http_url, status_command(harness), headers)

    assert response.status_code == 401


@pytest.mark.usefixtures("no_errors_logged")
def test_a_body_over_one_megabyte_is_refused_unread(
    harness: Harness, http_url: str, quiet_slack: SimulatedSlack
) -> None:
    body = status_command(harness) + "&padding=" + "x" * (5 * 1024 * 1024)

    response = post(http_url, body, signed_headers(body, SECRET))

    assert response.status_code == 413


@pytest.mark.usefixtures("no_errors_logged")
def test_a_body_over_one_megabyte_sent_in_chunks_is_refused(
    harness: Harness, http_url: str, quiet_slack: SimulatedSlack
) -> None:
    body = ("{" + " " * MAX_BODY_BYTES + "}").encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    headers = signed_headers(body, SECRET)
    response = httpx.post(http_url, content=chunks(), headers=headers, timeout=10)

    assert response.status_code == 413


@pytest.mark.usefixtures("no_errors_logged")
@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2, 3]",
        b'{"type": "event_callback"',
        b"\xff\xfe\x00binary\x00",
        urlencode({"payload": "[1]"}).encode(),
        urlencode({"payload": "{broken"}).encode(),
        urlencode({"payload": '"a string"'}).encode(),
    ],
    ids=["broken", "list", "truncated", "binary", "payload-list", "payload-broken", "string"],
)
def test_a_signed_body_that_is_not_one_json_object_is_a_bad_request(
    harness: Harness, http_url: str, quiet_slack: SimulatedSlack, body: bytes
) -> None:
    timestamp = int(time.time())
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": str(timestamp),
        "x-slack-signature": signed_signature(body, timestamp),
    }

    response = post(http_url, body, headers)

    assert response.status_code == 400


def signed_signature(body: bytes, timestamp: int) -> str:
    import hashlib
    import hmac

    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()


def test_a_signed_request_still_goes_through(
    harness: Harness, http_url: str, fake_slack: SimulatedSlack
) -> None:
    body = status_command(harness)

    response = post(http_url, body, signed_headers(body, SECRET))

    assert response.status_code == 200
    assert eventually(lambda: fake_slack.state.responses)  # the status, at the response_url


def test_other_paths_and_methods_are_not_found(http_url: str) -> None:
    assert httpx.get(http_url).status_code == 404
    assert httpx.post(http_url.replace("/slack/events", "/elsewhere")).status_code == 404


# --- Socket Mode --------------------------------------------------------------------------------


@pytest.fixture
def socket_mode(harness: Harness, fake_slack: SimulatedSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as server:
        fake_slack.socket_mode_url = server.url
        handler = socket_mode_handler(harness.app, app_token=fake_slack.app_token)
        handler.connect()  # type: ignore[no-untyped-call]
        try:
            server.wait_for_connection()
            yield server
        finally:
            server.disconnect()
            handler.close()  # type: ignore[no-untyped-call]


@pytest.mark.parametrize(
    "message",
    [
        "{not json",
        "[1, 2]",
        json.dumps({"envelope_id": "e1", "type": "interactive", "payload": [1]}),
        json.dumps({"envelope_id": "e2", "type": "slash_commands", "payload": 7}),
    ],
    ids=["broken", "list", "payload-list", "payload-number"],
)
def test_socket_mode_drops_what_it_cannot_parse_and_keeps_serving(
    harness: Harness,
    socket_mode: FakeSocketMode,
    fake_slack: SimulatedSlack,
    caplog: pytest.LogCaptureFixture,
    message: str,
) -> None:
    caplog.set_level(logging.INFO)
    before = len(fake_slack.calls())

    socket_mode.push_raw(message)
    envelope = socket_mode.push_slash_command(status_command(harness))

    assert socket_mode.wait_for_ack(envelope)["envelope_id"] == envelope  # still serving
    assert fake_slack.calls()[before:] == []
    assert any("Dropped a Socket Mode message" in r.getMessage() for r in caplog.records)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
