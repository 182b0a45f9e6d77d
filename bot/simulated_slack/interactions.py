"""Interactions as Slack builds them from what the workspace holds.

A click comes from a DM the bot posted (its button, the message's channel and ts); a submission
from a modal the bot opened (its id, hash, callback id, private metadata, and state values for
its input blocks, keeping the initial values Slack would keep). Each returns the form body Slack
POSTs; sign it with `signing.signed_headers`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from bot.simulated_slack.signing import interaction_body
from bot.simulated_slack.state import APP_ID, TEAM_ID, Message

TEXT_ELEMENTS = {"plain_text_input", "number_input", "email_text_input", "url_text_input"}
ONE_CHOICE = {"static_select", "radio_buttons"}
MANY_CHOICES = {"multi_static_select", "checkboxes"}


class NoSuchElement(LookupError):
    """The message or modal has no element the interaction names."""


def _user(user_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": TEAM_ID}


def button(
    message: Message, action_id: str, *, block_id: str | None = None
) -> tuple[str, dict[str, Any]]:
    """The block id and the element of the message's button ``action_id`` (in ``block_id``,
    when a message offers the same action once per item, like a merged DM)."""
    for block in message.blocks:
        if block_id is not None and block.get("block_id") != block_id:
            continue
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return str(block["block_id"]), element
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == action_id:
            return str(block["block_id"]), accessory
    raise NoSuchElement(f"no {action_id!r} button in {message.text!r}")


def click_body(
    user_id: str,
    message: Message,
    action_id: str,
    *,
    trigger_id: str,
    option_value: str | None = None,
    block_id: str | None = None,
) -> str:
    """A block_actions request for a click on ``message``'s ``action_id`` element.

    For an overflow menu or a select, ``option_value`` names the option picked."""
    block_id, element = button(message, action_id, block_id=block_id)
    clicked: dict[str, Any] = {
        "type": element["type"],
        "action_id": element["action_id"],
        "block_id": block_id,
        "action_ts": f"{time.time():.6f}",
    }
    if "text" in element:
        clicked["text"] = element["text"]
    if "value" in element:
        clicked["value"] = element["value"]
    if option_value is not None:
        clicked["selected_option"] = _option(element, option_value)
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
            "response_url": f"https://hooks.slack.com/actions/{TEAM_ID}/1/simulated",
            "actions": [clicked],
        }
    )


def submission_body(
    user_id: str, modal: Mapping[str, Any], values: dict[str, dict[str, Any]], *, trigger_id: str
) -> str:
    """A view_submission of ``modal`` (as Slack echoed it when opened) with ``values``."""
    return interaction_body(
        {
            "type": "view_submission",
            "team": {"id": TEAM_ID, "domain": "cadence-test"},
            "user": _user(user_id),
            "api_app_id": APP_ID,
            "token": "verification-token-unused",
            "trigger_id": trigger_id,
            "view": {**modal, "state": {"values": values}},
            "response_urls": [],
            "is_enterprise_install": False,
        }
    )


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
        given = answers[block_id] if block_id in answers else initial_answer(element)
        values[block_id] = {element["action_id"]: _element_state(element, given)}
    unknown = set(answers) - set(values)
    if unknown:
        raise NoSuchElement(f"the modal has no input blocks {sorted(unknown)}")
    return values


def initial_answer(element: Mapping[str, Any]) -> Any:
    """What an input shows before anyone touches it, in the form `state_values` takes."""
    kind = element["type"]
    if kind in TEXT_ELEMENTS:
        return element.get("initial_value")
    if kind in ONE_CHOICE:
        return (element.get("initial_option") or {}).get("value")
    if kind in MANY_CHOICES:
        return [o["value"] for o in element.get("initial_options") or []]
    if kind == "datepicker":
        return element.get("initial_date")
    raise NoSuchElement(f"no state for a {kind} element")


def options_of(element: Mapping[str, Any]) -> list[dict[str, Any]]:
    offered = [*element.get("options", ())]
    for group in element.get("option_groups", ()):
        offered += group["options"]
    return offered


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
    found = next((o for o in options_of(element) if o["value"] == value), None)
    return dict(found) if found else {"text": {"type": "plain_text", "text": value}, "value": value}
