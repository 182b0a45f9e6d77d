"""People use Cadence in Slack: signed requests into the real app, checked in Slack and the DB."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus, SnoozeChoice
from bot.persistence.models import (
    ActivitySubmission,
    CoachingRating,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    OutboxMessage,
    OutboxState,
    TeamMeetingNote,
    TimeOff,
)
from bot.services.delivery.compose import compose
from bot.services.note_history import one_on_one_versions, team_meeting_versions
from bot.services.submissions import STALE_EDIT
from bot.simulated_slack.signing import (
    app_home_opened_event,
    block_actions_body,
    event_callback_body,
    slash_command_body,
    view_submission_body,
)
from bot.slack.delivery.render import render
from bot.slack.ids import ActionId, CallbackId, PrivateMetadata, SnoozeRequest
from tests.seeds.team import NOW, WEEK, states
from tests.slack.blocks.slack_payloads import (
    block,
    elements,
    multi,
    number,
    picked,
    plain,
    radio,
    state,
    static,
    visible_text,
    with_rows,
)
from tests.slack.listener_harness import (
    Harness,
    body_of,
    eventually,
    item,
    opened_view,
)


def click(harness: Harness, user: str, action_id: str, value: str) -> None:
    uid = harness.user(user)
    harness.dispatch(
        block_actions_body(user_id=uid, action_id=action_id, value=value, channel_id="D" + uid[1:])
    )


def submit(
    harness: Harness, user: str, callback_id: str, values: dict[str, Any], meta: PrivateMetadata
) -> dict[str, Any]:
    body = view_submission_body(
        user_id=harness.user(user),
        callback_id=callback_id,
        values=values,
        private_metadata=meta.encode(),
    )
    return body_of(harness.dispatch(body))


def command(harness: Harness, user: str, name: str, text: str = "") -> dict[str, Any]:
    body = slash_command_body(
        name, text, user_id=harness.user(user), response_url=harness.slack.response_url
    )
    return body_of(harness.dispatch(body))


def answered(harness: Harness, user: str, name: str, text: str = "") -> dict[str, Any]:
    """What a command answered: its ack, or, for an empty ack, its response after the ack."""
    before = len(harness.slack.state.responses)
    reply = command(harness, user, name, text)
    if reply:
        return reply
    return eventually(lambda: harness.slack.state.responses[before:])[0]


def meta_of(occurrence: Occurrence, version_of: int | None = None) -> PrivateMetadata:
    return PrivateMetadata(
        occurrence_id=occurrence.id, cadence_id=occurrence.cadence_id, version_of=version_of
    )


def forecast_values(commit: str, best_case: str, pipeline: str) -> dict[str, Any]:
    return state(
        commit=number(commit),
        best_case=number(best_case),
        pipeline=number(pipeline),
        changes=plain("Globex slipped"),
    )


def outbox(session: Session, purpose: str) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == purpose)))


# --- forecast -------------------------------------------------------------------------------


def test_a_forecast_nudge_opens_a_prefilled_modal_and_its_submission_closes_the_item(
    harness: Harness,
) -> None:
    last_week = item(harness, Kind.FORECAST, "chi", period_start=date(2026, 11, 23))
    this_week = item(harness, Kind.FORECAST, "chi")
    with harness.container.unit_of_work() as uow:
        uow.session.add(
            ForecastSubmission(
                occurrence_id=last_week.id,
                version=1,
                commit=Decimal(90_000),
                best_case=Decimal(120_000),
                pipeline=Decimal(300_000),
                currency="USD",
                submitted_by_id=harness.team.chi.id,
                submitted_at=NOW,
            )
        )

    click(harness, "chi", ActionId.OPEN_FORM, meta_of(this_week).encode())

    modal = opened_view(harness.slack)
    assert modal["callback_id"] == CallbackId.FORECAST
    assert block(modal, "commit")["element"]["initial_value"] == "90000"
    reply = submit(
        harness,
        "chi",
        CallbackId.FORECAST,
        forecast_values("100000", "150000", "400000"),
        PrivateMetadata.decode(modal["private_metadata"]),
    )

    assert reply == {}  # an empty ack closes the modal
    saved = harness.read(
        lambda s: s.scalars(
            select(ForecastSubmission).where(ForecastSubmission.occurrence_id == this_week.id)
        ).one()
    )
    assert (saved.commit, saved.changes) == (Decimal(100_000), "Globex slipped")
    occurrence = harness.read(lambda s: s.get(Occurrence, this_week.id))
    assert occurrence is not None and occurrence.status is OccurrenceStatus.DONE_ON_TIME
    assert harness.read(lambda s: states(s, this_week)) == {
        "open": OutboxState.SENT,
        "reminder:24h": OutboxState.CANCELLED,
        "reminder:2h": OutboxState.CANCELLED,
        "done:1": OutboxState.PENDING,
    }


def test_an_inverted_forecast_is_answered_on_the_field_and_nothing_is_saved(
    harness: Harness,
) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")

    reply = submit(
        harness,
        "chi",
        CallbackId.FORECAST,
        forecast_values("200000", "150000", "400000"),
        meta_of(forecast),
    )

    assert reply["response_action"] == "errors"
    assert set(reply["errors"]) == {"commit"}
    assert harness.read(lambda s: s.scalars(select(ForecastSubmission)).all()) == []
    assert harness.read(lambda s: states(s, forecast))["reminder:2h"] is OutboxState.PENDING


def test_editing_a_forecast_keeps_both_versions(harness: Harness) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")
    submit(harness, "chi", CallbackId.FORECAST, forecast_values("1", "2", "3"), meta_of(forecast))
    first = harness.read(lambda s: s.scalars(select(ForecastSubmission.id)).one())

    click(harness, "chi", ActionId.EDIT_SUBMISSION, meta_of(forecast, version_of=first).encode())
    modal = opened_view(harness.slack)
    submit(
        harness,
        "chi",
        CallbackId.FORECAST,
        forecast_values("2", "2", "3"),
        PrivateMetadata.decode(modal["private_metadata"]),
    )

    commits = harness.read(
        lambda s: s.scalars(
            select(ForecastSubmission.commit).order_by(ForecastSubmission.version)
        ).all()
    )
    assert commits == [Decimal(1), Decimal(2)]
    assert "Editing" in visible_text(modal)


def test_the_escalation_button_shows_the_overdue_managers_status_to_their_leader(
    harness: Harness,
) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")

    click(harness, "lead", ActionId.OVERDUE_STATUS, str(forecast.id))

    modal = opened_view(harness.slack)
    assert modal["title"]["text"] == "Chi Manager"
    shown = visible_text(modal)
    assert "Cadence for Chi Manager" in shown and "Weekly forecast" in shown
    assert "Chi Manager's open items" in shown and "Your" not in shown


def test_the_escalation_status_modal_shows_no_button_its_viewer_would_be_refused(
    harness: Harness,
) -> None:
    # The manager's own App Home has a button per item that opens its form; in the leader's
    # modal such a button could only be refused (the form is the manager's), so none is shown.
    forecast = item(harness, Kind.FORECAST, "chi")
    click(harness, "chi", ActionId.HOME_OPEN_ITEM, _home_item_value(harness, "chi", forecast.id))
    assert opened_view(harness.slack)["type"] == "modal"  # the manager's own button works
    before = len(harness.slack.calls("views.open"))

    click(harness, "lead", ActionId.OVERDUE_STATUS, str(forecast.id))

    eventually(lambda: len(harness.slack.calls("views.open")) > before)
    modal = opened_view(harness.slack)
    assert "Weekly forecast" in visible_text(modal)
    assert _buttons(modal) == []


def test_nobody_else_sees_a_managers_status_from_an_escalation_button(harness: Harness) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")

    click(harness, "kol", ActionId.OVERDUE_STATUS, str(forecast.id))  # a peer, not above chi

    told = eventually(lambda: harness.slack.calls("chat.postEphemeral"))
    assert "Only the people they report to" in told[0].params["text"]
    assert harness.slack.calls("views.open") == []


def test_nobody_opens_someone_elses_form(harness: Harness) -> None:
    forecast = item(harness, Kind.FORECAST, "kol")

    click(harness, "chi", ActionId.OPEN_FORM, meta_of(forecast).encode())

    told = eventually(lambda: harness.slack.calls("chat.postEphemeral"))
    assert "isn't one of your items" in told[0].params["text"]
    assert harness.slack.calls("views.open") == []


# --- 1:1 ------------------------------------------------------------------------------------


def one_on_one_values(rep: str) -> dict[str, Any]:
    return with_rows(
        state(
            rep=static(rep),
            held_on=picked(date(2026, 12, 1)),
            topics=plain("Pipeline hygiene"),
            solution=static("coaching"),
            focus=radio("skill"),
        ),
        action_item_text__1=plain("Clean up stale deals"),
        action_item_owner__1=static("rep"),
        action_item_due__1=picked(date(2026, 12, 4)),
    )


def test_a_1on1_is_logged_from_its_nudge_and_the_rep_gets_a_summary(harness: Harness) -> None:
    one_on_one = item(harness, Kind.ONE_ON_ONE, "chi", "ann")

    click(harness, "chi", ActionId.OPEN_FORM, meta_of(one_on_one).encode())
    modal = opened_view(harness.slack)
    reps = [o["value"] for o in block(modal, "rep")["element"]["options"]]
    reply = submit(
        harness,
        "chi",
        CallbackId.ONE_ON_ONE,
        one_on_one_values("ann@acme.example"),
        meta_of(one_on_one),
    )

    assert reps == ["ann@acme.example"]
    assert reply == {}
    note = harness.read(lambda s: s.scalars(select(OneOnOneNote)).one())
    assert (note.rep_id, note.topics) == (harness.team.ann.id, "Pipeline hygiene")
    summaries = harness.read(lambda s: outbox(s, "one_on_one_summary"))
    assert [m.recipient_id for m in summaries] == [harness.team.ann.id]
    occurrence = harness.read(lambda s: s.get(Occurrence, one_on_one.id))
    assert occurrence is not None and occurrence.status is OccurrenceStatus.DONE_ON_TIME


def test_a_manager_cannot_pick_someone_elses_rep(harness: Harness) -> None:
    reply = submit(
        harness,
        "chi",
        CallbackId.ONE_ON_ONE,
        one_on_one_values("raj@acme.example"),
        PrivateMetadata(),
    )

    assert reply["response_action"] == "errors"
    assert set(reply["errors"]) == {"rep"}
    assert harness.read(lambda s: s.scalars(select(OneOnOneNote)).all()) == []


def test_the_1on1_command_refuses_someone_elses_rep(harness: Harness) -> None:
    reply = answered(harness, "chi", "/cadence", f"1on1 <@{harness.user('raj')}|raj>")

    assert "your own reps" in reply["text"]
    assert harness.slack.calls("views.open") == []


def test_the_1on1_command_opens_the_planned_1on1_with_the_mentioned_rep(
    harness: Harness,
) -> None:
    one_on_one = item(harness, Kind.ONE_ON_ONE, "chi", "bob")

    command(harness, "chi", "/cadence", f"1on1 <@{harness.user('bob')}>")

    modal = opened_view(harness.slack)
    assert PrivateMetadata.decode(modal["private_metadata"]).occurrence_id == one_on_one.id


def test_the_forecast_command_after_submitting_opens_the_answer_to_revise(
    harness: Harness,
) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")
    submit(harness, "chi", CallbackId.FORECAST, forecast_values("1", "2", "3"), meta_of(forecast))

    command(harness, "chi", "/cadence", "forecast")

    modal = opened_view(harness.slack)
    assert PrivateMetadata.decode(modal["private_metadata"]).occurrence_id == forecast.id
    assert "Editing" in visible_text(modal)
    submit(
        harness,
        "chi",
        CallbackId.FORECAST,
        forecast_values("2", "2", "3"),
        PrivateMetadata.decode(modal["private_metadata"]),
    )
    commits = harness.read(
        lambda s: s.scalars(
            select(ForecastSubmission.commit).order_by(ForecastSubmission.version)
        ).all()
    )
    assert commits == [Decimal(1), Decimal(2)]


def test_the_team_and_1on1_commands_after_logging_open_the_notes_to_revise(
    harness: Harness,
) -> None:
    meeting = item(harness, Kind.TEAM_MEETING, "chi")
    one_on_one = item(harness, Kind.ONE_ON_ONE, "chi", "bob")
    for occurrence, command_text in (
        (meeting, "team"),
        (one_on_one, f"1on1 <@{harness.user('bob')}>"),
    ):
        with harness.container.unit_of_work() as uow:
            done = uow.session.get(Occurrence, occurrence.id)
            assert done is not None
            done.status, done.completed_at = OccurrenceStatus.DONE_ON_TIME, NOW
        before = len(harness.slack.calls("views.open"))

        command(harness, "chi", "/cadence", command_text)

        modal = nth_opened_view(harness, before + 1)
        assert PrivateMetadata.decode(modal["private_metadata"]).occurrence_id == occurrence.id


def nth_opened_view(harness: Harness, n: int) -> dict[str, Any]:
    """The ``n``-th modal opened (from 1), once it has been opened."""
    calls = eventually(lambda: harness.slack.calls("views.open")[n - 1 :])
    view = calls[0].params["view"]
    opened: dict[str, Any] = json.loads(view) if isinstance(view, str) else view
    return opened


def edit_button(harness: Harness, occurrence: Occurrence) -> str:
    """The value of the Edit button on the occurrence's latest "done" message."""

    def latest_done(session: Session) -> list[dict[str, Any]]:
        row = session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.occurrence_id == occurrence.id,
                OutboxMessage.purpose == "done_update",
            )
            .order_by(OutboxMessage.id.desc())
        ).first()
        assert row is not None
        return render(compose(session, row)).blocks_as_dicts()

    buttons = elements({"blocks": harness.read(latest_done)})
    return str(next(b["value"] for b in buttons if b["action_id"] == ActionId.EDIT_SUBMISSION))


def test_editing_a_1on1_from_its_done_message_keeps_both_versions_and_refuses_a_stale_modal(
    harness: Harness,
) -> None:
    one_on_one = item(harness, Kind.ONE_ON_ONE, "chi", "ann")
    first = with_rows(
        one_on_one_values("ann@acme.example"), focus_detail=plain("Discovery questions")
    )
    assert submit(harness, "chi", CallbackId.ONE_ON_ONE, first, meta_of(one_on_one)) == {}

    click(harness, "chi", ActionId.EDIT_SUBMISSION, edit_button(harness, one_on_one))
    modal = opened_view(harness.slack)
    opened_on = PrivateMetadata.decode(modal["private_metadata"])
    assert opened_on.note_version == 1
    assert block(modal, "topics")["element"]["initial_value"] == "Pipeline hygiene"
    assert block(modal, "focus_detail")["element"]["initial_value"] == "Discovery questions"
    assert block(modal, "action_item_text.1")["element"]["initial_value"] == (
        "Clean up stale deals"
    )
    edited = with_rows(
        one_on_one_values("ann@acme.example"),
        topics=plain("Pricing"),
        focus_detail=plain("Objection handling"),
    )
    assert submit(harness, "chi", CallbackId.ONE_ON_ONE, edited, opened_on) == {}

    # A second modal opened on version 1 (before that save) is refused, and saves nothing.
    stale = with_rows(one_on_one_values("ann@acme.example"), topics=plain("Stale"))
    reply = submit(harness, "chi", CallbackId.ONE_ON_ONE, stale, opened_on)

    assert reply["response_action"] == "errors"
    assert reply["errors"] == {"rep": STALE_EDIT}
    note = harness.read(lambda s: s.scalars(select(OneOnOneNote)).one())
    assert (note.version, note.topics, note.focus_detail) == (2, "Pricing", "Objection handling")
    versions = harness.read(lambda s: one_on_one_versions(s, note.id))
    assert [(v.version, v.topics, v.focus_detail) for v in versions] == [
        (1, "Pipeline hygiene", "Discovery questions"),
        (2, "Pricing", "Objection handling"),
    ]
    assert [[i.text for i in v.action_items] for v in versions] == [
        ["Clean up stale deals"],
        ["Clean up stale deals"],
    ]
    # Reopened, the modal shows the latest version.
    click(harness, "chi", ActionId.EDIT_SUBMISSION, edit_button(harness, one_on_one))
    reopened = nth_opened_view(harness, 2)
    assert PrivateMetadata.decode(reopened["private_metadata"]).note_version == 2
    assert block(reopened, "topics")["element"]["initial_value"] == "Pricing"


def test_editing_team_meeting_notes_keeps_both_versions_and_refuses_a_stale_modal(
    harness: Harness,
) -> None:
    meeting = item(harness, Kind.TEAM_MEETING, "chi")

    def values(decisions: str) -> dict[str, Any]:
        return state(
            held_on=picked(date(2026, 12, 1)),
            attendees=multi(["ann@acme.example"]),
            agenda_covered=multi(["Wins"]),
            decisions=plain(decisions),
        )

    assert submit(harness, "chi", CallbackId.TEAM_MEETING, values("One"), meta_of(meeting)) == {}
    click(harness, "chi", ActionId.EDIT_SUBMISSION, edit_button(harness, meeting))
    modal = opened_view(harness.slack)
    opened_on = PrivateMetadata.decode(modal["private_metadata"])
    assert opened_on.note_version == 1
    assert block(modal, "decisions")["element"]["initial_value"] == "One"

    assert submit(harness, "chi", CallbackId.TEAM_MEETING, values("Two"), opened_on) == {}
    reply = submit(harness, "chi", CallbackId.TEAM_MEETING, values("Stale"), opened_on)

    assert reply == {"response_action": "errors", "errors": {"held_on": STALE_EDIT}}
    note = harness.read(lambda s: s.scalars(select(TeamMeetingNote)).one())
    versions = harness.read(lambda s: team_meeting_versions(s, note.id))
    assert [(v.version, v.decisions) for v in versions] == [(1, "One"), (2, "Two")]
    assert note.decisions == "Two"


# --- team meeting, activity, coaching -------------------------------------------------------


def test_team_meeting_notes_are_saved_from_the_command(harness: Harness) -> None:
    meeting = item(harness, Kind.TEAM_MEETING, "chi")

    command(harness, "chi", "/cadence", "team")
    modal = opened_view(harness.slack)
    reply = submit(
        harness,
        "chi",
        CallbackId.TEAM_MEETING,
        state(
            held_on=picked(date(2026, 12, 1)),
            attendees=multi(["ann@acme.example"]),
            agenda_covered=multi(["Wins"]),
            decisions=plain("Deal desk on Tuesdays"),
        ),
        PrivateMetadata.decode(modal["private_metadata"]),
    )

    assert reply == {}
    note = harness.read(lambda s: s.scalars(select(TeamMeetingNote)).one())
    assert (note.attendees, note.agenda_covered) == ([harness.team.ann.id], ["Wins"])
    occurrence = harness.read(lambda s: s.get(Occurrence, meeting.id))
    assert occurrence is not None and occurrence.status is OccurrenceStatus.DONE_ON_TIME


def test_an_activity_is_answered_and_a_wrong_answer_is_shown_on_its_question(
    harness: Harness,
) -> None:
    activity = item(harness, Kind.ACTIVITY, "chi")

    wrong = submit(
        harness,
        "chi",
        CallbackId.ACTIVITY,
        {"question.deals": {"question.deals": number("many")}},
        meta_of(activity),
    )
    right = submit(
        harness,
        "chi",
        CallbackId.ACTIVITY,
        {"question.deals": {"question.deals": number("7")}},
        meta_of(activity),
    )

    assert wrong == {"response_action": "errors", "errors": {"question.deals": "Enter a number."}}
    assert right == {}
    answers = harness.read(lambda s: s.scalars(select(ActivitySubmission.answers)).all())
    assert answers == [{"deals": "7", "notes": None}]


