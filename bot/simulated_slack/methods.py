"""One handler per Web API method, answering with the JSON shapes of Slack's method reference.

A handler returns the body of a successful answer (without ``ok``) or raises `SlackError`.
The server has already checked the token and applied faults; handlers run under the state lock.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bot.simulated_slack import block_kit
from bot.simulated_slack.state import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    TEAM_ID,
    TEAM_NAME,
    EphemeralMessage,
    Message,
    Params,
    UploadedFile,
    User,
    View,
    WorkspaceState,
)


class SlackError(Exception):
    """An ``{"ok": false, "error": ...}`` answer, with Slack's optional detailed problems."""

    def __init__(self, error: str, problems: list[str] | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.problems = problems or []

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.problems:
            body["errors"] = self.problems
            body["response_metadata"] = {"messages": [f"[ERROR] {p}" for p in self.problems]}
        return body


@dataclass(frozen=True)
class ApiCall:
    state: WorkspaceState
    params: Params
    server_url: str  # e.g. "http://127.0.0.1:5123/", for URLs the workspace hands out
    socket_mode_url: str | None = None  # a `FakeSocketMode` the test started, if any


Handler = Callable[[ApiCall], dict[str, Any]]

# Methods that need the app-level token (xapp-...) instead of the bot token.
APP_LEVEL_METHODS = frozenset({"apps.connections.open"})


# --- parameters ------------------------------------------------------------------------------


def _required(params: Params, name: str, error: str = "invalid_arguments") -> str:
    value = params.get(name)
    if value in (None, ""):
        raise SlackError(error, [f"missing required field: {name}"])
    return str(value)


def _json(params: Params, name: str, error: str = "invalid_arguments") -> Any:
    """A structured argument: a dict/list in JSON bodies, a JSON string in form bodies."""
    value = params.get(name)
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise SlackError(error, [f"{name} is not valid JSON"]) from None


def _int(params: Params, name: str, default: int) -> int:
    try:
        return int(params.get(name, default))
    except (TypeError, ValueError):
        raise SlackError("invalid_arguments", [f"{name} must be an integer"]) from None


def _flag(params: Params, name: str) -> bool:
    return str(params.get(name, "")).lower() in ("1", "true")


def _page(items: list[Any], params: Params, *, default_limit: int) -> tuple[list[Any], str]:
    """Cursor paging: the slice for `cursor`/`limit` and the next cursor ("" on the last page)."""
    start = 0
    if params.get("cursor"):
        try:
            start = int(base64.b64decode(str(params["cursor"])).decode().split(":")[1])
        except (ValueError, IndexError):
            raise SlackError("invalid_cursor") from None
    limit = _int(params, "limit", default_limit) or len(items)
    end = start + limit
    next_cursor = base64.b64encode(f"next:{end}".encode()).decode() if end < len(items) else ""
    return items[start:end], next_cursor


def _ts(value: str) -> Decimal:
    return Decimal(value or "0")


# --- auth and users --------------------------------------------------------------------------


def auth_test(call: ApiCall) -> dict[str, Any]:
    return {
        "url": "https://cadence-test.slack.com/",
        "team": TEAM_NAME,
        "user": "cadence",
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }


def apps_connections_open(call: ApiCall) -> dict[str, Any]:
    if call.socket_mode_url is not None:
        return {"url": call.socket_mode_url}
    # Nothing listens here: a test that connects starts a `FakeSocketMode` first.
    host = call.server_url.removeprefix("http://")
    return {"url": f"ws://{host}link/?ticket=fake-ticket&app_id={APP_ID}"}


def users_list(call: ApiCall) -> dict[str, Any]:
    members = [u.as_member(call.state.clock()) for u in call.state.users.values()]
    page, next_cursor = _page(members, call.params, default_limit=0)
    return {
        "members": page,
        "cache_ts": int(call.state.clock()),
        "response_metadata": {"next_cursor": next_cursor},
    }


def _user(call: ApiCall, user_id: str) -> User:
    user = call.state.users.get(user_id)
    if user is None:
        raise SlackError("user_not_found")
    return user


def users_info(call: ApiCall) -> dict[str, Any]:
    user = _user(call, _required(call.params, "user", "user_not_found"))
    return {"user": user.as_member(call.state.clock())}


def users_lookup_by_email(call: ApiCall) -> dict[str, Any]:
    user = call.state.user_by_email(_required(call.params, "email", "users_not_found"))
    if user is None:
        raise SlackError("users_not_found")
    return {"user": user.as_member(call.state.clock())}


# --- conversations and messages --------------------------------------------------------------


def conversations_open(call: ApiCall) -> dict[str, Any]:
    user_ids = _required(call.params, "users", "user_not_found").split(",")
    if len(user_ids) != 1:
        raise SlackError("not_supported_by_fake", ["only 1:1 DMs are supported"])
    user = _user(call, user_ids[0].strip())
    if user.error:
        raise SlackError(user.error)
    if user.deleted:
        raise SlackError("user_not_found")
    return {"channel": {"id": user.dm_channel, "is_im": True, "user": user.id}}


def _channel(call: ApiCall, *, writing: bool = True, argument: str = "channel") -> str:
    """The channel named by the call; a user id means the bot's DM with that user, as on Slack.

    Writing to the DM of a deleted (or failed) user is refused, reading its history is not.
    """
    channel = _required(call.params, argument, "channel_not_found")
    if not call.state.channel_exists(channel):
        raise SlackError("channel_not_found")
    user = call.state.user_for_channel(channel)
    if user is None:
        return channel
    if writing and (user.error or user.deleted):
        raise SlackError(user.error or "account_inactive")
    return user.dm_channel


def _content(call: ApiCall) -> tuple[str, list[dict[str, Any]]]:
    text = call.params.get("text") or ""
    blocks = _json(call.params, "blocks", "invalid_blocks_format")
    if not text and not blocks and not call.params.get("attachments"):
        raise SlackError("no_text")
    problems = block_kit.message_problems(text=text, blocks=blocks)
    if problems:
        too_long = len(text) > block_kit.MESSAGE_TEXT_MAX_CHARS
        raise SlackError("msg_too_long" if too_long else "invalid_blocks", problems)
    return str(text), blocks or []


def _metadata(call: ApiCall) -> dict[str, Any] | None:
    metadata = _json(call.params, "metadata", "invalid_metadata_format")
    if metadata is None:
        return None
    if not (
        isinstance(metadata, dict)
        and isinstance(metadata.get("event_type"), str)
        and isinstance(metadata.get("event_payload"), dict)
    ):
        raise SlackError("invalid_metadata_format", ["needs event_type and event_payload"])
    return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}


def chat_post_message(call: ApiCall) -> dict[str, Any]:
    channel = _channel(call)
    text, blocks = _content(call)
    message = Message(
        channel=channel,
        ts=call.state.next_ts(),
        text=text,
        blocks=blocks,
        metadata=_metadata(call),
        thread_ts=call.params.get("thread_ts") or None,
    )
    call.state.messages.append(message)
    _show(call, channel, "message", message)
    return {"channel": channel, "ts": message.ts, "message": message.as_json()}


def _existing_message(call: ApiCall) -> Message:
    channel = _channel(call)
    message = call.state.find_message(channel, _required(call.params, "ts", "message_not_found"))
    if message is None:
        raise SlackError("message_not_found")
    return message


def chat_update(call: ApiCall) -> dict[str, Any]:
    message = _existing_message(call)
    message.text, message.blocks = _content(call)
    message.metadata = _metadata(call) or message.metadata
    message.edited = True
    _show(call, message.channel, "update", message)
    return {
        "channel": message.channel,
        "ts": message.ts,
        "text": message.text,
        "message": message.as_json(),
    }


def chat_delete(call: ApiCall) -> dict[str, Any]:
    message = _existing_message(call)
    call.state.messages.remove(message)
    return {"channel": message.channel, "ts": message.ts}


def chat_post_ephemeral(call: ApiCall) -> dict[str, Any]:
    channel = _channel(call)
    user = _user(call, _required(call.params, "user", "user_not_found"))
    text, blocks = _content(call)
    ephemeral = EphemeralMessage(channel, user.id, text, blocks, call.state.next_ts())
    call.state.ephemerals.append(ephemeral)
    call.state.show(user.id, "ephemeral", {"text": text, "blocks": blocks}, ephemeral.ts)
    return {"message_ts": ephemeral.ts}


def conversations_history(call: ApiCall) -> dict[str, Any]:
    channel = _channel(call, writing=False)
    oldest, latest = _ts(call.params.get("oldest", "0")), call.params.get("latest")
    inclusive = _flag(call.params, "inclusive")

    def in_window(m: Message) -> bool:
        after = _ts(m.ts) >= oldest if inclusive else _ts(m.ts) > oldest
        before = latest is None or (
            _ts(m.ts) <= _ts(latest) if inclusive else _ts(m.ts) < _ts(latest)
        )
        return after and before

    # Thread replies live in conversations.replies, not in the channel history.
    top_level = [
        m for m in call.state.messages_in(channel) if in_window(m) and m.thread_ts in (None, m.ts)
    ]
    newest_first = sorted(top_level, key=lambda m: _ts(m.ts), reverse=True)
    page, next_cursor = _page(newest_first, call.params, default_limit=100)
    with_metadata = _flag(call.params, "include_all_metadata")
    return {
        "messages": [m.as_json(include_metadata=with_metadata) for m in page],
        "has_more": bool(next_cursor),
        "pin_count": 0,
        "response_metadata": {"next_cursor": next_cursor},
    }


# --- views -----------------------------------------------------------------------------------


def _view_argument(call: ApiCall) -> dict[str, Any]:
    view = _json(call.params, "view")
    if view is None:
        raise SlackError("invalid_arguments", ["missing required field: view"])
    problems = block_kit.view_problems(view)
    if problems:
        raise SlackError("invalid_arguments", problems)
    assert isinstance(view, dict)  # view_problems rejects anything else
    return view


def _render_view(
    call: ApiCall, view: dict[str, Any], *, view_id: str, **extra: Any
) -> dict[str, Any]:
    rendered = {
        "private_metadata": "",
        "callback_id": "",
        "external_id": "",
        "blocks": [],
        **view,
        "id": view_id,
        "team_id": TEAM_ID,
        "app_id": APP_ID,
        "bot_id": BOT_ID,
        "state": {"values": {}},
        "hash": f"{int(call.state.clock())}.{call.state.new_id('h')}",
        "root_view_id": view_id,
        "previous_view_id": None,
    }
    rendered.update(extra)
    return rendered


def _open_modal(call: ApiCall, **extra: Any) -> dict[str, Any]:
    trigger_id = _required(call.params, "trigger_id")
    view = _view_argument(call)
    if (problem := call.state.trigger_problem(trigger_id)) is not None:
        raise SlackError(problem)
    view_id = call.state.new_id("V")
    rendered = _render_view(call, view, view_id=view_id, **extra)
    user_id = call.state.trigger_user(trigger_id)
    call.state.views[view_id] = View(view_id, user_id, trigger_id, rendered)
    if user_id is not None:
        call.state.show(user_id, "modal", rendered)
    return {"view": rendered}


def views_open(call: ApiCall) -> dict[str, Any]:
    return _open_modal(call)


def views_push(call: ApiCall) -> dict[str, Any]:
    return _open_modal(call, previous_view_id=call.params.get("view_id"))


def _check_hash(call: ApiCall, current: View) -> None:
    expected = call.params.get("hash")
    if expected and expected != current.hash:
        raise SlackError("hash_conflict")


