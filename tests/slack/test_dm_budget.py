"""The daily DM budget: on a busy day the nudges arrive as one DM, and each of its buttons works.

Chi has five items opening at once (a forecast, the team meeting, a deal review and two 1:1s);
the default budget is three DMs a day.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.dm_budget import DEFAULT_DAILY_BUDGET
from bot.domain.occurrence import SkipReason
from bot.persistence.models import Occurrence, OutboxMessage, OutboxState
from bot.services.my_status import my_status
from bot.simulated_slack import APP_ID, TEAM_ID, Message, SimulatedSlack
from bot.simulated_slack.signing import interaction_body
from bot.slack.ids import (
    ActionId,
    BlockId,
    CallbackId,
    PrivateMetadata,
    SnoozeChoice,
    SnoozeRequest,
)
from tests.seeds.team import NOW, messages
from tests.slack.blocks.slack_payloads import block, plain, radio, state, visible_text
from tests.slack.listener_harness import (
    Harness,
    empty,
    eventually,
    migrated_database,
    opened_view,
    start,
)
from tests.slack.test_action_items import deliver
from tests.slack.test_listeners import click, forecast_values, item, meta_of, submit


@pytest.fixture(scope="module")
def listener_database(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    server = lambda: str(request.getfixturevalue("postgres_server_url"))  # noqa: E731
    with migrated_database(backend, tmp_path_factory.mktemp("dm_budget"), server) as url:
        yield url


@pytest.fixture
def harness(listener_database: str, fake_slack: SimulatedSlack) -> Iterator[Harness]:
    harness = start(listener_database, fake_slack)
    yield harness
    empty(harness)


def opening_now(harness: Harness, *items: Occurrence) -> None:
    """Each item's open nudge is due now rather than already sent."""
    with harness.container.unit_of_work() as uow:
        for occurrence in items:
            row = messages(uow.session, occurrence)["open"]
            row.state, row.slack_channel, row.slack_ts = OutboxState.PENDING, None, None
            row.send_after = NOW - timedelta(minutes=1)


def five_items(harness: Harness) -> list[Occurrence]:
    return [
        item(harness, Kind.FORECAST, "chi"),
        item(harness, Kind.TEAM_MEETING, "chi"),
        item(harness, Kind.ACTIVITY, "chi"),
        item(harness, Kind.ONE_ON_ONE, "chi", "ann"),
        item(harness, Kind.ONE_ON_ONE, "chi", "bob"),
    ]


def click_in(
    harness: Harness, user: str, message: Message, block_id: str, action_id: str, **given: Any
) -> None:
    """The user uses the element ``action_id`` of block ``block_id`` in a DM Cadence sent."""
    [block] = [b for b in message.blocks if b.get("block_id") == block_id]
    [element] = [e for e in block["elements"] if e["action_id"] == action_id]
    clicked = {**element, **given, "block_id": block_id, "action_ts": f"{time.time():.6f}"}
    harness.dispatch(
        interaction_body(
            {
                "type": "block_actions",
                "team": {"id": TEAM_ID, "domain": "cadence-test"},
                "user": {"id": harness.user(user), "team_id": TEAM_ID},
                "api_app_id": APP_ID,
                "token": "verification-token-unused",
                "trigger_id": f"{time.time_ns()}.1.budget",
                "container": {
                    "type": "message",
                    "message_ts": message.ts,
                    "channel_id": message.channel,
                    "is_ephemeral": False,
                },
                "channel": {"id": message.channel, "name": "directmessage"},
                "message": message.as_json(include_metadata=False),
                "response_url": f"https://hooks.slack.com/actions/{TEAM_ID}/1/fake",
                "actions": [clicked],
            }
        )
    )