def test_a_rep_rates_the_coaching_from_the_pulse_privately(harness: Harness) -> None:
    pulse = item(harness, Kind.COACHING_PULSE, "ann")

    click(harness, "ann", ActionId.RATE_COACHING, meta_of(pulse).encode())
    modal = opened_view(harness.slack)
    reply = submit(
        harness,
        "ann",
        CallbackId.COACHING_RATING,
        state(received_coaching=radio("yes"), usefulness=radio("4")),
        PrivateMetadata.decode(modal["private_metadata"]),
    )

    assert "Chi Manager" in visible_text(modal)
    assert reply == {}
    rating = harness.read(lambda s: s.scalars(select(CoachingRating)).one())
    assert (rating.rep_id, rating.manager_id, rating.usefulness) == (
        harness.team.ann.id,
        harness.team.chi.id,
        4,
    )
    assert rating.period_start == WEEK


def test_a_rating_without_a_score_is_answered_on_the_field(harness: Harness) -> None:
    reply = submit(
        harness,
        "ann",
        CallbackId.COACHING_RATING,
        state(received_coaching=radio("yes")),
        PrivateMetadata(),
    )

    assert set(reply["errors"]) == {"usefulness"}
    assert harness.read(lambda s: s.scalars(select(CoachingRating)).all()) == []


def test_nobody_answers_or_reads_another_reps_coaching_pulse(harness: Harness) -> None:
    pulse = item(harness, Kind.COACHING_PULSE, "raj")

    click(harness, "chi", ActionId.RATE_COACHING, meta_of(pulse).encode())
    reply = submit(
        harness,
        "ann",
        CallbackId.COACHING_RATING,
        state(received_coaching=radio("no")),
        meta_of(pulse),
    )

    assert eventually(lambda: harness.slack.calls("chat.postEphemeral"))
    assert harness.slack.calls("views.open") == []
    assert reply["response_action"] == "update"  # the form is replaced by the reason
    assert "isn't one of your items" in str(reply["view"]["blocks"])
    assert harness.read(lambda s: s.scalars(select(CoachingRating)).all()) == []


def test_rate_coaching_with_a_score_saves_it_and_without_opens_the_form(
    harness: Harness,
) -> None:
    saved = command(harness, "ann", "/rate-coaching", "5 Great ride-along")
    malformed = command(harness, "ann", "/rate-coaching", "ten")
    command(harness, "ann", "/rate-coaching")

    assert "privately" in saved["text"]
    assert "1 to 5" in malformed["text"]
    rating = harness.read(lambda s: s.scalars(select(CoachingRating)).one())
    assert (rating.usefulness, rating.comment) == (5, "Great ride-along")
    assert opened_view(harness.slack)["callback_id"] == CallbackId.COACHING_RATING


def test_a_manager_is_told_they_do_not_rate_their_leader_by_command_or_form(
    harness: Harness,
) -> None:
    scored = command(harness, "chi", "/rate-coaching", "4 Lee coaches well")
    bare = command(harness, "chi", "/rate-coaching")
    submitted = submit(
        harness,
        "chi",
        CallbackId.COACHING_RATING,
        state(received_coaching=radio("yes"), usefulness=radio("4")),
        PrivateMetadata(),
    )

    for reply in (scored["text"], bare["text"], str(submitted["view"]["blocks"])):
        assert "reps rate their own manager" in reply
    assert submitted["response_action"] == "update"  # the form gives way to the reason
    assert harness.slack.calls("views.open") == []
    assert harness.read(lambda s: s.scalars(select(CoachingRating)).all()) == []


def test_a_pulse_of_a_month_whose_results_are_final_is_refused_on_the_form(
    harness: Harness,
) -> None:
    october = item(harness, Kind.COACHING_PULSE, "ann", period_start=date(2026, 10, 19))

    reply = submit(
        harness,
        "ann",
        CallbackId.COACHING_RATING,
        state(received_coaching=radio("yes"), usefulness=radio("4")),
        meta_of(october),
    )

    assert reply["response_action"] == "update"  # the form gives way to the reason
    assert "October 2026 are final" in str(reply["view"]["blocks"])
    assert harness.read(lambda s: s.scalars(select(CoachingRating)).all()) == []


# --- skip, snooze ---------------------------------------------------------------------------


def test_skip_opens_a_modal_and_the_reason_closes_the_item(harness: Harness) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")

    click(harness, "chi", ActionId.SKIP, meta_of(forecast).encode())
    modal = opened_view(harness.slack)
    no_note = submit(
        harness, "chi", CallbackId.SKIP_REASON, state(skip_reason=radio("other")), meta_of(forecast)
    )
    reply = submit(
        harness,
        "chi",
        CallbackId.SKIP_REASON,
        state(skip_reason=radio("customer_emergency")),
        PrivateMetadata.decode(modal["private_metadata"]),
    )

    assert set(no_note["errors"]) == {"skip_note"}
    assert reply == {}
    occurrence = harness.read(lambda s: s.get(Occurrence, forecast.id))
    assert occurrence is not None and occurrence.status is OccurrenceStatus.SKIPPED
    assert harness.read(lambda s: states(s, forecast))["skipped"] is OutboxState.PENDING


def test_snoozing_moves_the_next_reminder_and_says_until_when(harness: Harness) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")
    uid = harness.user("chi")
    choice = SnoozeRequest(forecast.id, SnoozeChoice.TWO_HOURS).encode()

    harness.dispatch(
        block_actions_body(
            user_id=uid,
            action_id=ActionId.SNOOZE,
            action={"type": "static_select", "selected_option": {"value": choice}},
            channel_id="D" + uid[1:],
        )
    )

    told = eventually(lambda: harness.slack.calls("chat.postEphemeral"))
    assert "Snoozed" in told[0].params["text"]
    occurrence = harness.read(lambda s: s.get(Occurrence, forecast.id))
    assert occurrence is not None and occurrence.snoozed_until is not None


