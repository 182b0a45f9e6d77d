"""Requests *from* Slack to the app's HTTP endpoint, signed the way Slack signs them (v0).

Builders return the raw body; `signed_headers` signs it.  Together they feed Bolt's
`BoltRequest(body=body, headers=signed_headers(body, SECRET))` or a real HTTP POST.
Ids default to the simulated workspace's, so the app under test sees one consistent workspace.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

from bot.simulated_slack.state import APP_ID, BOT_USER_ID, TEAM_ID

DEFAULT_TRIGGER_ID = "12345.98765.abcd2358fdea"


def signature(body: str, secret: str, timestamp: int) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(body: str | bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Headers of a Slack request carrying `body`: signature, timestamp and content type."""
    text = body.decode() if isinstance(body, bytes) else body
    timestamp = int(time.time()) if timestamp is None else timestamp
    is_json = text.lstrip().startswith("{")
    return {
        "content-type": "application/json" if is_json else "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": str(timestamp),
        "x-slack-signature": signature(text, secret, timestamp),
    }


def slash_command_body(
    command: str,
    text: str = "",
    *,
    user_id: str,
    channel_id: str = "D0CADENCE",
    trigger_id: str = DEFAULT_TRIGGER_ID,
    team_id: str = TEAM_ID,
    response_url: str | None = None,
) -> str:
    """A form-encoded slash command, e.g. ``slash_command_body("/cadence", "help", user_id=u)``.

    ``response_url``: where the app's later answers go (``SimulatedSlack.response_url``)."""
    return urlencode(
        {
            "token": "verification-token-unused",
            "team_id": team_id,
            "team_domain": "cadence-test",
            "channel_id": channel_id,
            "channel_name": "directmessage",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url or f"https://hooks.slack.com/commands/{team_id}/1/fake",
            "trigger_id": trigger_id,
        }
    )


def interaction_body(payload: dict[str, Any]) -> str:
    """Interactivity requests are form-encoded with the JSON in a single `payload` field."""
    return urlencode({"payload": json.dumps(payload)})


def _user(user_id: str, team_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id}


def block_actions_body(
    *,
    user_id: str,
    action_id: str,
    value: str | None = None,
    block_id: str = "actions",
    action: dict[str, Any] | None = None,
    channel_id: str | None = None,
    message_ts: str | None = None,
    view: dict[str, Any] | None = None,
    trigger_id: str = DEFAULT_TRIGGER_ID,
    team_id: str = TEAM_ID,
    response_url: str | None = None,
) -> str:
    """A button click (or, with `action`, any element) in a message or, with `view`, a view.

    ``response_url``: where the app's later answers go (``SimulatedSlack.response_url``)."""
    clicked = action or {
        "type": "button",
        "value": value,
        "text": {"type": "plain_text", "text": "x"},
    }
    clicked = {
        **clicked,
        "action_id": action_id,
        "block_id": block_id,
        "action_ts": f"{time.time():.6f}",
    }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team_id, "domain": "cadence-test"},
        "user": _user(user_id, team_id),
        "api_app_id": APP_ID,
        "token": "verification-token-unused",
        "trigger_id": trigger_id,
        "actions": [clicked],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V0VIEW")}
        payload["view"] = view
    else:
        channel = channel_id or "D0CADENCE"
        ts = message_ts or "1700000000.000100"
        payload["container"] = {"type": "message", "message_ts": ts, "channel_id": channel}
        payload["channel"] = {"id": channel, "name": "directmessage"}
        payload["message"] = {"type": "message", "ts": ts, "user": BOT_USER_ID, "text": ""}
        payload["response_url"] = (
            response_url or f"https://hooks.slack.com/actions/{team_id}/1/fake"
        )
    return interaction_body(payload)


def view_submission_body(
    *,
    user_id: str,
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]],
    private_metadata: str = "",
    view_id: str = "V0SUBMIT1",
    trigger_id: str = DEFAULT_TRIGGER_ID,
    team_id: str = TEAM_ID,
) -> str:
    """A modal submission; `values` is ``{block_id: {action_id: {"type": ..., "value": ...}}}``."""
    view = {
        "id": view_id,
        "team_id": team_id,
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "state": {"values": values},
        "hash": "1700000000.fakehash",
        "app_id": APP_ID,
        "bot_id": "B0CADENCE",
    }
    return interaction_body(
        {
            "type": "view_submission",
            "team": {"id": team_id, "domain": "cadence-test"},
            "user": _user(user_id, team_id),
            "api_app_id": APP_ID,
            "token": "verification-token-unused",
            "trigger_id": trigger_id,
            "view": view,
            "response_urls": [],
        }
    )


def plain_text_value(text: str) -> dict[str, Any]:
    """One `plain_text_input` answer in a view_submission's state values."""
    return {"type": "plain_text_input", "value": text}


def event_callback_body(
    event: dict[str, Any], *, team_id: str = TEAM_ID, event_id: str | None = None
) -> str:
    """The Events API envelope around `event`, as JSON."""
    now = int(time.time())
    return json.dumps(
        {
            "token": "verification-token-unused",
            "team_id": team_id,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{time.time_ns()}",
            "event_time": now,
            "authorizations": [
                {
                    "team_id": team_id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }
    )


def app_home_opened_event(user_id: str, *, tab: str = "home") -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": user_id,
        "channel": "D" + user_id[1:],
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }
