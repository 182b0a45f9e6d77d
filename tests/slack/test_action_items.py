"""Action items with a life, through the real app: signed clicks, the fake Slack, both databases.

An item is closed from the rep's summary DM, from the next 1:1's form or with `/cadence items`;
an overdue item's owner gets one reminder, at a time they can be messaged.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from datetime import time as clock
from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.cadence import Kind
from bot.domain.occurrence import SolutionType
from bot.domain.roster import Roster
from bot.domain.working_hours import WorkingHours
from bot.persistence.models import ActionItem, OneOnOneNote, OutboxMessage, TimeOff
from bot.persistence.models.time_off import TimeOffSource
from bot.scheduling.dispatch_worker import slack_dispatcher
from bot.services.action_items import queue_overdue_reminders
from bot.simulated_slack import APP_ID, TEAM_ID, Message, SimulatedSlack
from bot.simulated_slack.signing import block_actions_body, interaction_body
from bot.slack.ids import ActionId, BlockId, CallbackId
from tests.seeds.team import NOW
from tests.slack.blocks.slack_payloads import block, checkboxes, visible_text, with_rows
from tests.slack.listener_harness import (
    Harness,
    empty,
    eventually,
    migrated_database,
    opened_view,
    start,
)
from tests.slack.test_listeners import click, command, item, meta_of, one_on_one_values, submit


@pytest.fixture(scope="module")
def listener_database(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    server = lambda: str(request.getfixturevalue("postgres_server_url"))  # noqa: E731
    with migrated_database(backend, tmp_path_factory.mktemp("items"), server) as url:
        yield url


@pytest.fixture
def harness(listener_database: str, fake_slack: SimulatedSlack) -> Iterator[Harness]:
    harness = start(listener_database, fake_slack)
    yield harness
    empty(harness)


def deliver(harness: Harness) -> None:
    """What the dispatcher would send by NOW, sent to the fake Slack."""
    container = harness.container
    dispatcher = slack_dispatcher(
        container.settings, container.sessions, operating_system=lambda: container.operating_system
    )
    dispatcher.run_until_idle(lambda: NOW)


def earlier_note(harness: Harness, *items: tuple[str, str, date]) -> list[int]:
    """A 1:1 of chi with ann on Mon 16 Nov; ``items`` are (owner, text, due); returns item ids."""
    with harness.container.unit_of_work() as uow:
        team = harness.team
        owners = {"ann": team.ann.id, "chi": team.chi.id}
        note = OneOnOneNote(
            manager_id=team.chi.id,
            rep_id=team.ann.id,
            held_on=date(2026, 11, 16),
            topics="Territory plan",
            solution_type=SolutionType.COACHING,
            version=1,
            submitted_at=datetime(2026, 11, 16, 18, tzinfo=UTC),
            action_items=[
                ActionItem(owner_id=owners[owner], text=text, due_on=due)
                for owner, text, due in items
            ],
        )
        uow.session.add(note)
        uow.session.flush()
        return [i.id for i in note.action_items]


def stored(harness: Harness, item_id: int) -> ActionItem:
    found = harness.read(lambda s: s.get(ActionItem, item_id))
    assert found is not None
    return found


def closed(harness: Harness, item_id: int) -> datetime:
    """When the item was marked done, once the click's listener got there."""
    return eventually(lambda: stored(harness, item_id).done_at)


def done_button(message: Message) -> tuple[str, dict[str, Any]]:
    for b in message.blocks:
        accessory = b.get("accessory") or {}
        if accessory.get("action_id") == ActionId.ACTION_ITEM_DONE:
            return str(b["block_id"]), accessory
    raise AssertionError(f"no Done button in {message.text!r}")


def click_done(harness: Harness, user: str, message: Message) -> None:
    """The user clicks the first Done button of a DM Cadence sent them."""
    block_id, button = done_button(message)
    body = interaction_body(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "cadence-test"},
            "user": {"id": harness.user(user), "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": "verification-token-unused",
            "trigger_id": f"{time.time_ns()}.1.items",
            "container": {
                "type": "message",
                "message_ts": message.ts,
                "channel_id": message.channel,
                "is_ephemeral": False,
            },
            "channel": {"id": message.channel, "name": "directmessage"},
            "message": message.as_json(include_metadata=False),
            "response_url": f"https://hooks.slack.com/actions/{TEAM_ID}/1/fake",
            "actions": [{**button, "block_id": block_id, "action_ts": f"{time.time():.6f}"}],
        }
    )
    harness.dispatch(body)


def told(harness: Harness, user: str) -> list[str]:
    return [
        str(call.params.get("text"))
        for call in harness.slack.calls("chat.postEphemeral")
        if call.params.get("user") == harness.user(user)
    ]


