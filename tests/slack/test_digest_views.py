"""The digest in Slack, from the seeded quarter (tests/seeds/quarter.py): what Dana Lee gets.

Every message and modal goes through a real ``WebClient`` to the fake Slack, which rejects
Block Kit beyond Slack's limits.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.digest import Digest
from bot.reporting.chart import digest_chart
from bot.services.digests import build_digest, build_manager_summary
from bot.simulated_slack import SimulatedSlack
from bot.slack.blocks.adjustment_modal import (
    AdjustmentForm,
    AdjustmentInput,
    AdjustmentRef,
    adjustment_modal,
    parse_adjustment,
)
from bot.slack.blocks.digest import ManagerDetailRef, digest_message
from bot.slack.blocks.digest_detail import manager_detail_modal
from bot.slack.blocks.digest_wording import manager_line
from bot.slack.delivery.report_sender import send_digest, send_manager_summary
from bot.slack.ids import ActionId, InvalidReference
from tests.seeds.quarter import CARLOS, DANA, JORDAN, example_os, seed_quarter
from tests.slack.blocks.slack_payloads import elements, serialised, visible_text

OS = example_os()
WEEK = date(2026, 10, 19)
NOW = datetime(2026, 10, 19, 14, tzinfo=UTC)


@pytest.fixture
def digest(session: Session) -> Digest:
    seed_quarter(session, OS)
    return build_digest(session, OS, leader_email=DANA, week_start=WEEK, now=NOW)


def test_the_digest_and_its_chart_land_in_the_leaders_dm(
    digest: Digest, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    dana = fake_slack.add_user(DANA, "Dana Lee")
    chart = digest_chart(digest)

    ref = send_digest(fake_slack_client, channel_or_user=dana, digest=digest, chart_png=chart)

    posted, upload = fake_slack.messages_to(dana)
    assert (ref.channel, ref.ts) == (posted.channel, posted.ts)
    assert "Rhythm slipped: 67% on time last week" in visible_text(posted.blocks)
    assert [f["name"] for f in upload.files] == ["cadence-digest-2026-10-19.png"]
    (stored,) = fake_slack.state.files.values()
    assert stored.content == chart and stored.channel_id == posted.channel


def test_rows_come_in_attention_order_with_not_enough_responses_for_a_small_sample(
    digest: Digest,
) -> None:
    shown = visible_text(serialised(digest_message(digest).blocks))
    carlos = shown.index("*Carlos Mendoza*")
    assert carlos < shown.index("*Jordan Ellis*") < shown.index("*Aisha Brooks*")
    carlos_line = shown[carlos:].splitlines()[1]
    assert "reps: not enough responses" in carlos_line
    assert "missed Weekly team meeting" in carlos_line
    assert "reps say 60% coached (5 answers, usefulness 3.0/5)" in shown  # Jordan's team
    assert "Not submitted: Jordan Ellis." in shown
    assert "• *Jordan Ellis*: Weekly forecast" in shown


def test_details_opens_the_managers_modal(
    digest: Digest, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    buttons = [
        b
        for b in elements(serialised(digest_message(digest).blocks))
        if b["action_id"] == ActionId.MANAGER_DETAIL
    ]
    assert len(buttons) == 3
    ref = ManagerDetailRef.decode(buttons[1]["value"])
    assert ref == ManagerDetailRef(JORDAN, WEEK)

    modal = manager_detail_modal(digest, ref.manager)
    response = fake_slack_client.views_open(trigger_id="1.2.fake", view=modal.to_dict())

    assert response["ok"]
    shown = visible_text(fake_slack.modals()[0])
    assert "Jordan Ellis" in shown and "1 skipped, skip reasons: other 1" in shown


def test_adjust_forecast_opens_the_leaders_modal_for_the_period_shown(
    digest: Digest, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    (adjust,) = [
        b
        for b in elements(serialised(digest_message(digest).blocks))
        if b["action_id"] == ActionId.ADJUST_FORECAST
    ]
    ref = AdjustmentRef.decode(adjust["value"])
    assert ref == AdjustmentRef(date(2026, 10, 12))

    form = AdjustmentForm(ref.period_start, "USD", D(80_000), "on track")
    response = fake_slack_client.views_open(trigger_id="1.2.fake", view=adjustment_modal(form))

    assert response["ok"]
    shown = visible_text(fake_slack.modals()[0])
    assert "week of *Mon 12 Oct*" in shown and "Standing: $80,000 (on track)" in shown


@pytest.mark.parametrize(
    ("amount", "note", "errors"),
    [
        (None, None, {"adjustment_amount", "adjustment_note"}),
        ("lots", "why", {"adjustment_amount"}),
        ("1.234", "why", {"adjustment_amount"}),
        ("250000", "  ", {"adjustment_note"}),
    ],
)
def test_an_adjustment_needs_a_money_amount_and_a_note(
    amount: str | None, note: str | None, errors: set[str]
) -> None:
    values = {
        "adjustment_amount": {"adjustment_amount": {"type": "number_input", "value": amount}},
        "adjustment_note": {"adjustment_note": {"type": "plain_text_input", "value": note}},
    }
    parsed = parse_adjustment(values)
    assert isinstance(parsed, dict) and set(parsed) == errors


def test_an_adjustment_is_parsed() -> None:
    values = {
        "adjustment_amount": {"adjustment_amount": {"type": "number_input", "value": "250000"}},
        "adjustment_note": {"adjustment_note": {"type": "plain_text_input", "value": " Two "}},
    }
    assert parse_adjustment(values) == AdjustmentInput(D(250_000), "Two")


def test_a_manager_outside_the_digest_has_no_detail(digest: Digest) -> None:
    with pytest.raises(KeyError):
        manager_detail_modal(digest, "oliver@acme.example")


@pytest.mark.parametrize(
    "raw",
    ["", "x" * 400, "[]", '{"m": "a"}', '{"m": 1, "w": "2026-10-19"}', '{"m": "a", "w": "soon"}'],
)
def test_a_detail_button_value_cadence_did_not_write_is_refused(raw: str) -> None:
    with pytest.raises(InvalidReference):
        ManagerDetailRef.decode(raw)


def test_a_manager_gets_their_own_summary(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    seed_quarter(session, OS)
    summary = build_manager_summary(session, OS, manager_email=CARLOS, week_start=WEEK, now=NOW)
    carlos = fake_slack.add_user(CARLOS, "Carlos Mendoza")

    send_manager_summary(fake_slack_client, channel_or_user=carlos, summary=summary)

    (posted,) = fake_slack.messages_to(carlos)
    shown = visible_text(posted.blocks)
    assert "*Last week*: 50% on time — 1 on time, 1 missed" in shown
    assert "*Last 8 weeks*: 81% on time" in shown
    assert "reps: not enough responses" in shown
    assert posted.text == "Your week of Mon 12 Oct: 50% on time, 81% over 8 weeks"


def test_a_managers_line_says_how_many_items_were_never_nudged(digest: Digest) -> None:
    row = digest.manager(CARLOS)
    unreached = replace(row, week=replace(row.week, not_nudged=2))

    line = manager_line(unreached, digest.currency)

    assert "2 not nudged" in line
    assert "not nudged" not in manager_line(row, digest.currency)
