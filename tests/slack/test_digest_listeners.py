"""The digest's buttons and ``/cadence adjust``: signed requests into the real app.

Lee Lead leads Chi (Chicago) and Kol (Kolkata); NOW is Wed 2 Dec 2026, in the forecast week of
30 Nov, so the next digest (Mon 7 Dec) reports that week.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.cadence import Kind
from bot.persistence.models import ForecastAdjustment, ForecastSubmission
from bot.services.digests import build_digest
from bot.simulated_slack.signing import block_actions_body, slash_command_body, view_submission_body
from bot.slack.blocks.adjustment_modal import AdjustmentRef
from bot.slack.blocks.digest import AllManagersRef, ManagerDetailRef, digest_message
from bot.slack.ids import ActionId, BlockId, CallbackId
from tests.seeds.team import NOW, WEEK, open_item
from tests.slack.blocks.slack_payloads import visible_text
from tests.slack.listener_harness import (
    Harness,
    body_of,
    eventually,
    opened_view,
)

NEXT_DIGEST = date(2026, 12, 7)
LEAD, CHI = "lead@acme.example", "chi@acme.example"


@pytest.fixture
def chi_forecast(harness: Harness) -> None:
    """Chi's forecast of the week: 100k committed."""
    with harness.container.unit_of_work() as uow:
        chi = uow.session.merge(harness.team.chi)
        occurrence = open_item(uow.session, Kind.FORECAST, chi, period_start=WEEK)
        uow.session.add(
            ForecastSubmission(
                occurrence_id=occurrence.id,
                version=1,
                commit=Decimal(100_000),
                best_case=Decimal(120_000),
                pipeline=Decimal(300_000),
                currency="USD",
                submitted_by_id=chi.id,
                submitted_at=NOW,
            )
        )


def click(harness: Harness, user: str, action_id: str, value: str) -> None:
    uid = harness.user(user)
    harness.dispatch(
        block_actions_body(user_id=uid, action_id=action_id, value=value, channel_id="D" + uid[1:])
    )


def command(harness: Harness, user: str, text: str) -> dict[str, Any]:
    body = slash_command_body("/cadence", text, user_id=harness.user(user))
    return body_of(harness.dispatch(body))


def ephemeral_to(harness: Harness, user: str) -> str:
    uid = harness.user(user)
    found = eventually(lambda: [e for e in harness.slack.state.ephemerals if e.user == uid])
    return found[-1].text


def adjustments(harness: Harness) -> list[ForecastAdjustment]:
    return harness.read(
        lambda s: list(s.scalars(select(ForecastAdjustment).order_by(ForecastAdjustment.id)))
    )


def test_details_opens_the_managers_modal_for_their_leader(harness: Harness) -> None:
    click(harness, "lead", ActionId.MANAGER_DETAIL, ManagerDetailRef(CHI, NEXT_DIGEST).encode())

    modal = opened_view(harness.slack)
    assert modal["callback_id"] == CallbackId.MANAGER_DETAIL
    shown = visible_text(modal)
    assert "Chi Manager" in shown and "Lee Lead's digest of Mon 7 Dec" in shown


@pytest.mark.parametrize(
    ("user", "manager"),
    [("chi", "kol@acme.example"), ("ann", CHI), ("lead", "ann@acme.example")],
    ids=["a-manager", "a-rep", "not-a-manager"],
)
def test_details_is_refused_outside_the_clickers_subtree(
    harness: Harness, user: str, manager: str
) -> None:
    click(harness, user, ActionId.MANAGER_DETAIL, ManagerDetailRef(manager, NEXT_DIGEST).encode())

    assert "Sorry" in ephemeral_to(harness, user)
    assert harness.slack.calls("views.open") == []


def test_a_details_button_cadence_did_not_write_is_refused(harness: Harness) -> None:
    click(harness, "lead", ActionId.MANAGER_DETAIL, '{"m": 1}')

    assert "no longer points" in ephemeral_to(harness, "lead")


def test_see_all_managers_lists_every_manager_of_the_clickers_own_digest(
    harness: Harness,
) -> None:
    click(harness, "lead", ActionId.ALL_MANAGERS, AllManagersRef(NEXT_DIGEST).encode())

    modal = opened_view(harness.slack)
    assert modal["callback_id"] == CallbackId.ALL_MANAGERS
    shown = visible_text(modal)
    assert "Chi Manager" in shown and "Kol Manager" in shown


@pytest.mark.parametrize("user", ["chi", "ann"], ids=["a-manager", "a-rep"])
def test_see_all_managers_is_refused_to_anyone_but_a_leader(harness: Harness, user: str) -> None:
    click(harness, user, ActionId.ALL_MANAGERS, AllManagersRef(NEXT_DIGEST).encode())

    assert "Sorry" in ephemeral_to(harness, user)
    assert harness.slack.calls("views.open") == []


