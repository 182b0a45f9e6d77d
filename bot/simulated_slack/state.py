"""The simulated workspace: who is in it, what was posted, opened, published and uploaded.

Every Web API request the workspace receives is recorded as a `RecordedCall`, whatever its
outcome, so tests can count attempts (a retried send shows up twice); every refusal is kept in
`refusals`, and everything a person was shown (a DM, an edit of one, a modal, their App Home, a
file) in `timeline`, in order.  Time is `clock()` (epoch seconds): the wall clock, or a virtual
one that a simulation moves.  All mutation goes through `WorkspaceState.lock`; the HTTP
handlers hold it while they read or write.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

TEAM_ID = "T0CADENCE"
TEAM_NAME = "Cadence Test"
APP_ID = "A0CADENCE"
BOT_ID = "B0CADENCE"
BOT_USER_ID = "U0CADBOT1"

Params = dict[str, Any]

# Slack accepts a trigger id for three seconds after the interaction that carried it.
TRIGGER_LIFETIME_SECONDS = 3.0


@dataclass(frozen=True)
class RecordedCall:
    """One request as the workspace received it: method, merged params, lower-cased headers."""

    method: str
    params: Params
    headers: dict[str, str]


@dataclass
class User:
    id: str
    email: str
    name: str
    tz: str
    deleted: bool = False
    is_bot: bool = False
    # A permanent error (e.g. "account_inactive") answered to any DM or message for this user.
    error: str | None = None

    @property
    def dm_channel(self) -> str:
        return "D" + self.id[1:]

    def as_member(self, now: float | None = None) -> dict[str, Any]:
        moment = datetime.now(UTC) if now is None else datetime.fromtimestamp(now, UTC)
        offset = moment.astimezone(ZoneInfo(self.tz)).utcoffset()
        return {
            "id": self.id,
            "team_id": TEAM_ID,
            "name": self.name,
            "real_name": self.name,
            "deleted": self.deleted,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": int(offset.total_seconds()) if offset else 0,
            "profile": {
                "email": self.email,
                "real_name": self.name,
                "display_name": self.name,
            },
        }


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] | None = None
    thread_ts: str | None = None
    files: list[dict[str, Any]] = field(default_factory=list)
    edited: bool = False

    def as_json(self, *, include_metadata: bool = True) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": self.text,
            "ts": self.ts,
        }
        optional = {
            "blocks": self.blocks,
            "thread_ts": self.thread_ts,
            "files": self.files,
            "metadata": self.metadata if include_metadata else None,
            "edited": {"user": BOT_USER_ID, "ts": self.ts} if self.edited else None,
        }
        body.update({key: value for key, value in optional.items() if value})
        return body


@dataclass
class EphemeralMessage:
    channel: str
    user: str
    text: str
    blocks: list[dict[str, Any]]
    ts: str


@dataclass
class View:
    """A modal (opened or pushed) or a published App Home; `view` is the JSON as Slack echoes it."""

    id: str
    user_id: str | None
    trigger_id: str | None
    view: dict[str, Any]

    @property
    def hash(self) -> str:
        return str(self.view["hash"])


@dataclass(frozen=True)
class Shown:
    """Something Slack showed a person, at `at` (epoch seconds): the content as it was then.

    `kind` is "message" (a new DM), "update" (an edit of the DM with `ts`), "ephemeral",
    "modal" (opened or pushed), "modal_update", "home" (a published App Home) or "file".
    """

    at: float
    user_id: str
    kind: str
    content: dict[str, Any]
    ts: str | None = None


@dataclass(frozen=True)
class Refusal:
    """A call the workspace answered with an error: which method, which error, at what time."""

    at: float
    method: str
    error: str
    problems: tuple[str, ...] = ()


@dataclass
class UploadedFile:
    id: str
    filename: str
    length: int
    title: str | None = None
    content: bytes | None = None
    channel_id: str | None = None
    initial_comment: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.filename,
            "title": self.title or self.filename,
            "size": len(self.content or b""),
            "channels": [self.channel_id] if self.channel_id else [],
        }


class WorkspaceState:
    """In-memory Slack workspace: seed it with `add_user` / `add_channel`, then inspect it."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        # Off: trigger ids the workspace never issued are accepted (tests make up their own).
        # On: only issued, unused and unexpired ones open a modal, as on Slack.
        self.strict_triggers = False
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.users: dict[str, User] = {}
            # DM channel id -> user id: every call to a DM looks its user up.
            self._dm_owners: dict[str, str] = {}
            self.channels: set[str] = set()
            self.messages: list[Message] = []
            self.ephemerals: list[EphemeralMessage] = []
            self.views: dict[str, View] = {}
            self.files: dict[str, UploadedFile] = {}
            self.home_history: list[tuple[str, dict[str, Any]]] = []
            # What the app posted to a slash command's or an action's response_url, in order.
            self.responses: list[dict[str, Any]] = []
            self.recorded: list[RecordedCall] = []
            self.refusals: list[Refusal] = []
            self.timeline: list[Shown] = []
            self.triggers: dict[str, tuple[float, str]] = {}  # issued id -> (when, whose)
            self.used_triggers: set[str] = set()
            self._serial = 0
            self._last_ts_micros = 0

    # --- seeding -------------------------------------------------------------------------------

    def add_user(
        self,
        email: str,
        name: str,
        tz: str = "America/Chicago",
        user_id: str | None = None,
        deleted: bool = False,
        is_bot: bool = False,
    ) -> str:
        with self.lock:
            user_id = user_id or self.new_id("U")
            user = User(user_id, email, name, tz, deleted=deleted, is_bot=is_bot)
            self.users[user_id] = user
            self._dm_owners[user.dm_channel] = user_id
            return user_id

    def add_channel(self, channel_id: str | None = None) -> str:
        with self.lock:
            channel_id = channel_id or self.new_id("C")
            self.channels.add(channel_id)
            return channel_id

    def fail_user(self, user_id: str, error: str = "account_inactive") -> None:
        """Make every DM to this user fail permanently with `error`."""
        with self.lock:
            self.users[user_id].error = error

    # --- ids -----------------------------------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        with self.lock:
            self._serial += 1
            return f"{prefix}{self._serial:08d}"

    def next_ts(self) -> str:
        """A Slack message ts from the clock, strictly increasing within this workspace."""
        with self.lock:
            micros = max(int(self.clock() * 1_000_000), self._last_ts_micros + 1)
            self._last_ts_micros = micros
            return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    # --- interactions -------------------------------------------------------------------------

    def issue_trigger(self, user_id: str) -> str:
        """A trigger id for `user_id`'s interaction happening now, as Slack attaches to each."""
        with self.lock:
            trigger_id = f"{int(self.clock())}.{self.new_id('')}.simulated"
            self.triggers[trigger_id] = (self.clock(), user_id)
            return trigger_id

    def trigger_user(self, trigger_id: str) -> str | None:
        with self.lock:
            issued = self.triggers.get(trigger_id)
            return issued[1] if issued else None

    def trigger_problem(self, trigger_id: str) -> str | None:
        """Why views.open / views.push refuse `trigger_id` now, or None; uses it up if fine."""
        with self.lock:
            issued = self.triggers.get(trigger_id)
            if issued is None:
                return "invalid_trigger_id" if self.strict_triggers else None
            if trigger_id in self.used_triggers:
                return "exchanged_trigger_id"
            if self.clock() - issued[0] > TRIGGER_LIFETIME_SECONDS:
                return "expired_trigger_id"
            self.used_triggers.add(trigger_id)
            return None

    def show(self, user_id: str, kind: str, content: dict[str, Any], ts: str | None = None) -> None:
        with self.lock:
            self.timeline.append(Shown(self.clock(), user_id, kind, content, ts))

    def refuse(self, method: str, error: str, problems: list[str] | None = None) -> None:
        with self.lock:
            self.refusals.append(Refusal(self.clock(), method, error, tuple(problems or ())))

    # --- lookups -------------------------------------------------------------------------------

    def user_by_email(self, email: str) -> User | None:
        return next((u for u in self.users.values() if u.email.lower() == email.lower()), None)

    def user_for_channel(self, channel: str) -> User | None:
        """The user behind a DM channel id, or behind a user id used as a channel."""
        user = self.users.get(channel)
        if user is None and (owner := self._dm_owners.get(channel)) is not None:
            user = self.users.get(owner)
        return user

    def channel_exists(self, channel: str) -> bool:
        return channel in self.channels or self.user_for_channel(channel) is not None

    def find_message(self, channel: str, ts: str) -> Message | None:
        return next((m for m in self.messages if m.channel == channel and m.ts == ts), None)

    # --- recorded calls and assertions helpers -------------------------------------------------

    def record(self, call: RecordedCall) -> None:
        with self.lock:
            self.recorded.append(call)

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        with self.lock:
            return [c for c in self.recorded if method is None or c.method == method]

    def messages_in(self, channel: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m.channel == channel]

    def messages_to(self, user_id: str) -> list[Message]:
        """Messages in the bot's DM with this user, oldest first."""
        return self.messages_in(self.users[user_id].dm_channel)

    def views_published(self, user_id: str) -> list[dict[str, Any]]:
        """Every App Home view published for this user, oldest first (the last is what they see)."""
        with self.lock:
            return [view for uid, view in self.home_history if uid == user_id]

    def modals(self) -> list[dict[str, Any]]:
        """Modal views as they stand now (opened or pushed, then maybe updated), oldest first."""
        with self.lock:
            return [v.view for v in self.views.values() if v.view.get("type") == "modal"]