def test_the_rep_closes_an_item_from_the_summary_dm_and_the_dm_shows_it_done(
    harness: Harness,
) -> None:
    one_on_one = item(harness, Kind.ONE_ON_ONE, "chi", "ann")
    assert (
        submit(
            harness,
            "chi",
            CallbackId.ONE_ON_ONE,
            one_on_one_values("ann@acme.example"),
            meta_of(one_on_one),
        )
        == {}
    )
    deliver(harness)
    [summary] = harness.slack.messages_to(harness.user("ann"))
    assert "Your action items" in visible_text(summary.blocks)

    click_done(harness, "ann", summary)

    [updated] = eventually(
        lambda: [c for c in harness.slack.calls("chat.update") if c.params["ts"] == summary.ts]
    )
    [item_row] = harness.read(lambda s: list(s.scalars(select(ActionItem))))
    assert item_row.done_at == NOW
    assert "~Clean up stale deals (due Fri 4 Dec)~ done" in str(updated.params["blocks"])
    assert eventually(lambda: told(harness, "ann")) == [":white_check_mark: Marked done (on time)."]


def test_nobody_else_closes_a_reps_item_and_a_second_click_changes_nothing(
    harness: Harness,
) -> None:
    [item_id] = earlier_note(harness, ("ann", "Send the proposal", date(2026, 12, 4)))

    click(harness, "bob", ActionId.ACTION_ITEM_DONE, str(item_id))
    assert eventually(lambda: told(harness, "bob")) == ["This action item isn't yours to close."]
    assert stored(harness, item_id).done_at is None

    click(harness, "chi", ActionId.ACTION_ITEM_DONE, str(item_id))  # the 1:1's manager may
    assert closed(harness, item_id) == NOW
    click(harness, "ann", ActionId.ACTION_ITEM_DONE, str(item_id))
    assert eventually(lambda: told(harness, "ann")) == ["That action item is already done."]


def test_the_next_1on1_form_offers_what_is_open_and_a_carried_item_is_accepted(
    harness: Harness,
) -> None:
    # Both were due before this week's 1:1: forms used to refuse such items as "due before
    # the meeting"; now they stay where they were agreed, due when they were due.
    late, carried = earlier_note(
        harness,
        ("ann", "Send the proposal", date(2026, 11, 20)),
        ("chi", "Get pricing approval", date(2026, 11, 27)),
    )
    one_on_one = item(harness, Kind.ONE_ON_ONE, "chi", "ann")

    click(harness, "chi", ActionId.OPEN_FORM, meta_of(one_on_one).encode())
    modal = opened_view(harness.slack)
    offered = block(modal, BlockId.OPEN_ITEMS)["element"]["options"]
    assert [o["value"] for o in offered] == [str(late), str(carried)]
    assert "Rep: Send the proposal, due Fri 20 Nov (overdue)" in offered[0]["text"]["text"]

    values = with_rows(one_on_one_values("ann@acme.example"), open_items=checkboxes([str(late)]))
    reply = submit(harness, "chi", CallbackId.ONE_ON_ONE, values, meta_of(one_on_one))

    assert reply == {}
    assert stored(harness, late).done_at == NOW  # ticked: done, and late (due 20 Nov)
    kept = stored(harness, carried)
    assert (kept.done_at, kept.due_on) == (None, date(2026, 11, 27))
    items_per_note = harness.read(
        lambda s: [
            len(n.action_items) for n in s.scalars(select(OneOnOneNote).order_by(OneOnOneNote.id))
        ]
    )
    assert items_per_note == [2, 1]  # nothing copied into the new note


def test_cadence_items_lists_my_open_items_and_each_done_button_closes_one(
    harness: Harness,
) -> None:
    first, second = earlier_note(
        harness,
        ("ann", "Send the proposal", date(2026, 11, 20)),
        ("ann", "Book the QBR", date(2026, 12, 11)),
    )
    earlier_note(harness, ("chi", "Get pricing approval", date(2026, 11, 27)))

    reply = command(harness, "ann", "/cadence", "items")

    buttons = [b["accessory"]["value"] for b in reply["blocks"] if "accessory" in b]
    assert buttons == [str(first), str(second)]
    shown = visible_text(reply["blocks"])
    assert "Send the proposal (due Fri 20 Nov) :hourglass: overdue · 1:1 with Chi Manager" in shown
    assert "pricing" not in shown

    # Each answer comes after its click's ack: wait for it, as a person would, before the next.
    for n, item_id in enumerate(buttons, start=1):
        click(harness, "ann", ActionId.ACTION_ITEM_DONE, item_id)
        assert closed(harness, int(item_id)) == NOW
        assert eventually(lambda n=n: len(told(harness, "ann")) == n)
    assert told(harness, "ann") == [
        ":white_check_mark: Marked done (late, but done).",
        ":white_check_mark: Marked done (on time).",
    ]
    assert "No open action items" in body_of_items(harness, "ann")


