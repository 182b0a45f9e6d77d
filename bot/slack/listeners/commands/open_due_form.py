"""``/cadence forecast``, ``1on1 [@rep]`` and ``team``: open the form of what is due."""

from __future__ import annotations

import re

from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.services import prefill
from bot.services.errors import NotAllowed
from bot.services.submissions import NOT_YOUR_REP
from bot.slack.ids import PrivateMetadata
from bot.slack.listeners.commands.invocation import Invocation
from bot.slack.listeners.modals.items import item_form
from bot.slack.listeners.modals.one_on_one import one_on_one_form
from bot.slack.listeners.replies import REFUSALS, refusal_text

# Slack escapes a mention in a command's text as <@U123ABC> or <@U123ABC|name>.
MENTION = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$")
NOTHING_OPEN = {
    Kind.FORECAST: "No forecast is open for you right now.",
    Kind.TEAM_MEETING: "No team meeting is waiting for notes from you right now.",
}
MENTION_A_REP = "Mention one of your reps, like `/cadence 1on1 @Sam`, or leave it out to choose."


def open_forecast(call: Invocation) -> None:
    _open_item_of_kind(call, Kind.FORECAST)


def open_team_meeting(call: Invocation) -> None:
    _open_item_of_kind(call, Kind.TEAM_MEETING)


def _open_item_of_kind(call: Invocation, kind: Kind) -> None:
    call.ack()  # finding the item and building its form take queries: after the ack
    call.then_open(lambda: _open_due_item(call, kind))


def _open_due_item(call: Invocation, kind: Kind) -> None:
    container, person = call.container, call.person
    try:
        with container.unit_of_work() as uow:
            item = prefill.open_item_of_kind(
                uow.session,
                person_id=person.id,
                kind=kind,
                now=container.clock(),
                operating_system=container.operating_system,
            )
            view = None
            if item is not None:
                meta = PrivateMetadata(occurrence_id=item.occurrence_id, cadence_id=item.cadence_id)
                view = item_form(uow.session, container, person, meta)
    except REFUSALS as refusal:
        call.respond(text=refusal_text(refusal))
        return
    if view is None:
        call.respond(text=NOTHING_OPEN[kind])
        return
    _open(call, view)


def open_one_on_one(call: Invocation) -> None:
    """With a rep: their planned 1:1 if one is open, else an ad hoc one. Without: choose."""
    rep_slack_id = None
    if call.args:
        mention = MENTION.match(call.args[0])
        if mention is None or len(call.args) > 1:
            call.ack(text=MENTION_A_REP)
            return
        rep_slack_id = mention[1]
    call.ack()
    call.then_open(lambda: _open_one_on_one(call, rep_slack_id))


def _open_one_on_one(call: Invocation, rep_slack_id: str | None) -> None:
    try:
        with call.container.unit_of_work() as uow:
            view = _one_on_one_view(uow.session, call, rep_slack_id)
    except REFUSALS as refusal:
        call.respond(text=refusal_text(refusal))
        return
    _open(call, view)


def _one_on_one_view(session: Session, call: Invocation, rep_slack_id: str | None) -> View:
    container, person = call.container, call.person
    if rep_slack_id is None:
        return one_on_one_form(session, container, person, item=None)
    reps = prefill.choosable_reps(session, manager_id=person.id, item=None)
    rep = next((r for r in reps if r.slack_id == rep_slack_id), None)
    if rep is None:
        raise NotAllowed(NOT_YOUR_REP)
    planned = prefill.open_one_on_one(
        session,
        manager_id=person.id,
        rep_id=rep.id,
        now=container.clock(),
        operating_system=container.operating_system,
    )
    if planned is not None:
        return one_on_one_form(session, container, person, item=planned)
    return one_on_one_form(session, container, person, item=None, rep_email=rep.email)


def _open(call: Invocation, view: View) -> None:
    call.client.views_open(trigger_id=call.trigger_id, view=view)
