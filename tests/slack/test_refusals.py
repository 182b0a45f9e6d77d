"""Every authenticated request ends in an answer the person can read, never Slack's generic error.

A form naming someone else's item, or carrying a ``private_metadata`` Cadence did not write,
is refused the same way for every kind of form; a busy Slack is told as a busy Slack.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.base import Base
from bot.persistence.models import CoachingRating, Occurrence, TimeOff
from bot.services.outcomes import NOT_YOURS
from bot.simulated_slack.signing import (
    block_actions_body,
    slash_command_body,
    view_submission_body,
)
from bot.slack.errors import SLACK_BUSY
from bot.slack.ids import ActionId, CallbackId, PrivateMetadata
from bot.slack.listeners.commands.away import USAGE as AWAY_USAGE
from bot.slack.listeners.commands.rate_coaching import USAGE as RATE_USAGE
from bot.slack.listeners.replies import STALE_BUTTON
from tests.slack.blocks.slack_payloads import (
    multi,
    number,
    picked,
    plain,
    radio,
    state,
    static,
    with_rows,
)
from tests.slack.listener_harness import Harness, body_of, eventually, item


@dataclass(frozen=True)
class Form:
    """One kind of form: who fills it in, whose item it must not take, and a valid answer."""

    callback_id: str
    kind: Kind
    user: str
    other: str
    other_counterpart: str | None
    values: dict[str, Any]
    needs_item: bool  # False: the form also works without an item (ad hoc 1:1, /rate-coaching)


FORMS = [
    Form(
        CallbackId.FORECAST,
        Kind.FORECAST,
        "chi",
        "kol",
        None,
        state(commit=number("1"), best_case=number("2"), pipeline=number("3")),
        needs_item=True,
    ),
    Form(
        CallbackId.ONE_ON_ONE,
        Kind.ONE_ON_ONE,
        "chi",
        "kol",
        "raj",
        with_rows(
            state(
                rep=static("ann@acme.example"),
                held_on=picked(date(2026, 12, 1)),
                topics=plain("Pipeline"),
                solution=static("coaching"),
                focus=radio("skill"),
            )
        ),
        needs_item=False,
    ),
    Form(
        CallbackId.TEAM_MEETING,
        Kind.TEAM_MEETING,
        "chi",
        "kol",
        None,
        state(
            held_on=picked(date(2026, 12, 1)),
            attendees=multi(["ann@acme.example"]),
            agenda_covered=multi(["Wins"]),
            decisions=plain("None"),
        ),
        needs_item=True,
    ),
    Form(
        CallbackId.ACTIVITY,
        Kind.ACTIVITY,
        "chi",
        "kol",
        None,
        {"question.deals": {"question.deals": number("7")}},
        needs_item=True,
    ),
    Form(
        CallbackId.COACHING_RATING,
        Kind.COACHING_PULSE,
        "ann",
        "raj",
        None,
        state(received_coaching=radio("yes"), usefulness=radio("4")),
        needs_item=False,
    ),
    Form(
        CallbackId.SKIP_REASON,
        Kind.FORECAST,
        "chi",
        "kol",
        None,
        state(skip_reason=radio("customer_emergency")),
        needs_item=True,
    ),
]

GARBAGE = [
    "not json",
    "[1, 2]",
    '{"occurrence_id": "seven"}',
    '{"occurrence_id": -1}',
    '{"occurrence_id": 1, "admin": true}',
    '{"occurrence_id": 99999999}',
]


@pytest.fixture
def errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    caplog.set_level(logging.INFO)
    found: list[str] = []
    yield found
    found.extend(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert found == []


def submit_raw(harness: Harness, form: Form, private_metadata: str) -> dict[str, Any]:
    body = view_submission_body(
        user_id=harness.user(form.user),
        callback_id=form.callback_id,
        values=form.values,
        private_metadata=private_metadata,
    )
    return body_of(harness.dispatch(body))


def stored_rows(harness: Harness) -> dict[str, int]:
    """How many rows each table holds, bar the ones a refusal may legitimately read."""

    def count(session: Any) -> dict[str, int]:
        return {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }

    counts: dict[str, int] = harness.read(count)
    return counts


def refusal_text(reply: dict[str, Any]) -> str:
    assert reply["response_action"] == "update", reply
    return str(reply["view"]["blocks"])


@pytest.mark.usefixtures("errors_logged")
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.callback_id)
def test_a_form_naming_someone_elses_item_is_refused_politely(harness: Harness, form: Form) -> None:
    theirs = item(harness, form.kind, form.other, form.other_counterpart)
    before = stored_rows(harness)

    reply = submit_raw(harness, form, PrivateMetadata(occurrence_id=theirs.id).encode())

    assert NOT_YOURS in refusal_text(reply)
    assert stored_rows(harness) == before
    status = harness.read(lambda s: s.get(Occurrence, theirs.id).status)
    assert status is OccurrenceStatus.OPEN


@pytest.mark.usefixtures("errors_logged")
@pytest.mark.parametrize("metadata", GARBAGE)
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.callback_id)
def test_a_form_with_garbage_metadata_is_refused_politely(
    harness: Harness, form: Form, metadata: str
) -> None:
    before = stored_rows(harness)

    reply = submit_raw(harness, form, metadata)

    assert STALE_BUTTON in refusal_text(reply) or NOT_YOURS in refusal_text(reply)
    assert stored_rows(harness) == before


@pytest.mark.usefixtures("errors_logged")
@pytest.mark.parametrize("form", [f for f in FORMS if f.needs_item], ids=lambda f: f.callback_id)
def test_a_form_for_an_item_without_one_is_refused_politely(harness: Harness, form: Form) -> None:
    before = stored_rows(harness)

    reply = submit_raw(harness, form, "")

    assert STALE_BUTTON in refusal_text(reply)
    assert stored_rows(harness) == before


@pytest.mark.usefixtures("errors_logged")
def test_a_submission_without_state_is_answered_on_its_fields(harness: Harness) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")
    body = view_submission_body(
        user_id=harness.user("chi"),
        callback_id=CallbackId.FORECAST,
        values={},
        private_metadata=PrivateMetadata(occurrence_id=forecast.id).encode(),
    )

    reply = body_of(harness.dispatch(body))

    assert reply["response_action"] == "errors"


@pytest.mark.usefixtures("errors_logged")
@pytest.mark.parametrize("value", ["not json", '{"occurrence_id": 0}', "", "99999999"])
@pytest.mark.parametrize("action_id", [ActionId.OPEN_FORM, ActionId.SKIP, ActionId.SNOOZE])
def test_a_button_with_garbage_is_told_it_points_nowhere(
    harness: Harness, action_id: str, value: str
) -> None:
    uid = harness.user("chi")
    action = (
        {"type": "static_select", "selected_option": {"value": value}}
        if action_id == ActionId.SNOOZE
        else None
    )
    harness.dispatch(
        block_actions_body(user_id=uid, action_id=action_id, value=value, action=action)
    )

    told = eventually(lambda: harness.slack.calls("chat.postEphemeral"))
    assert told[0].params["text"] in (STALE_BUTTON, NOT_YOURS)
    assert harness.slack.calls("views.open") == []


# --- a busy Slack -------------------------------------------------------------------------------


def slack_fails_views_open(harness: Harness, status: int) -> None:
    """The next views.open fails after a real network's delay (Bolt returns the ack meanwhile)."""
    error = "ratelimited" if status == 429 else None
    harness.slack.fail_next("views.open", status=status, error=error, delay_seconds=0.2)