def body_of_items(harness: Harness, user: str) -> str:
    return str(command(harness, user, "/cadence", "items")["text"])


def test_an_overdue_item_gets_one_reminder_whose_button_closes_it(harness: Harness) -> None:
    # Due Monday 30 Nov; NOW is Wednesday 09:00 in Chicago: working hours, so at once.
    [item_id] = earlier_note(harness, ("ann", "Send the proposal", date(2026, 11, 30)))
    os = harness.container.operating_system

    with harness.container.unit_of_work() as uow:
        assert queue_overdue_reminders(uow.session, os, now=NOW) == 1
    with harness.container.unit_of_work() as uow:
        assert queue_overdue_reminders(uow.session, os, now=NOW) == 0
    deliver(harness)

    [reminder] = harness.slack.messages_to(harness.user("ann"))
    assert "was due Mon 30 Nov" in visible_text(reminder.blocks)
    click_done(harness, "ann", reminder)
    assert closed(harness, item_id) == NOW
    rows = harness.read(lambda s: list(s.scalars(select(OutboxMessage))))
    assert [(r.purpose, r.state.value) for r in rows] == [("action_item_overdue", "sent")]


def test_the_reminder_waits_for_the_owner_to_be_back_and_is_dropped_once_done(
    harness: Harness,
) -> None:
    [item_id] = earlier_note(harness, ("ann", "Send the proposal", date(2026, 11, 30)))
    with harness.container.unit_of_work() as uow:
        uow.session.add(
            TimeOff(
                person_id=harness.team.ann.id,
                starts_on=date(2026, 12, 2),
                ends_on=date(2026, 12, 4),
                source=TimeOffSource.SLACK,
                reason="time off",
            )
        )
    with harness.container.unit_of_work() as uow:
        queue_overdue_reminders(uow.session, harness.container.operating_system, now=NOW)

    [row] = harness.read(lambda s: list(s.scalars(select(OutboxMessage))))
    # Away Wednesday to Friday: Monday 7 December, the organisation's 08:00 in Chicago.
    assert row.send_after == datetime(2026, 12, 7, 14, tzinfo=UTC)

    click(harness, "ann", ActionId.ACTION_ITEM_DONE, str(item_id))
    closed(harness, item_id)
    [row] = harness.read(lambda s: list(s.scalars(select(OutboxMessage))))
    assert (row.state.value, row.error) == ("cancelled", "action item done")


def test_the_reminder_goes_at_the_start_of_the_owners_own_working_hours(
    harness: Harness,
) -> None:
    # Ann works 10:00-16:00 in Chicago; NOW is Wednesday 09:00 there: before her hours.
    os = harness.container.operating_system
    ann = replace(
        os.roster[harness.team.ann.email], working_hours=WorkingHours(clock(10), clock(16))
    )
    harness.container.operating_system = replace(
        os, roster=Roster([ann, *(p for p in os.roster if p.email != ann.email)])
    )
    earlier_note(harness, ("ann", "Send the proposal", date(2026, 11, 30)))
    with harness.container.unit_of_work() as uow:
        assert queue_overdue_reminders(uow.session, harness.container.operating_system, now=NOW)

    [row] = harness.read(lambda s: list(s.scalars(select(OutboxMessage))))
    assert row.send_after == datetime(2026, 12, 2, 16, tzinfo=UTC)


def test_choosing_the_rep_of_an_ad_hoc_1on1_offers_that_reps_open_items(harness: Harness) -> None:
    [ann_item] = earlier_note(harness, ("ann", "Send the proposal", date(2026, 12, 4)))
    command(harness, "chi", "/cadence", "1on1")
    modal = opened_view(harness.slack)
    assert not any(b.get("block_id") == BlockId.OPEN_ITEMS for b in modal["blocks"])

    harness.dispatch(
        block_actions_body(
            user_id=harness.user("chi"),
            action_id=ActionId.ONE_ON_ONE_REP,
            block_id=BlockId.REP,
            action={"type": "static_select", "selected_option": {"value": "ann@acme.example"}},
            view={**modal, "id": "V0ADHOC", "hash": "1.hash"},
        )
    )

    updated = eventually(lambda: harness.slack.calls("views.update"))[-1].params["view"]
    updated = json.loads(updated) if isinstance(updated, str) else updated
    offered = block(updated, BlockId.OPEN_ITEMS)["element"]["options"]
    assert [o["value"] for o in offered] == [str(ann_item)]
