"""Done when: a nudge is clicked, its modal submitted, and Slack and the database both show it.

For each kind of item in the example ``cadence_config.yaml`` — the weekly forecast, a 1:1, the
team meeting notes, the monthly pipeline review (an activity) and a rep's coaching pulse — and
over both transports (signed HTTP requests to the real endpoint, and Socket Mode envelopes):

1. the roster is synced from the fake Slack, the planner runs at a moment the item is open and
   the dispatcher sends the nudge: a DM saying what is due and by when, with its buttons;
2. the form button of *that DM* is clicked: the right modal opens, pre-filled where it can be;
3. a submission with mistakes is answered field by field, and nothing at all is saved;
4. the corrected submission closes the modal: the database holds it, the item is done on time
   and its pending reminders are cancelled;
5. the dispatcher runs again and the original DM is updated in place: done, by whom, when.

Every acknowledgement comes back well within Slack's 3 seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.messages import NUDGE_PURPOSES, MessagePurpose
from bot.domain.occurrence import OccurrenceStatus, SolutionType
from bot.domain.submissions import ForecastInput
from bot.persistence.models import (
    ActivitySubmission,
    CoachingRating,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    OutboxMessage,
    OutboxState,
    Person,
    TeamMeetingNote,
)
from bot.services.submissions import record_forecast
from bot.simulated_slack import Message, SimulatedSlack
from bot.simulated_slack.interactions import NoSuchElement, button
from bot.slack.ids import ActionId, BlockId, CallbackId, PrivateMetadata
from tests.acceptance.round_trip import (
    TRANSPORTS,
    Bot,
    eventually,
    row_counts,
    running_bot,
    visible_text,
)

AISHA = "aisha@acme.example"  # manages Ben, Lauren, Diego and Hailey; Chicago
BEN = "ben@acme.example"
LAUREN = "lauren@acme.example"
SAM = "sam@acme.example"  # Jordan's rep, not Aisha's

# Monday 7 December 2026, 10:00 in Chicago: the week's items (and the month's first-Monday
# pipeline review, and the fortnight's 1:1s) opened at 09:00.
MONDAY = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)
# Friday 11 December, 15:00 in Chicago: the fortnight's coaching pulse opened at 14:00.
FRIDAY = datetime(2026, 12, 11, 21, 0, tzinfo=UTC)
# How long the person takes between the nudge and the submission.
TO_ANSWER = timedelta(minutes=5)
# Slack gives up after 3 s: an acknowledgement after that is lost. How fast the ack is, is
# measured by benchmarks/ack_path.py, never here (a shared machine's load would judge it).
ACK_BUDGET_SECONDS = 3.0


def person_id(bot: Bot, email: str) -> int:
    return bot.read(lambda s: s.scalars(select(Person.id).where(Person.email == email)).one())


# --- the five kinds of item ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    kind: str
    cadence_id: str
    who: str
    now: datetime
    button: ActionId
    callback_id: CallbackId
    # What the DM says is due and by when, in the reader's zone (Chicago: CST in December).
    due: str
    # When the DM then says it was done: the answer comes 6 minutes after ``now``.
    done_at: str
    # Answers by block id; inputs not named keep what the modal was opened with.
    answers: dict[str, Any]
    # Mistakes layered over ``answers``, and the blocks they must be reported on.
    mistakes: dict[str, Any]
    wrong_fields: set[str]
    # The rows saved for the occurrence.
    saved: Callable[[Session, int], list[Any]]
    check_modal: Callable[[Bot, dict[str, Any]], None]
    check_saved: Callable[[Bot, list[Any]], None]
    counterpart: str | None = None
    # Whether the done message offers an Edit button (a rating is changed by rating again).
    editable: bool = True
    before: Callable[[Bot], None] = field(default=lambda bot: None)


def rows_of(model: Any) -> Callable[[Session, int], list[Any]]:
    def saved(session: Session, occurrence_id: int) -> list[Any]:
        return list(session.scalars(select(model).where(model.occurrence_id == occurrence_id)))

    return saved


def input_block(modal: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in modal["blocks"] if b.get("block_id") == block_id)


def option_values(element: dict[str, Any]) -> list[str]:
    return [o["value"] for o in element["options"]]


# forecast: last week's submission pre-fills this week's form


def last_weeks_forecast(bot: Bot) -> None:
    bot.clock.now = MONDAY - timedelta(days=7)
    bot.plan()
    aisha = person_id(bot, AISHA)
    with bot.container.unit_of_work() as uow:
        last_week = uow.session.scalars(
            select(Occurrence.id).where(
                Occurrence.cadence_id == "weekly-forecast",
                Occurrence.subject_id == aisha,
                Occurrence.period_start == date(2026, 11, 30),
            )
        ).one()
        record_forecast(
            uow.session,
            occurrence_id=last_week,
            person_id=aisha,
            input=ForecastInput(
                commit=Decimal(90_000), best_case=Decimal(120_000), pipeline=Decimal(300_000)
            ),
            currency="USD",
            now=bot.clock(),
        )


def forecast_modal(bot: Bot, modal: dict[str, Any]) -> None:
    initial = {
        block_id: input_block(modal, block_id)["element"].get("initial_value")
        for block_id in (BlockId.COMMIT, BlockId.BEST_CASE, BlockId.PIPELINE)
    }
    assert initial == {"commit": "90000", "best_case": "120000", "pipeline": "300000"}
    assert "Commit (USD)" in visible_text(modal)


def forecast_saved(bot: Bot, rows: list[ForecastSubmission]) -> None:
    [forecast] = rows
    assert (forecast.commit, forecast.best_case, forecast.pipeline, forecast.currency) == (
        Decimal(100_000),
        Decimal(150_000),
        Decimal(400_000),
        "USD",
    )
    assert forecast.changes == "Globex slipped to Q1"
    assert forecast.submitted_by_id == person_id(bot, AISHA)


FORECAST = Scenario(
    kind="forecast",
    cadence_id="weekly-forecast",
    who=AISHA,
    now=MONDAY,
    button=ActionId.OPEN_FORM,
    callback_id=CallbackId.FORECAST,
    due="Weekly forecast is due Wed 9 Dec at 17:00 CST",
    done_at="Mon 7 Dec at 10:06 CST",
    answers={
        "commit": "100000",
        "best_case": "150000",
        "pipeline": "400000",
        "changes": "Globex slipped to Q1",
    },
    mistakes={"commit": "200000"},  # above the best case
    wrong_fields={"commit"},
    saved=rows_of(ForecastSubmission),
    check_modal=forecast_modal,
    check_saved=forecast_saved,
    before=last_weeks_forecast,
)


# 1:1: only the 1:1's own rep can be chosen; the rep gets a summary with their action items


def one_on_one_modal(bot: Bot, modal: dict[str, Any]) -> None:
    rep = input_block(modal, BlockId.REP)["element"]
    assert option_values(rep) == [BEN]
    assert rep["initial_option"]["value"] == BEN
    assert input_block(modal, BlockId.HELD_ON)["element"]["initial_date"] == "2026-12-07"


def one_on_one_saved(bot: Bot, rows: list[OneOnOneNote]) -> None:
    [note] = rows
    assert (note.manager_id, note.rep_id) == (person_id(bot, AISHA), person_id(bot, BEN))
    assert (note.held_on, note.topics, note.solution_type) == (
        date(2026, 12, 7),
        "Pipeline hygiene",
        SolutionType.COACHING,
    )
    assert [(i.text, i.owner_id, i.due_on) for i in note.action_items] == [
        ("Clean up stale deals", person_id(bot, BEN), date(2026, 12, 10))
    ]


ONE_ON_ONE = Scenario(
    kind="one_on_one",
    cadence_id="rep-1on1",
    who=AISHA,
    counterpart=BEN,
    now=MONDAY,
    button=ActionId.OPEN_FORM,
    callback_id=CallbackId.ONE_ON_ONE,
    due="1:1 with each rep with Ben Kowalski is due Fri 11 Dec at 17:00 CST",
    done_at="Mon 7 Dec at 10:06 CST",
    answers={
        "topics": "Pipeline hygiene",
        "solution": "coaching",
        "focus": "skill",
        "action_item_text.1": "Clean up stale deals",
        "action_item_due.1": "2026-12-10",
    },
    mistakes={"rep": SAM, "topics": None},  # someone else's rep, and no topics
    wrong_fields={"rep", "topics"},
    saved=rows_of(OneOnOneNote),
    check_modal=one_on_one_modal,
    check_saved=one_on_one_saved,
)


# team meeting: attendees from the manager's reps, agenda items from the config

AGENDA = [
    "Wins and lessons from last week",
    "Pipeline changes and new opportunities",
    "Forecast risks and asks for help",
    "Skill focus of the week",
    "Announcements",
]


def team_meeting_modal(bot: Bot, modal: dict[str, Any]) -> None:
    attendees = input_block(modal, BlockId.ATTENDEES)["element"]
    assert sorted(option_values(attendees)) == sorted(
        [BEN, LAUREN, "diego@acme.example", "hailey@acme.example"]
    )
    assert option_values(input_block(modal, BlockId.AGENDA_COVERED)["element"]) == AGENDA


def team_meeting_saved(bot: Bot, rows: list[TeamMeetingNote]) -> None:
    [note] = rows
    assert sorted(note.attendees) == sorted([person_id(bot, BEN), person_id(bot, LAUREN)])
    assert note.agenda_covered == AGENDA[:2]
    assert (note.held_on, note.decisions) == (date(2026, 12, 7), "Deal desk on Tuesdays")


TEAM_MEETING = Scenario(
    kind="team_meeting",
    cadence_id="team-meeting",
    who=AISHA,
    now=MONDAY,
    button=ActionId.OPEN_FORM,
    callback_id=CallbackId.TEAM_MEETING,
    due="Weekly team meeting notes is due Fri 11 Dec at 17:00 CST",
    done_at="Mon 7 Dec at 10:06 CST",
    answers={
        "attendees": [BEN, LAUREN],
        "agenda_covered": AGENDA[:2],
        "decisions": "Deal desk on Tuesdays",
    },
    mistakes={"held_on": "2026-12-08", "attendees": [BEN, SAM]},  # tomorrow; not her rep
    wrong_fields={"held_on", "attendees"},
    saved=rows_of(TeamMeetingNote),
    check_modal=team_meeting_modal,
    check_saved=team_meeting_saved,
)


# activity: the pipeline review's questions from the config


def activity_modal(bot: Bot, modal: dict[str, Any]) -> None:
    inputs = [b["block_id"] for b in modal["blocks"] if b["type"] == "input"]
    assert inputs == [
        "question.stalled",
        "question.actions",
        "question.top_risk",
        "question.next_review",
    ]
    assert "Deals stalled over 30 days" in visible_text(modal)


def activity_saved(bot: Bot, rows: list[ActivitySubmission]) -> None:
    [answers] = rows
    assert answers.answers == {
        "stalled": "4",
        "actions": "Call every stalled champion",
        "top_risk": "No next step",
        "next_review": "2026-12-14",
    }
    assert answers.submitted_by_id == person_id(bot, AISHA)


ACTIVITY = Scenario(
    kind="activity",
    cadence_id="pipeline-review",
    who=AISHA,
    now=MONDAY,
    button=ActionId.OPEN_FORM,
    callback_id=CallbackId.ACTIVITY,
    due="Monthly pipeline review is due Fri 11 Dec at 17:00 CST",
    done_at="Mon 7 Dec at 10:06 CST",
    answers={
        "question.stalled": "4",
        "question.actions": "Call every stalled champion",
        "question.top_risk": "No next step",
        "question.next_review": "2026-12-14",
    },
    mistakes={"question.stalled": "many", "question.top_risk": None},
    wrong_fields={"question.stalled", "question.top_risk"},
    saved=rows_of(ActivitySubmission),
    check_modal=activity_modal,
    check_saved=activity_saved,
)


# coaching rating: a rep rates their own manager, privately


def rating_modal(bot: Bot, modal: dict[str, Any]) -> None:
    assert "Did Aisha Brooks coach you between" in visible_text(modal)
    assert option_values(input_block(modal, BlockId.USEFULNESS)["element"]) == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]


def rating_saved(bot: Bot, rows: list[CoachingRating]) -> None:
    [rating] = rows
    assert (rating.rep_id, rating.manager_id) == (person_id(bot, BEN), person_id(bot, AISHA))
    assert (rating.received_coaching, rating.usefulness, rating.comment) == (
        True,
        4,
        "Great ride-along",
    )
    assert rating.period_start == date(2026, 12, 7)


COACHING_RATING = Scenario(
    kind="coaching_rating",
    cadence_id="coaching-pulse",
    who=BEN,
    now=FRIDAY,
    button=ActionId.RATE_COACHING,
    callback_id=CallbackId.COACHING_RATING,
    due="How was your coaching? is due Tue 15 Dec at 17:00 CST",
    done_at="Fri 11 Dec at 15:06 CST",
    answers={
        "received_coaching": "yes",
        "usefulness": "4",
        "comment": "Great ride-along",
    },
    mistakes={"usefulness": None},  # coached, but how useful?
    wrong_fields={"usefulness"},
    saved=rows_of(CoachingRating),
    check_modal=rating_modal,
    check_saved=rating_saved,
    editable=False,
)

SCENARIOS = [FORECAST, ONE_ON_ONE, TEAM_MEETING, ACTIVITY, COACHING_RATING]


# --- reading the outcome ------------------------------------------------------------------------


def open_occurrence(bot: Bot, scenario: Scenario) -> Occurrence:
    subject = person_id(bot, scenario.who)
    counterpart = person_id(bot, scenario.counterpart) if scenario.counterpart else None
    now = bot.clock()

    def query(session: Session) -> Occurrence:
        return session.scalars(
            select(Occurrence).where(
                Occurrence.cadence_id == scenario.cadence_id,
                Occurrence.subject_id == subject,
                Occurrence.counterpart_id == counterpart,
                Occurrence.opens_at <= now,
                Occurrence.due_at > now,
            )
        ).one()

    occurrence = bot.read(query)
    assert occurrence.status is OccurrenceStatus.OPEN
    return occurrence


def nudge_about(bot: Bot, scenario: Scenario, occurrence: Occurrence) -> Message:
    """The DM the person received whose form button is about ``occurrence``."""

    def about(message: Message) -> bool:
        try:
            _, element = button(message, scenario.button)
        except NoSuchElement:
            return False
        return PrivateMetadata.decode(element["value"]).occurrence_id == occurrence.id

    [nudge] = [m for m in bot.slack.messages_to(bot.user(scenario.who)) if about(m)]
    return nudge


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    """The interactive elements of a message's blocks, in order."""
    return [e["action_id"] for b in blocks for e in b.get("elements", []) if "action_id" in e]


