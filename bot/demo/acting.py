"""What a simulated person does in Slack: signed requests into the Bolt app, nothing else.

Clicks are built from the DM as the workspace holds it, submissions from the modal the app
opened, slash commands and App Home visits as Slack sends them; each is signed with the app's
signing secret and handed to ``App.dispatch``, the entry HTTP mode uses. The app's listeners run
inline, so when a request returns, everything it caused in Slack is in the workspace. Every
action and the app's answer to it is journaled, for the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from slack_bolt import App, BoltRequest

from bot.simulated_slack import SimulatedSlack
from bot.simulated_slack.interactions import click_body, state_values, submission_body
from bot.simulated_slack.signing import (
    app_home_opened_event,
    event_callback_body,
    signed_headers,
    slash_command_body,
)
from bot.simulated_slack.state import Message

P = ParamSpec("P")
T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each listener in the calling thread, so a dispatch returns with its work done."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to whoever reads the future, like a pool does
            future.set_exception(error)
        return future


@dataclass(frozen=True)
class Did:
    """One action of a person, placed after the first ``after`` entries of Slack's timeline."""

    after: int
    at: datetime
    email: str
    kind: str  # "click", "submit", "command", "home"
    data: dict[str, Any]


@dataclass
class Hands:
    """Acts for the simulated people; ``clock`` is the demo's virtual now."""

    app: App
    slack: SimulatedSlack
    secret: str
    clock: Callable[[], datetime]
    slack_ids: dict[str, str]
    journal: list[Did] = field(default_factory=list)

    def click(
        self,
        email: str,
        message: Message,
        action_id: str,
        *,
        label: str,
        option: str | None = None,
        block_id: str | None = None,
    ) -> int:
        """Click ``action_id`` (in ``block_id``) on ``message``; the timeline index where its
        effects start."""
        user = self.slack_ids[email]
        trigger = self.slack.state.issue_trigger(user)
        body = click_body(
            user, message, action_id, trigger_id=trigger, option_value=option, block_id=block_id
        )
        start = self._note(email, "click", {"label": label, "ts": message.ts})
        self._dispatch(body)
        return start

    def submit(self, email: str, modal: dict[str, Any], answers: dict[str, Any]) -> dict[str, str]:
        """Submit ``modal`` with ``answers``; the field errors the app answered with, if any."""
        user = self.slack_ids[email]
        values = state_values(modal, answers)
        body = submission_body(user, modal, values, trigger_id=self.slack.state.issue_trigger(user))
        reply = self._dispatch(body)
        errors = reply.get("errors", {}) if reply.get("response_action") == "errors" else {}
        self._note(email, "submit", {"view": modal, "values": values, "errors": errors})
        return dict(errors)

    def command(self, email: str, command: str, text: str) -> str:
        user = self.slack_ids[email]
        body = slash_command_body(
            command,
            text,
            user_id=user,
            trigger_id=self.slack.state.issue_trigger(user),
            response_url=self.slack.response_url,
        )
        reply = self._dispatch(body)
        answer = str(reply.get("text", ""))
        self._note(email, "command", {"command": f"{command} {text}".strip(), "reply": answer})
        return answer

    def open_home(self, email: str) -> None:
        self._note(email, "home", {})
        self._dispatch(event_callback_body(app_home_opened_event(self.slack_ids[email])))

    def _note(self, email: str, kind: str, data: dict[str, Any]) -> int:
        after = len(self.slack.state.timeline)
        self.journal.append(Did(after, self.clock(), email, kind, data))
        return after

    def _dispatch(self, body: str) -> dict[str, Any]:
        headers: dict[str, str | Sequence[str]] = {**signed_headers(body, self.secret)}
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        if response.status != 200:
            raise RuntimeError(f"the app answered {response.status}: {response.body}")
        if not response.body:
            return {}
        try:
            reply = json.loads(response.body)
        except ValueError:
            return {"text": response.body}
        return reply if isinstance(reply, dict) else {}