def views_update(call: ApiCall) -> dict[str, Any]:
    view_id, external_id = call.params.get("view_id"), call.params.get("external_id")
    current = next(
        (
            v
            for v in call.state.views.values()
            if (view_id and v.id == view_id)
            or (external_id and v.view.get("external_id") == external_id)
        ),
        None,
    )
    if current is None:
        raise SlackError("not_found")
    _check_hash(call, current)
    current.view = _render_view(call, _view_argument(call), view_id=current.id)
    if current.user_id is not None:
        call.state.show(current.user_id, "modal_update", current.view)
    return {"view": current.view}


def views_publish(call: ApiCall) -> dict[str, Any]:
    user = _user(call, _required(call.params, "user_id", "user_not_found"))
    view = _view_argument(call)
    if view["type"] != "home":
        raise SlackError("invalid_arguments", ["must be home [json-pointer:/view/type]"])
    current = next(
        (v for v in call.state.views.values() if v.user_id == user.id and v.view["type"] == "home"),
        None,
    )
    if current is None:
        current = View(call.state.new_id("V"), user.id, None, {})
        call.state.views[current.id] = current
    else:
        _check_hash(call, current)
    current.view = _render_view(call, view, view_id=current.id)
    call.state.home_history.append((user.id, current.view))
    call.state.show(user.id, "home", current.view)
    return {"view": current.view}


# --- files (the upload v2 flow) --------------------------------------------------------------


def files_get_upload_url_external(call: ApiCall) -> dict[str, Any]:
    filename = _required(call.params, "filename")
    length = _int(call.params, "length", 0)
    if length <= 0:
        raise SlackError("invalid_arguments", ["length must be a positive integer"])
    file_id = call.state.new_id("F")
    call.state.files[file_id] = UploadedFile(file_id, filename, length)
    return {"upload_url": f"{call.server_url}upload/v1/{file_id}", "file_id": file_id}


def receive_upload(state: WorkspaceState, file_id: str, content: bytes) -> bool:
    """Store the bytes POSTed to an upload URL; False when no such URL was handed out."""
    with state.lock:
        uploaded = state.files.get(file_id)
        if uploaded is None:
            return False
        uploaded.content = content
        return True


def files_complete_upload_external(call: ApiCall) -> dict[str, Any]:
    requested = _json(call.params, "files")
    if not isinstance(requested, list) or not requested:
        raise SlackError("invalid_arguments", ["files must be a non-empty JSON array"])
    channel = _channel(call, argument="channel_id") if call.params.get("channel_id") else None
    shared: list[UploadedFile] = []
    for item in requested:
        uploaded = call.state.files.get(str(item.get("id")))
        if uploaded is None or uploaded.content is None:
            raise SlackError("file_not_found", [f"file {item.get('id')} was not uploaded"])
        uploaded.title = item.get("title") or uploaded.filename
        uploaded.channel_id = channel
        uploaded.initial_comment = call.params.get("initial_comment")
        shared.append(uploaded)
    if channel:
        message = Message(
            channel=channel,
            ts=call.state.next_ts(),
            text=call.params.get("initial_comment") or "",
            thread_ts=call.params.get("thread_ts") or None,
            files=[f.as_json() for f in shared],
        )
        call.state.messages.append(message)
        for uploaded in shared:
            content = {
                "name": uploaded.filename,
                "title": uploaded.title,
                "bytes": uploaded.content,
            }
            _show_in(call, channel, "file", content, message.ts)
    return {"files": [f.as_json() for f in shared]}


def _show(call: ApiCall, channel: str, kind: str, message: Message) -> None:
    _show_in(call, channel, kind, {"text": message.text, "blocks": message.blocks}, message.ts)


def _show_in(call: ApiCall, channel: str, kind: str, content: dict[str, Any], ts: str) -> None:
    """What a DM shows its person; messages in other channels have no one person to show."""
    user = call.state.user_for_channel(channel)
    if user is not None:
        call.state.show(user.id, kind, content, ts)


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "apps.connections.open": apps_connections_open,
    "users.list": users_list,
    "users.info": users_info,
    "users.lookupByEmail": users_lookup_by_email,
    "conversations.open": conversations_open,
    "conversations.history": conversations_history,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.postEphemeral": chat_post_ephemeral,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
}