def test_cadence_adjust_is_shown_beside_the_total_in_the_next_digest(
    harness: Harness, chi_forecast: None
) -> None:
    reply = command(harness, "lead", "adjust 250000 Pulled in two deals")

    assert "week of Mon 30 Nov is $250,000 (Pulled in two deals)" in reply["text"]
    (stored,) = adjustments(harness)
    assert (stored.leader_id, stored.period_start, stored.amount, stored.note) == (
        harness.team.lead.id,
        WEEK,
        Decimal(250_000),
        "Pulled in two deals",
    )
    digest = harness.read(
        lambda s: build_digest(
            s,
            harness.container.operating_system,
            leader_email=LEAD,
            week_start=NEXT_DIGEST,
            now=NOW,
        )
    )
    forecast = digest.headline.forecast
    assert (forecast.period_start, forecast.commit) == (WEEK, Decimal(100_000))  # not inside
    assert (forecast.adjustment, forecast.leader_commit) == (Decimal(250_000), Decimal(350_000))
    chi = digest.manager(CHI).forecast.current
    assert chi is not None and chi.commit == Decimal(100_000)
    shown = visible_text(digest_message(digest).blocks_as_dicts())
    assert "Forecast for the week of Mon 30 Nov: $100,000" in shown
    assert "your call $350,000 (+$250,000: Pulled in two deals)" in shown


def test_a_negative_adjustment_cuts_the_leaders_call_but_not_the_managers_total(
    harness: Harness, chi_forecast: None
) -> None:
    command(harness, "lead", "adjust -40000 Haircut on the Initech renewal")

    digest = harness.read(
        lambda s: build_digest(
            s,
            harness.container.operating_system,
            leader_email=LEAD,
            week_start=NEXT_DIGEST,
            now=NOW,
        )
    )
    forecast = digest.headline.forecast
    assert forecast.commit == Decimal(100_000)
    assert (forecast.adjustment, forecast.leader_commit) == (Decimal(-40_000), Decimal(60_000))
    shown = visible_text(digest_message(digest).blocks_as_dicts())
    assert "your call $60,000 (-$40,000: Haircut on the Initech renewal)" in shown


def test_the_latest_adjustment_stands(harness: Harness, chi_forecast: None) -> None:
    command(harness, "lead", "adjust 250000 Pulled in two deals")
    command(harness, "lead", "adjust 1,000 One slipped")

    digest = harness.read(
        lambda s: build_digest(
            s,
            harness.container.operating_system,
            leader_email=LEAD,
            week_start=NEXT_DIGEST,
            now=NOW,
        )
    )
    assert digest.headline.forecast.adjustment_notes == ("One slipped",)
    assert len(adjustments(harness)) == 2  # append-only


@pytest.mark.parametrize(
    ("user", "text", "answer"),
    [
        ("chi", "adjust 250000 Pulled in", "Only leaders"),
        ("ann", "adjust 250000 Pulled in", "Only leaders"),
        ("lead", "adjust 250000", "Give the amount and why"),
        ("lead", "adjust lots of money", "`lots` is not an amount"),
        ("lead", "adjust 1.234 Cut", "at most 2 decimals"),
    ],
)
def test_cadence_adjust_refuses_what_it_cannot_store(
    harness: Harness, user: str, text: str, answer: str
) -> None:
    assert answer in command(harness, user, text)["text"]
    assert adjustments(harness) == []


def test_the_adjust_button_opens_the_modal_and_its_submission_is_saved(
    harness: Harness,
) -> None:
    ref = AdjustmentRef(WEEK)
    click(harness, "lead", ActionId.ADJUST_FORECAST, ref.encode())
    modal = opened_view(harness.slack)
    assert modal["callback_id"] == CallbackId.ADJUST_FORECAST
    assert "week of *Mon 30 Nov*" in visible_text(modal)

    def submit(amount: str, note: str | None) -> dict[str, Any]:
        values: dict[str, dict[str, dict[str, Any]]] = {
            BlockId.ADJUSTMENT_AMOUNT: {
                BlockId.ADJUSTMENT_AMOUNT: {"type": "number_input", "value": amount}
            },
            BlockId.ADJUSTMENT_NOTE: {
                BlockId.ADJUSTMENT_NOTE: {"type": "plain_text_input", "value": note}
            },
        }
        body = view_submission_body(
            user_id=harness.user("lead"),
            callback_id=CallbackId.ADJUST_FORECAST,
            values=values,
            private_metadata=modal["private_metadata"],
        )
        return body_of(harness.dispatch(body))

    assert set(submit("250000", None)["errors"]) == {BlockId.ADJUSTMENT_NOTE}
    assert submit("250000", "Pulled in two deals") == {}
    (stored,) = adjustments(harness)
    assert (stored.period_start, stored.amount) == (WEEK, Decimal(250_000))


def test_the_adjust_button_is_refused_to_a_manager(harness: Harness) -> None:
    click(harness, "chi", ActionId.ADJUST_FORECAST, AdjustmentRef(WEEK).encode())

    assert "Only leaders" in ephemeral_to(harness, "chi")
    assert harness.slack.calls("views.open") == []
