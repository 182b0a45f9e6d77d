"""The roster gate: every request learns who is acting, and people not on the roster stop here.

Listeners read ``context["container"]`` and ``context["person"]`` (the acting `Person`, detached
from its session: read its columns, not its relationships). Requests without a user, such as
events about the workspace, pass through with ``person`` set to None. ``context["after_ack"]``
is where listeners hand what they do after their ack (`AfterAck`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt import Ack, BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.bootstrap import Container
from bot.persistence.models import Person
from bot.slack.after_ack import AfterAck
from bot.slack.blocks.inputs import notice_modal

RosterGate = Callable[..., BoltResponse | None]


def hand_over_after_ack(after_ack: AfterAck) -> Callable[..., None]:
    """A global middleware that gives listeners the app's `AfterAck`."""

    def attach(context: BoltContext, next_: Callable[[], None]) -> None:
        context["after_ack"] = after_ack
        next_()

    return attach


def roster_gate(container: Container) -> RosterGate:
    """A global middleware that attaches the container and the acting person to the context."""

    def attach_person(
        context: BoltContext,
        body: dict[str, Any],
        ack: Ack,
        client: WebClient,
        next_: Callable[[], None],
    ) -> BoltResponse | None:
        user_id = context.user_id
        person = acting_person(container, user_id)
        context["container"] = container
        context["person"] = person
        if user_id is None or person is not None:
            next_()
            return None
        admins = container.operating_system.organization.admins
        return turn_away(body, ack=ack, client=client, user_id=user_id, admins=admins)

    return attach_person


def acting_person(container: Container, slack_id: str | None) -> Person | None:
    """The active roster entry of ``slack_id``; people who left the roster count as absent.

    From memory (``ActingPeople``): the gate runs before every ack and must not wait on the
    database."""
    if slack_id is None:
        return None
    return container.acting_people.get(slack_id)


def not_on_roster_text(admins: Sequence[str]) -> str:
    who = f"an admin ({', '.join(admins)})" if admins else "your Cadence admin"
    return f"You're not on Cadence's roster yet — ask {who} to add you."


def turn_away(
    body: dict[str, Any], *, ack: Ack, client: WebClient, user_id: str, admins: Sequence[str]
) -> BoltResponse:
    """Answer someone not on the roster where they asked, and stop the request there."""
    text = not_on_roster_text(admins)
    kind = body.get("type")
    if body.get("command"):
        return ack(text=text)
    if kind == "view_submission":
        return ack(response_action="update", view=notice_modal(text))
    response = ack()
    if kind == "block_actions" and body.get("trigger_id"):
        client.views_open(trigger_id=body["trigger_id"], view=notice_modal(text))
    elif (body.get("event") or {}).get("type") == "app_home_opened":
        client.views_publish(user_id=user_id, view=_home(text))
    return response


def _home(text: str) -> View:
    return View(type="home", blocks=[_section(f"*Welcome to Cadence*\n{text}")])


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))