def outbox_of(session: Session, occurrence_id: int) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.occurrence_id == occurrence_id)
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def snapshot(occurrence_id: int) -> Callable[[Session], Any]:
    """Every table's row count, and the item's status and nudges: what a save would change."""

    def read(session: Session) -> Any:
        occurrence = session.get(Occurrence, occurrence_id)
        assert occurrence is not None
        nudges = [(m.dedupe_key, m.state) for m in outbox_of(session, occurrence_id)]
        return row_counts(session), occurrence.status, nudges

    return read


# --- the round trip -----------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.kind for s in SCENARIOS])
def test_a_nudge_is_answered_in_slack_and_its_dm_then_shows_it_done(
    scenario: Scenario, transport: str, empty_database_url: str, fake_slack: SimulatedSlack
) -> None:
    with running_bot(empty_database_url, fake_slack, transport=transport, now=scenario.now) as bot:
        # 1. The roster comes from Slack (everyone joined a week ago); the planner opens the
        # item; the nudge goes out.
        bot.clock.now = scenario.now - timedelta(weeks=1)
        bot.sync_roster()
        scenario.before(bot)
        bot.clock.now = scenario.now
        bot.plan()
        bot.dispatch()
        occurrence = open_occurrence(bot, scenario)
        nudge = nudge_about(bot, scenario, occurrence)
        what, by_when = scenario.due.split(" is due ")
        assert scenario.due in nudge.text
        shown = visible_text(nudge.blocks).replace("*", "")
        assert f"{what} is open. Due <!date^{int(occurrence.due_at.timestamp())}^" in shown
        assert f"|{by_when}>" in shown  # what a client that cannot render dates shows
        expected = [scenario.button, ActionId.SNOOZE]
        if scenario.button is ActionId.OPEN_FORM:
            expected.append(ActionId.SKIP)
        assert action_ids(nudge.blocks) == expected
        sent = bot.read(lambda s: outbox_of(s, occurrence.id))
        [opened] = [m for m in sent if m.purpose == MessagePurpose.OPEN]
        assert (opened.state, opened.slack_channel, opened.slack_ts) == (
            OutboxState.SENT,
            nudge.channel,
            nudge.ts,
        )
        assert any(
            m.purpose == MessagePurpose.REMINDER and m.state is OutboxState.PENDING for m in sent
        )

        # 2. A click on the DM's form button opens the item's modal.
        assert bot.click(scenario.who, nudge, scenario.button).payload == {}
        [modal] = eventually(bot.slack.modals)
        [opening] = bot.slack.calls("views.open")
        assert opening.params["trigger_id"] == bot.last_trigger_id
        assert modal["callback_id"] == scenario.callback_id
        assert PrivateMetadata.decode(modal["private_metadata"]).occurrence_id == occurrence.id
        scenario.check_modal(bot, modal)

        # 3. Mistakes are answered field by field, and nothing at all is saved.
        before = bot.read(snapshot(occurrence.id))
        bot.clock.advance(TO_ANSWER)
        rejected = bot.submit(scenario.who, modal, {**scenario.answers, **scenario.mistakes})
        assert rejected.payload["response_action"] == "errors", rejected.payload
        errors = rejected.payload["errors"]
        assert set(errors) == scenario.wrong_fields
        assert all(isinstance(m, str) and m for m in errors.values())
        assert bot.read(snapshot(occurrence.id)) == before

        # 4. The corrected submission closes the modal and closes the item, on time.
        submitted_at = bot.clock.advance(timedelta(minutes=1))  # now + 6 minutes
        assert bot.submit(scenario.who, modal, scenario.answers).payload == {}
        with bot.container.sessions() as session:
            scenario.check_saved(bot, scenario.saved(session, occurrence.id))
        done = bot.read(lambda s: s.get(Occurrence, occurrence.id))
        assert done is not None
        assert done.status is OccurrenceStatus.DONE_ON_TIME
        assert (done.completed_at, done.completed_by_id) == (
            submitted_at,
            person_id(bot, scenario.who),
        )
        after = bot.read(lambda s: outbox_of(s, occurrence.id))
        nudges = [m for m in after if m.purpose in NUDGE_PURPOSES]
        assert not [m for m in nudges if m.state is OutboxState.PENDING]
        assert any(
            m.purpose == MessagePurpose.REMINDER and m.state is OutboxState.CANCELLED
            for m in nudges
        )

        # 5. The dispatcher edits the original DM in place: done, by whom, when.
        bot.dispatch()
        [update] = [
            c
            for c in bot.slack.calls("chat.update")
            if (c.params.get("channel"), c.params.get("ts")) == (nudge.channel, nudge.ts)
        ]
        [edited] = [m for m in bot.slack.messages_to(bot.user(scenario.who)) if m.ts == nudge.ts]
        person = bot.read(lambda s: s.get(Person, person_id(bot, scenario.who)))
        assert person is not None
        assert edited.edited
        assert edited.text == f"{what}: done by {person.name} {scenario.done_at} (on time)"
        assert ":white_check_mark:" in visible_text(edited.blocks)
        assert update.params["text"] == edited.text
        assert action_ids(edited.blocks) == (
            [ActionId.EDIT_SUBMISSION] if scenario.editable else []
        )

        # Every acknowledgement came well within Slack's 3 seconds.
        assert len(bot.replies) == 3
        assert max(r.seconds for r in bot.replies) < ACK_BUDGET_SECONDS, bot.replies


def test_the_rep_gets_the_1on1_summary_with_their_action_items(
    empty_database_url: str, fake_slack: SimulatedSlack
) -> None:
    with running_bot(empty_database_url, fake_slack, transport="http", now=MONDAY) as bot:
        bot.sync_roster()
        bot.plan()
        bot.dispatch()
        occurrence = open_occurrence(bot, ONE_ON_ONE)
        nudge = nudge_about(bot, ONE_ON_ONE, occurrence)
        bot.click(AISHA, nudge, ActionId.OPEN_FORM)
        [modal] = eventually(bot.slack.modals)
        before = len(bot.slack.messages_to(bot.user(BEN)))

        assert bot.submit(AISHA, modal, ONE_ON_ONE.answers).payload == {}
        bot.dispatch()

        [summary] = bot.slack.messages_to(bot.user(BEN))[before:]
        assert "Aisha Brooks" in summary.text
        assert "Clean up stale deals" in visible_text(summary.blocks)
