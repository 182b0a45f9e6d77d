"""The simulated Slack must be trustworthy: each test drives it with the real `WebClient`."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.error import URLError
from urllib.parse import parse_qs

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from bot.simulated_slack import BOT_USER_ID, SimulatedSlack
from bot.simulated_slack.signing import (
    app_home_opened_event,
    block_actions_body,
    event_callback_body,
    plain_text_value,
    signed_headers,
    slash_command_body,
    view_submission_body,
)

SECRET = "test-signing-secret"


def section(text: str = "hello", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def modal(title: str = "Log 1:1", blocks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "one_on_one",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": blocks if blocks is not None else [section()],
    }


def slack_error(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


# --- users --------------------------------------------------------------------------------------


def test_users_list_pages_through_every_member_with_cursors(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    emails = [f"rep{i}@example.com" for i in range(5)]
    for email in emails:
        fake_slack.add_user(email, email.split("@")[0])

    # SlackResponse iteration follows next_cursor, reusing one response object.
    pages = [page["members"] for page in fake_slack_client.users_list(limit=2)]

    assert [len(members) for members in pages] == [2, 2, 1]
    assert [m["profile"]["email"] for members in pages for m in members] == emails
    assert len(fake_slack.calls("users.list")) == 3


def test_members_carry_time_zone_and_flags(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("ada@example.com", "Ada", tz="Europe/Berlin", is_bot=True)

    member = fake_slack_client.users_info(user=user_id)["user"]

    assert member["tz"] == "Europe/Berlin"
    assert member["tz_offset"] in (3600, 7200)
    assert member["is_bot"] is True and member["deleted"] is False
    assert member["profile"]["real_name"] == "Ada"


def test_lookup_by_email_finds_the_user_or_answers_users_not_found(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("Ada@Example.com", "Ada")

    found = fake_slack_client.users_lookupByEmail(email="ada@example.com")
    with pytest.raises(SlackApiError) as missing:
        fake_slack_client.users_lookupByEmail(email="nobody@example.com")

    assert found["user"]["id"] == user_id
    assert slack_error(missing) == "users_not_found"


def test_an_invalid_cursor_is_rejected(fake_slack_client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.users_list(cursor="not-a-cursor")

    assert slack_error(excinfo) == "invalid_cursor"


# --- DMs and messages ---------------------------------------------------------------------------


def test_conversations_open_returns_the_same_dm_channel_every_time(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("ada@example.com", "Ada")

    first = fake_slack_client.conversations_open(users=user_id)["channel"]["id"]
    second = fake_slack_client.conversations_open(users=[user_id])["channel"]["id"]

    assert first == second and first.startswith("D")


def test_a_deleted_user_cannot_be_messaged(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("gone@example.com", "Gone", deleted=True)

    with pytest.raises(SlackApiError) as opening:
        fake_slack_client.conversations_open(users=user_id)
    with pytest.raises(SlackApiError) as posting:
        fake_slack_client.chat_postMessage(channel=user_id, text="Forecast due")

    assert slack_error(opening) == "user_not_found"
    assert slack_error(posting) == "account_inactive"
    assert fake_slack.messages_to(user_id) == []


def test_a_user_can_be_failed_permanently_with_any_error(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("ada@example.com", "Ada")
    channel = fake_slack_client.conversations_open(users=user_id)["channel"]["id"]
    fake_slack.fail_user(user_id, "user_disabled")

    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.chat_postMessage(channel=channel, text="Forecast due")

    assert slack_error(excinfo) == "user_disabled"


def test_post_message_and_history_round_trip_metadata(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("ada@example.com", "Ada")
    channel = fake_slack_client.conversations_open(users=user_id)["channel"]["id"]
    metadata = {"event_type": "cadence_nudge", "event_payload": {"occurrence_id": 42}}

    posted = fake_slack_client.chat_postMessage(
        channel=channel, text="Forecast due", metadata=metadata
    )
    # Form encoding carries the metadata as a JSON string.
    fake_slack_client.api_call(
        "chat.postMessage",
        data={"channel": channel, "text": "Reminder", "metadata": json.dumps(metadata)},
    )
    history = fake_slack_client.conversations_history(channel=channel, include_all_metadata=True)
    plain = fake_slack_client.conversations_history(channel=channel)

    assert posted["channel"] == channel and posted["message"]["metadata"] == metadata
    assert [m["text"] for m in history["messages"]] == ["Reminder", "Forecast due"]
    assert all(m["metadata"] == metadata for m in history["messages"])
    assert all("metadata" not in m for m in plain["messages"])
    assert [m.text for m in fake_slack.messages_to(user_id)] == ["Forecast due", "Reminder"]


def test_history_honours_oldest_and_limit(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel("C0LEADERS")
    ts = [fake_slack_client.chat_postMessage(channel=channel, text=str(i))["ts"] for i in range(4)]

    newer = fake_slack_client.conversations_history(channel=channel, oldest=ts[1])
    limited = fake_slack_client.conversations_history(channel=channel, limit=2)

    assert [m["text"] for m in newer["messages"]] == ["3", "2"]
    assert [m["text"] for m in limited["messages"]] == ["3", "2"]
    assert limited["has_more"] is True


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_needs_a_known_channel_and_some_text(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel()

    with pytest.raises(SlackApiError) as unknown:
        fake_slack_client.chat_postMessage(channel="C0MISSING", text="hi")
    with pytest.raises(SlackApiError) as empty:
        fake_slack_client.chat_postMessage(channel=channel)
    with pytest.raises(SlackApiError) as too_long:
        fake_slack_client.chat_postMessage(channel=channel, text="x" * 40_001)

    assert slack_error(unknown) == "channel_not_found"
    assert slack_error(empty) == "no_text"
    assert slack_error(too_long) == "msg_too_long"


def test_update_and_delete_change_the_stored_message(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("ada@example.com", "Ada")
    first = fake_slack_client.chat_postMessage(channel=user_id, text="Forecast due")
    second = fake_slack_client.chat_postMessage(channel=user_id, text="Reminder")

    fake_slack_client.chat_update(
        channel=first["channel"], ts=first["ts"], text="Done :white_check_mark:"
    )
    fake_slack_client.chat_delete(channel=second["channel"], ts=second["ts"])
    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.chat_update(channel=first["channel"], ts="1.000001", text="x")

    assert [m.text for m in fake_slack.messages_to(user_id)] == ["Done :white_check_mark:"]
    assert slack_error(excinfo) == "message_not_found"


def test_ephemeral_messages_are_kept_apart(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("ada@example.com", "Ada")
    channel = fake_slack.add_channel()

    answer = fake_slack_client.chat_postEphemeral(channel=channel, user=user_id, text="Only you")

    assert answer["message_ts"]
    assert [(e.user, e.text) for e in fake_slack.state.ephemerals] == [(user_id, "Only you")]
    assert fake_slack.messages_in(channel) == []


def test_concurrent_posts_get_distinct_increasing_timestamps(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel()

    def post() -> None:
        for _ in range(10):
            fake_slack_client.chat_postMessage(channel=channel, text="hi")

    threads = [threading.Thread(target=post) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stamps = [m.ts for m in fake_slack.messages_in(channel)]
    assert len(set(stamps)) == 50
    assert stamps == sorted(stamps, key=float)


# --- Block Kit ----------------------------------------------------------------------------------


def test_a_modal_title_of_25_characters_is_rejected_with_a_pointer(
    fake_slack_client: WebClient,
) -> None:
    fake_slack_client.views_open(trigger_id="t", view=modal(title="x" * 24))
    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.views_open(trigger_id="t", view=modal(title="x" * 25))

    assert slack_error(excinfo) == "invalid_arguments"
    assert excinfo.value.response["response_metadata"]["messages"] == [
        "[ERROR] must be at most 24 characters [json-pointer:/view/title/text]"
    ]


def test_a_message_of_51_blocks_is_rejected(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel()

    fake_slack_client.chat_postMessage(channel=channel, text="ok", blocks=[section()] * 50)
    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.chat_postMessage(channel=channel, text="no", blocks=[section()] * 51)

    assert slack_error(excinfo) == "invalid_blocks"
    assert "[json-pointer:/blocks]" in excinfo.value.response["errors"][0]
    assert len(fake_slack.messages_in(channel)) == 1


def button(text: str = "Open", action_id: str = "open") -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id}


def option(text: str, value: str = "v") -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def static_select(options: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "static_select", "action_id": "pick", "options": options}


def input_block(element: dict[str, Any], label: str = "Notes") -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": "notes",
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


TOO_LONG = "x" * 3001

INVALID_BLOCKS = {
    "section text over 3000": ([section(TOO_LONG)], "/blocks/0/text/text"),
    "11 section fields": (
        [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
        "/blocks/0/fields",
    ),
    "section field over 2000": (
        [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
        "/blocks/0/fields/0/text",
    ),
    "header over 150": (
        [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
        "/blocks/0/text/text",
    ),
    "button text over 75": (
        [{"type": "actions", "elements": [button(text="b" * 76)]}],
        "/blocks/0/elements/0/text/text",
    ),
    "action_id over 255": (
        [{"type": "actions", "elements": [button(action_id="a" * 256)]}],
        "/blocks/0/elements/0/action_id",
    ),
    "block_id over 255": ([section(block_id="b" * 256)], "/blocks/0/block_id"),
    "26 actions": (
        [{"type": "actions", "elements": [button(action_id=f"b{i}") for i in range(26)]}],
        "/blocks/0/elements",
    ),
    "101 select options": (
        [section(accessory=static_select([option(str(i)) for i in range(101)]))],
        "/blocks/0/accessory/options",
    ),
    "option text over 75": (
        [section(accessory=static_select([option("o" * 76)]))],
        "/blocks/0/accessory/options/0/text/text",
    ),
    "duplicate block_id": ([section(block_id="same"), section(block_id="same")], "/blocks/1"),
    "duplicate action_id": (
        [{"type": "actions", "elements": [button(), button()]}],
        "/blocks/0/elements/1",
    ),
}


@pytest.mark.parametrize(("blocks", "pointer"), INVALID_BLOCKS.values(), ids=list(INVALID_BLOCKS))
def test_messages_breaking_a_block_kit_limit_are_rejected(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient, blocks: list[Any], pointer: str
) -> None:
    channel = fake_slack.add_channel()

    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.chat_postMessage(channel=channel, text="t", blocks=blocks)

    assert slack_error(excinfo) == "invalid_blocks"
    messages = excinfo.value.response["response_metadata"]["messages"]
    assert any(m.endswith(f"[json-pointer:{pointer}]") for m in messages), messages


INVALID_VIEWS = {
    "101 blocks": (modal(blocks=[section()] * 101), "/view/blocks"),
    "submit over 24": (
        {**modal(), "submit": {"type": "plain_text", "text": "s" * 25}},
        "/view/submit/text",
    ),
    "private_metadata over 3000": (
        {**modal(), "private_metadata": TOO_LONG},
        "/view/private_metadata",
    ),
    "callback_id over 255": ({**modal(), "callback_id": "c" * 256}, "/view/callback_id"),
    "input label over 2000": (
        modal(blocks=[input_block({"type": "plain_text_input", "action_id": "n"}, "l" * 2001)]),
        "/view/blocks/0/label/text",
    ),
    "max_length over 3000": (
        modal(
            blocks=[input_block({"type": "plain_text_input", "action_id": "n", "max_length": 3001})]
        ),
        "/view/blocks/0/element/max_length",
    ),
    "modal without title": ({"type": "modal", "blocks": []}, "/view"),
}


@pytest.mark.parametrize(("view", "pointer"), INVALID_VIEWS.values(), ids=list(INVALID_VIEWS))
def test_views_breaking_a_block_kit_limit_are_rejected(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient, view: dict[str, Any], pointer: str
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.views_open(trigger_id="t", view=view)

    assert slack_error(excinfo) == "invalid_arguments"
    messages = excinfo.value.response["response_metadata"]["messages"]
    assert any(m.endswith(f"[json-pointer:{pointer}]") for m in messages), messages
    assert fake_slack.modals() == []


def test_a_view_at_every_limit_is_accepted(fake_slack_client: WebClient) -> None:
    blocks = [
        section("s" * 3000, block_id="b" * 255),
        {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}},
        {"type": "actions", "elements": [button(action_id=f"b{i}") for i in range(25)]},
        section(accessory=static_select([option("o" * 75, str(i)) for i in range(100)])),
        input_block({"type": "plain_text_input", "action_id": "n", "max_length": 3000}),
        *[section()] * 95,
    ]
    view = {**modal(title="t" * 24, blocks=blocks), "private_metadata": "p" * 3000}

    opened = fake_slack_client.views_open(trigger_id="t", view=view)

    assert len(opened["view"]["blocks"]) == 100


# --- views --------------------------------------------------------------------------------------


def test_views_open_update_and_push_keep_the_modal_stack(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    opened = fake_slack_client.views_open(trigger_id="t", view=modal())["view"]
    updated = fake_slack_client.views_update(
        view_id=opened["id"], hash=opened["hash"], view=modal(title="Saved")
    )["view"]
    pushed = fake_slack_client.views_push(trigger_id="t2", view=modal(title="Details"))["view"]
    with pytest.raises(SlackApiError) as stale:
        fake_slack_client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal())

    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    assert pushed["id"] != opened["id"]
    assert [v["title"]["text"] for v in fake_slack.modals()] == ["Saved", "Details"]
    assert slack_error(stale) == "hash_conflict"


def test_views_publish_keeps_every_home_tab_per_user(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("ada@example.com", "Ada")
    home = {"type": "home", "blocks": [section("Open items: 2")]}

    first = fake_slack_client.views_publish(user_id=user_id, view=home)["view"]
    second = fake_slack_client.views_publish(
        user_id=user_id, view={**home, "blocks": [section("Open items: 1")]}
    )["view"]
    with pytest.raises(SlackApiError) as modal_as_home:
        fake_slack_client.views_publish(user_id=user_id, view=modal())

    assert first["id"] == second["id"]
    texts = [v["blocks"][0]["text"]["text"] for v in fake_slack.views_published(user_id)]
    assert texts == ["Open items: 2", "Open items: 1"]
    assert slack_error(modal_as_home) == "invalid_arguments"


# --- files --------------------------------------------------------------------------------------


def test_files_upload_v2_stores_the_bytes_and_shares_them_to_the_channel(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel()

    answer = fake_slack_client.files_upload_v2(
        channel=channel,
        content="manager,adherence\nAda,0.9\n",
        filename="adherence.csv",
        title="Adherence",
        initial_comment="This week's export",
    )

    (uploaded,) = fake_slack.state.files.values()
    assert answer["file"]["id"] == uploaded.id
    assert uploaded.content == b"manager,adherence\nAda,0.9\n"
    assert (uploaded.title, uploaded.channel_id) == ("Adherence", channel)
    (shared,) = fake_slack.messages_in(channel)
    assert shared.text == "This week's export" and shared.files[0]["id"] == uploaded.id


def test_completing_an_upload_that_never_happened_fails(fake_slack_client: WebClient) -> None:
    url = fake_slack_client.files_getUploadURLExternal(filename="a.txt", length=3)

    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.files_completeUploadExternal(files=[{"id": url["file_id"]}])

    assert slack_error(excinfo) == "file_not_found"


# --- transport, auth, faults --------------------------------------------------------------------


def test_unknown_methods_answer_unknown_method(fake_slack_client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.api_call("chat.sendCarrierPigeon")

    assert excinfo.value.response.status_code == 200
    assert slack_error(excinfo) == "unknown_method"


def test_a_wrong_or_missing_token_is_refused(fake_slack: SimulatedSlack) -> None:
    wrong = WebClient(token="xoxb-wrong", base_url=fake_slack.base_url)
    anonymous = WebClient(base_url=fake_slack.base_url)

    with pytest.raises(SlackApiError) as bad:
        wrong.auth_test()
    with pytest.raises(SlackApiError) as missing:
        anonymous.auth_test()

    assert slack_error(bad) == "invalid_auth"
    assert slack_error(missing) == "not_authed"


def test_the_token_may_also_come_as_a_form_field(fake_slack: SimulatedSlack) -> None:
    client = WebClient(base_url=fake_slack.base_url)

    answer = client.api_call("auth.test", data={"token": fake_slack.token})

    assert answer["user_id"] == BOT_USER_ID


def test_socket_mode_needs_the_app_level_token(fake_slack: SimulatedSlack) -> None:
    app_client = WebClient(token=fake_slack.app_token, base_url=fake_slack.base_url)
    bot_client = WebClient(token=fake_slack.token, base_url=fake_slack.base_url)

    url = app_client.apps_connections_open(app_token=fake_slack.app_token)["url"]
    with pytest.raises(SlackApiError) as excinfo:
        bot_client.apps_connections_open(app_token=fake_slack.token)

    assert url.startswith("ws://")
    assert slack_error(excinfo) == "invalid_auth"


def test_calls_are_recorded_with_params_and_headers(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel()

    fake_slack_client.chat_postMessage(channel=channel, text="hi")

    (call,) = fake_slack.calls("chat.postMessage")
    assert call.params == {"channel": channel, "text": "hi"}
    assert call.headers["authorization"] == f"Bearer {fake_slack.token}"


def test_the_rate_limit_answers_429_with_retry_after(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel()
    fake_slack.rate_limit("chat.postMessage", per_second=2)

    fake_slack_client.chat_postMessage(channel=channel, text="1")
    fake_slack_client.chat_postMessage(channel=channel, text="2")
    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.chat_postMessage(channel=channel, text="3")

    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response.headers["Retry-After"] == "1"
    assert slack_error(excinfo) == "ratelimited"
    assert len(fake_slack.messages_in(channel)) == 2
    assert len(fake_slack.calls("chat.postMessage")) == 3


def test_the_rate_limit_admits_calls_again_after_a_second(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel()
    fake_slack.rate_limit("chat.postMessage", per_second=1)
    fake_slack_client.chat_postMessage(channel=channel, text="1")

    time.sleep(1.05)
    fake_slack_client.chat_postMessage(channel=channel, text="2")

    assert len(fake_slack.messages_in(channel)) == 2


def test_a_scripted_500_fails_once_then_the_call_succeeds(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel()
    fake_slack.fail_next("chat.postMessage", status=500)

    with pytest.raises(SlackApiError) as excinfo:
        fake_slack_client.chat_postMessage(channel=channel, text="1")
    fake_slack_client.chat_postMessage(channel=channel, text="2")

    assert excinfo.value.response.status_code == 500
    assert [m.text for m in fake_slack.messages_in(channel)] == ["2"]


def test_scripted_errors_and_429s_play_in_order(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    user_id = fake_slack.add_user("ada@example.com", "Ada")
    fake_slack.fail_next("conversations.open", error="user_not_found")
    fake_slack.fail_next("conversations.open", status=429, retry_after=7)

    with pytest.raises(SlackApiError) as first:
        fake_slack_client.conversations_open(users=user_id)
    with pytest.raises(SlackApiError) as second:
        fake_slack_client.conversations_open(users=user_id)
    fake_slack_client.conversations_open(users=user_id)

    assert slack_error(first) == "user_not_found"
    assert second.value.response.headers["Retry-After"] == "7"


def test_a_scripted_delay_triggers_a_client_timeout(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    channel = fake_slack.add_channel()
    fake_slack.fail_next("chat.postMessage", delay_seconds=1.0)
    impatient = WebClient(token=fake_slack.token, base_url=fake_slack.base_url, timeout=0.2)  # type: ignore[arg-type]

    with pytest.raises((TimeoutError, URLError)):
        impatient.chat_postMessage(channel=channel, text="slow")
    fake_slack_client.chat_postMessage(channel=channel, text="fast")


def test_latency_slows_every_answer(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    fake_slack.set_latency(0.3, method="auth.test")

    started = time.monotonic()
    fake_slack_client.auth_test()

    assert time.monotonic() - started >= 0.3


def test_a_request_still_delayed_at_reset_leaves_the_new_workspace_alone(
    fake_slack: SimulatedSlack,
) -> None:
    channel = fake_slack.add_channel("C0KEPT")
    fake_slack.fail_next("chat.postMessage", delay_seconds=0.3)
    impatient = WebClient(token=fake_slack.token, base_url=fake_slack.base_url, timeout=0.1)  # type: ignore[arg-type]
    with pytest.raises((TimeoutError, URLError)):
        impatient.chat_postMessage(channel=channel, text="late")

    fake_slack.reset()
    fake_slack.add_channel("C0KEPT")
    time.sleep(0.4)

    assert fake_slack.messages_in(channel) == []
    assert fake_slack.calls() == []


def test_reset_forgets_the_workspace_and_the_faults(
    fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    fake_slack.add_user("ada@example.com", "Ada")
    fake_slack.fail_next("auth.test", status=500)

    fake_slack.reset()

    assert fake_slack_client.auth_test()["ok"]
    assert fake_slack_client.users_list()["members"] == []
    assert [c.method for c in fake_slack.calls()] == ["auth.test", "users.list"]


def test_a_standalone_server_serves_until_stopped() -> None:
    with SimulatedSlack(token="xoxb-custom") as fake:
        client = WebClient(token="xoxb-custom", base_url=fake.base_url)
        assert fake.base_url.endswith("/api/")
        assert client.auth_test()["ok"]

    with pytest.raises(RuntimeError):
        _ = fake.base_url


# --- signed requests to the app -----------------------------------------------------------------


def test_signed_headers_pass_slacks_signature_verifier() -> None:
    body = slash_command_body("/cadence", "help", user_id="U1")
    headers = signed_headers(body, SECRET)
    verifier = SignatureVerifier(SECRET)

    assert verifier.is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + "&x=1", headers)
    assert not SignatureVerifier("other-secret").is_valid_request(body, headers)


def test_an_old_timestamp_is_refused_by_the_verifier() -> None:
    body = event_callback_body(app_home_opened_event("U1"))
    headers = signed_headers(body, SECRET, timestamp=int(time.time()) - 3600)

    assert not SignatureVerifier(SECRET).is_valid_request(body, headers)


def test_interaction_bodies_carry_their_payload_as_form_encoded_json() -> None:
    clicked = block_actions_body(user_id="U1", action_id="open_forecast", value="occ-42")
    submitted = view_submission_body(
        user_id="U1",
        callback_id="forecast",
        values={"commit": {"amount": plain_text_value("120000")}},
        private_metadata="occ-42",
    )

    action = json.loads(parse_qs(clicked)["payload"][0])
    view = json.loads(parse_qs(submitted)["payload"][0])
    assert action["type"] == "block_actions"
    assert action["actions"][0] | {"action_ts": None} == action["actions"][0] | {
        "action_id": "open_forecast",
        "value": "occ-42",
        "action_ts": None,
    }
    assert view["view"]["state"]["values"]["commit"]["amount"]["value"] == "120000"
    assert signed_headers(clicked, SECRET)["content-type"] == "application/x-www-form-urlencoded"


def test_a_bolt_app_handles_signed_requests_against_the_fake(fake_slack: SimulatedSlack) -> None:
    user_id = fake_slack.add_user("ada@example.com", "Ada")
    client = WebClient(token=fake_slack.token, base_url=fake_slack.base_url)
    app = App(signing_secret=SECRET, client=client, process_before_response=True)

    @app.command("/cadence")
    def cadence(ack: Any, command: dict[str, Any], client: WebClient) -> None:
        ack()
        client.chat_postMessage(channel=command["user_id"], text=f"You said {command['text']}")

    @app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": [section()]})

    command = slash_command_body("/cadence", "status", user_id=user_id)
    event = event_callback_body(app_home_opened_event(user_id))
    unsigned = app.dispatch(BoltRequest(body=command, headers={}))
    answered = app.dispatch(BoltRequest(body=command, headers=signed_headers(command, SECRET)))
    opened = app.dispatch(BoltRequest(body=event, headers=signed_headers(event, SECRET)))

    assert unsigned.status == 401
    assert answered.status == 200 and opened.status == 200
    assert [m.text for m in fake_slack.messages_to(user_id)] == ["You said status"]
    assert len(fake_slack.views_published(user_id)) == 1


# --- a virtual clock, trigger ids, what each person was shown ----------------------------------


class VirtualSeconds:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def virtual_slack() -> Iterator[tuple[SimulatedSlack, VirtualSeconds, WebClient]]:
    clock = VirtualSeconds(1_800_000_000.0)
    with SimulatedSlack(clock=clock) as slack:
        yield slack, clock, WebClient(token=slack.token, base_url=slack.base_url)


def test_message_timestamps_follow_the_workspace_clock(
    virtual_slack: tuple[SimulatedSlack, VirtualSeconds, WebClient],
) -> None:
    slack, clock, client = virtual_slack
    user = slack.add_user("ana@example.com", "Ana")
    first = client.chat_postMessage(channel=user, text="one")["ts"]
    clock.now += 3600
    second = client.chat_postMessage(channel=user, text="two")["ts"]
    assert (first, second) == ("1800000000.000000", "1800003600.000000")


def test_the_rate_limit_window_moves_with_the_workspace_clock(
    virtual_slack: tuple[SimulatedSlack, VirtualSeconds, WebClient],
) -> None:
    slack, clock, client = virtual_slack
    slack.rate_limit("auth.test", per_second=1)
    client.auth_test()
    with pytest.raises(SlackApiError) as refused:
        client.auth_test()
    assert refused.value.response.status_code == 429
    clock.now += 1
    assert client.auth_test()["ok"]


def test_an_issued_trigger_opens_one_modal_within_three_seconds(
    virtual_slack: tuple[SimulatedSlack, VirtualSeconds, WebClient],
) -> None:
    slack, clock, client = virtual_slack
    user = slack.add_user("ana@example.com", "Ana")
    trigger = slack.state.issue_trigger(user)
    clock.now += 3
    client.views_open(trigger_id=trigger, view=modal())
    with pytest.raises(SlackApiError) as reused:
        client.views_open(trigger_id=trigger, view=modal())
    assert slack_error(reused) == "exchanged_trigger_id"

    late = slack.state.issue_trigger(user)
    clock.now += 3.5
    with pytest.raises(SlackApiError) as expired:
        client.views_push(trigger_id=late, view=modal())
    assert slack_error(expired) == "expired_trigger_id"


def test_a_strict_workspace_refuses_trigger_ids_it_never_issued(
    virtual_slack: tuple[SimulatedSlack, VirtualSeconds, WebClient],
) -> None:
    slack, _, client = virtual_slack
    client.views_open(trigger_id="made-up", view=modal())  # lenient by default, for tests
    slack.state.strict_triggers = True
    with pytest.raises(SlackApiError) as refused:
        client.views_open(trigger_id="made-up", view=modal())
    assert slack_error(refused) == "invalid_trigger_id"


def test_the_timeline_keeps_what_each_person_was_shown_and_refusals_are_kept(
    virtual_slack: tuple[SimulatedSlack, VirtualSeconds, WebClient],
) -> None:
    slack, clock, client = virtual_slack
    ana = slack.add_user("ana@example.com", "Ana")
    ben = slack.add_user("ben@example.com", "Ben")
    posted = client.chat_postMessage(channel=ana, text="due", blocks=[section("due")])
    clock.now += 60
    client.chat_update(channel=posted["channel"], ts=posted["ts"], text="done")
    client.views_open(trigger_id=slack.state.issue_trigger(ben), view=modal())
    client.views_publish(user_id=ben, view={"type": "home", "blocks": [section("home")]})
    with pytest.raises(SlackApiError):
        client.views_open(trigger_id="t", view=modal(title="x" * 25))

    shown = [(s.user_id, s.kind, s.at) for s in slack.state.timeline]
    assert shown == [
        (ana, "message", 1_800_000_000.0),
        (ana, "update", 1_800_000_060.0),
        (ben, "modal", 1_800_000_060.0),
        (ben, "home", 1_800_000_060.0),
    ]
    assert slack.state.timeline[1].content["text"] == "done"
    assert slack.state.timeline[1].ts == posted["ts"]
    [refusal] = slack.state.refusals
    assert (refusal.method, refusal.error) == ("views.open", "invalid_arguments")
    assert "must be at most 24 characters [json-pointer:/view/title/text]" in refusal.problems


def test_slacks_own_limits_allow_one_post_a_second_in_each_channel(
    virtual_slack: tuple[SimulatedSlack, VirtualSeconds, WebClient],
) -> None:
    slack, clock, client = virtual_slack
    slack.apply_slack_rate_limits()
    ana = slack.add_user("ana@example.com", "Ana")
    ben = slack.add_user("ben@example.com", "Ben")
    client.chat_postMessage(channel=ana, text="one")
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel=ana, text="two")
    assert refused.value.response.headers["Retry-After"] == "1"
    client.chat_postMessage(channel=ben, text="another channel")
    clock.now += 1
    client.chat_postMessage(channel=ana, text="two, a second later")


def test_slacks_own_limits_allow_twenty_users_list_calls_a_minute(
    virtual_slack: tuple[SimulatedSlack, VirtualSeconds, WebClient],
) -> None:
    slack, clock, client = virtual_slack
    slack.apply_slack_rate_limits()
    for _ in range(20):
        client.users_list()
        clock.now += 1
    with pytest.raises(SlackApiError) as refused:
        client.users_list()
    assert refused.value.response.headers["Retry-After"] == "40"