def opened_about(harness: Harness, count: int) -> int | None:
    """The occurrence of the ``count``-th modal opened."""
    opened = eventually(lambda: len(harness.slack.calls("views.open")) >= count)
    assert opened
    view = harness.slack.calls("views.open")[count - 1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    return PrivateMetadata.decode(view["private_metadata"]).occurrence_id


def _snoozed_until(session: Session, occurrence_id: int) -> datetime | None:
    occurrence = session.get(Occurrence, occurrence_id)
    return occurrence.snoozed_until if occurrence else None


def test_five_nudges_due_at_once_arrive_as_one_dm_whose_buttons_each_work(
    harness: Harness,
) -> None:
    items = five_items(harness)
    opening_now(harness, *items)

    deliver(harness)

    [dm] = harness.slack.messages_to(harness.user("chi"))
    assert dm.text.startswith("5 things are due")
    for occurrence in items:
        assert any(
            b.get("block_id") == f"{BlockId.NUDGE_ACTIONS}.{occurrence.id}" for b in dm.blocks
        )
    shown = visible_text(dm.blocks)
    assert "*Weekly 1:1* with Ann Rep" in shown and "*Weekly 1:1* with Bob Rep" in shown
    rows = harness.read(lambda s: list(s.scalars(select(OutboxMessage))))
    opens = [r for r in rows if r.key == "open"]
    [merged] = [r for r in rows if r.purpose == "merged_nudges"]
    assert merged.state is OutboxState.SENT
    assert {(r.state, r.error) for r in opens} == {
        (OutboxState.CANCELLED, f"merged into one DM: outbox {merged.id}")
    }

    # Every item's form button opens that item's form.
    for n, occurrence in enumerate(items, start=1):
        block_id = f"{BlockId.NUDGE_ACTIONS}.{occurrence.id}"
        click_in(harness, "chi", dm, block_id, ActionId.OPEN_FORM)
        assert opened_about(harness, n) == occurrence.id
    # Skip opens the skip form of its own item; snooze snoozes its own item.
    skip_block = f"{BlockId.NUDGE_ACTIONS}.{items[2].id}"
    click_in(harness, "chi", dm, skip_block, ActionId.SKIP)
    assert opened_about(harness, len(items) + 1) == items[2].id
    choice = SnoozeRequest(items[4].id, SnoozeChoice.TWO_HOURS).encode()
    click_in(
        harness,
        "chi",
        dm,
        f"{BlockId.NUDGE_ACTIONS}.{items[4].id}",
        ActionId.SNOOZE,
        type="static_select",
        selected_option={"value": choice, "text": {"type": "plain_text", "text": "In 2 hours"}},
    )
    snoozed = eventually(lambda: harness.read(lambda s: _snoozed_until(s, items[4].id)))
    assert snoozed == NOW + timedelta(hours=2)

    # The forecast submitted from the merged DM's button: the DM is redrawn with it done.
    forecast = items[0]
    values = forecast_values("100000", "120000", "150000")
    assert submit(harness, "chi", CallbackId.FORECAST, values, meta_of(forecast)) == {}
    deliver(harness)
    [redrawn] = [c for c in harness.slack.calls("chat.update") if c.params["ts"] == dm.ts]
    assert ":white_check_mark: ~*Weekly forecast*~" in str(redrawn.params["blocks"])
    assert "4 of 5 things are due" in str(redrawn.params["blocks"])


def test_within_the_budget_each_nudge_is_its_own_dm(harness: Harness) -> None:
    items = five_items(harness)[:DEFAULT_DAILY_BUDGET]
    opening_now(harness, *items)

    deliver(harness)

    dms = harness.slack.messages_to(harness.user("chi"))
    assert len(dms) == DEFAULT_DAILY_BUDGET
    assert not harness.read(
        lambda s: list(
            s.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "merged_nudges"))
        )
    )


def test_what_was_sent_earlier_today_counts_against_the_budget(harness: Harness) -> None:
    harness.container.operating_system = replace(
        harness.container.operating_system,
        nudges=replace(harness.container.operating_system.nudges, daily_budget=2),
    )
    first = item(harness, Kind.FORECAST, "chi")
    opening_now(harness, first)
    deliver(harness)  # one DM today so far
    later = [item(harness, Kind.TEAM_MEETING, "chi"), item(harness, Kind.ACTIVITY, "chi")]
    opening_now(harness, *later)

    deliver(harness)

    dms = harness.slack.messages_to(harness.user("chi"))
    assert len(dms) == 2
    assert dms[1].text.startswith("2 things are due")


def test_only_the_accepted_skip_reasons_are_offered_and_a_skip_carries_no_penalty(
    harness: Harness,
) -> None:
    accepted = (SkipReason.REP_OUT, SkipReason.CUSTOMER_EMERGENCY)
    harness.container.operating_system = replace(
        harness.container.operating_system,
        nudges=replace(harness.container.operating_system.nudges, skip_reasons=accepted),
    )
    forecast = item(harness, Kind.FORECAST, "chi")

    click(harness, "chi", ActionId.SKIP, meta_of(forecast).encode())
    offered = block(opened_view(harness.slack), BlockId.SKIP_REASON)["element"]["options"]
    refused = submit(
        harness,
        "chi",
        CallbackId.SKIP_REASON,
        state(skip_reason=radio("other"), skip_note=plain("Forgot")),
        meta_of(forecast),
    )
    taken = submit(
        harness,
        "chi",
        CallbackId.SKIP_REASON,
        state(skip_reason=radio("rep_out")),
        meta_of(forecast),
    )

    assert [o["value"] for o in offered] == ["rep_out", "customer_emergency"]
    assert refused["errors"] == {"skip_reason": "Choose one of the reasons offered."}
    assert taken == {}
    status = harness.read(
        lambda s: my_status(
            s,
            person_id=harness.team.chi.id,
            operating_system=harness.container.operating_system,
            now=NOW,
        )
    )
    week = status.this_week
    assert (week.skipped, week.judged, week.skipped_by_reason) == (1, 0, {"rep_out": 1})