def told_texts(harness: Harness) -> list[str]:
    """What the person was told: at the response_url, in an ephemeral message or by DM."""
    calls = harness.slack.calls("chat.postEphemeral") + harness.slack.calls("chat.postMessage")
    answered = [str(r.get("text")) for r in harness.slack.state.responses]
    return answered + [str(call.params.get("text")) for call in calls]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_busy_slack_after_the_forecast_command_says_so_and_logs_a_warning(
    harness: Harness, caplog: pytest.LogCaptureFixture, status: int
) -> None:
    caplog.set_level(logging.INFO)
    item(harness, Kind.FORECAST, "chi")
    slack_fails_views_open(harness, status)

    reply = body_of(
        harness.dispatch(
            slash_command_body(
                "/cadence",
                "forecast",
                user_id=harness.user("chi"),
                response_url=harness.slack.response_url,
            )
        )
    )

    # The Web API is what is busy: the answer goes to the command's response_url.
    answered = lambda: [r.get("text") for r in harness.slack.state.responses]  # noqa: E731
    assert eventually(lambda: SLACK_BUSY in answered()), (reply, told_texts(harness))
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert any(
        "Slack was busy" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
    )


@pytest.mark.parametrize("status", [500, 429])
def test_a_busy_slack_after_a_button_says_so(
    harness: Harness, caplog: pytest.LogCaptureFixture, status: int
) -> None:
    caplog.set_level(logging.INFO)
    forecast = item(harness, Kind.FORECAST, "chi")
    slack_fails_views_open(harness, status)
    uid = harness.user("chi")

    harness.dispatch(
        block_actions_body(
            user_id=uid,
            action_id=ActionId.OPEN_FORM,
            value=PrivateMetadata(occurrence_id=forecast.id).encode(),
            channel_id="D" + uid[1:],
            response_url=harness.slack.response_url,
        )
    )

    assert eventually(lambda: SLACK_BUSY in told_texts(harness))
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


# --- odd but legal input --------------------------------------------------------------------


def command(harness: Harness, user: str, name: str, text: str) -> str:
    """What the person reads: the ack's text, or what followed at the response_url."""
    body = slash_command_body(
        name, text, user_id=harness.user(user), response_url=harness.slack.response_url
    )
    ack = body_of(harness.dispatch(body)).get("text")
    if ack:
        return str(ack)
    return str(eventually(lambda: harness.slack.state.responses)[-1].get("text"))


@pytest.mark.usefixtures("errors_logged")
@pytest.mark.parametrize("score", ["\u00b2", "\u0663", "\uff14", "4.0", "04x", "99999999999"])
def test_rate_coaching_with_a_score_it_does_not_read_shows_the_usage(
    harness: Harness, score: str
) -> None:
    reply = command(harness, "ann", "/rate-coaching", f"{score} thanks")

    assert reply == RATE_USAGE
    assert harness.read(lambda s: s.scalars(select(CoachingRating)).all()) == []


@pytest.mark.usefixtures("errors_logged")
@pytest.mark.parametrize(
    "dates",
    [
        "9999-12-30 9999-12-31",
        "2027-12-30 2027-12-31",
        "0001-01-01 2026-12-31",
        "20261221 20261222",
    ],
)
def test_away_far_ahead_or_at_the_calendars_end_is_answered(harness: Harness, dates: str) -> None:
    reply = command(harness, "chi", "/cadence", f"away {dates}")

    assert AWAY_USAGE in reply
    assert harness.read(lambda s: s.scalars(select(TimeOff)).all()) == []