def test_a_snooze_into_the_evening_before_the_due_time_says_no_reminder_will_come(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Friday 16:30 in Chicago, due at 17:00: two hours later is after the working hours, and
    # the next ones begin after the due time, so no reminder is promised.
    forecast = item(harness, Kind.FORECAST, "chi")
    monkeypatch.setattr(harness.container, "clock", lambda: forecast.due_at - timedelta(minutes=30))
    uid = harness.user("chi")
    choice = SnoozeRequest(forecast.id, SnoozeChoice.TWO_HOURS).encode()

    harness.dispatch(
        block_actions_body(
            user_id=uid,
            action_id=ActionId.SNOOZE,
            action={"type": "static_select", "selected_option": {"value": choice}},
            channel_id="D" + uid[1:],
        )
    )

    told = eventually(lambda: harness.slack.calls("chat.postEphemeral"))
    assert "no reminder before then" in told[0].params["text"]


# --- commands and App Home ------------------------------------------------------------------


def test_an_unknown_sub_command_gets_help_not_an_error(harness: Harness) -> None:
    reply = command(harness, "chi", "/cadence", "bogus <!channel>")

    assert reply["text"].startswith("I don't know `/cadence bogus`")
    assert "/cadence away" in reply["text"]


def test_away_is_recorded_from_the_command(harness: Harness) -> None:
    reply = command(harness, "chi", "/cadence", "away 2026-12-21 2027-01-01")
    malformed = command(harness, "chi", "/cadence", "away next week")

    assert "away from Mon 21 Dec 2026 to Fri 1 Jan 2027" in reply["text"]
    assert "like `/cadence away" in malformed["text"]
    span = harness.read(lambda s: s.scalars(select(TimeOff)).one())
    assert (span.person_id, span.starts_on, span.ends_on) == (
        harness.team.chi.id,
        date(2026, 12, 21),
        date(2027, 1, 1),
    )


def test_back_without_time_off_says_so(harness: Harness) -> None:
    assert "not away" in command(harness, "chi", "/cadence", "back")["text"]


def test_status_shows_open_items(harness: Harness) -> None:
    item(harness, Kind.FORECAST, "chi")

    ack = command(harness, "chi", "/cadence", "status")

    assert ack == {}  # the ack waits for nothing; the status follows at the response_url
    reply = answered(harness, "chi", "/cadence", "status")
    assert "Weekly forecast" in visible_text(reply["blocks"])


def test_preview_lists_what_is_coming(harness: Harness) -> None:
    reply = command(harness, "chi", "/cadence", "preview")

    assert "Weekly forecast" in reply["text"]


def test_deliveries_are_for_admins_only(harness: Harness) -> None:
    assert "for Cadence admins" in command(harness, "chi", "/cadence", "deliveries")["text"]
    assert "deliveries" not in command(harness, "chi", "/cadence", "help")["text"]
    assert "Last 24 h" in command(harness, "lead", "/cadence", "deliveries")["text"]
    assert "deliveries" in command(harness, "lead", "/cadence", "help")["text"]


def test_opening_the_app_home_publishes_items_and_a_leaders_team(harness: Harness) -> None:
    item(harness, Kind.FORECAST, "chi")

    harness.dispatch(event_callback_body(app_home_opened_event(harness.user("lead"))))
    harness.dispatch(event_callback_body(app_home_opened_event(harness.user("chi"))))

    lead_home = eventually(lambda: harness.slack.views_published(harness.user("lead")))[-1]
    chi_home = eventually(lambda: harness.slack.views_published(harness.user("chi")))[-1]
    assert "Chi Manager" in visible_text(lead_home)
    assert "Weekly forecast" in visible_text(chi_home)
    assert "Your managers" not in visible_text(chi_home)


def _buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for shown in view["blocks"]:
        accessory = shown.get("accessory")
        if accessory and accessory.get("type") == "button":
            found.append(accessory)
        found += [e for e in shown.get("elements", []) if e.get("type") == "button"]
    return found


def _home_item_value(harness: Harness, user: str, occurrence_id: int) -> str:
    """The value of the item's button on ``user``'s own App Home, as Slack would send it."""
    harness.dispatch(event_callback_body(app_home_opened_event(harness.user(user))))
    published = eventually(lambda: harness.slack.calls("views.publish"))
    view = published[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    (button,) = [b for b in _buttons(view) if b["action_id"] == ActionId.HOME_OPEN_ITEM]
    assert str(occurrence_id) in button["value"]
    return str(button["value"])
