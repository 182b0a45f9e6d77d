"""Every parser of what a person typed into a modal answers with an input or field errors, for
any state Slack could send: it never raises, so no submission ends in Slack's generic error."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.cadence import Question, QuestionType
from bot.slack.blocks.adjustment_modal import parse_adjustment
from bot.slack.blocks.meeting_parsers import parse_one_on_one, parse_team_meeting
from bot.slack.blocks.submission_parsers import (
    parse_activity,
    parse_coaching_rating,
    parse_forecast,
    parse_skip,
)
from bot.slack.ids import BlockId, question_block_id

QUESTIONS = tuple(
    Question(id=f"q{kind.value}", label=kind.value, type=kind, options=("a", "b"))
    for kind in QuestionType
)
ROWS = [
    f"{block}.{n}"
    for block in ("action_item_text", "action_item_owner", "action_item_due")
    for n in (1, 2)
]
BLOCKS = [str(b) for b in BlockId] + [question_block_id(q.id) for q in QUESTIONS] + ROWS
REPS = ["ann@acme.example", "bob@acme.example"]
TODAY = date(2026, 12, 1)

typed = st.one_of(
    st.none(), st.text(max_size=40), st.sampled_from(["1", "4", "-5", "2026-12-01", *REPS])
)
option = st.fixed_dictionaries({"value": typed})
element = st.fixed_dictionaries(
    {},
    optional={
        "value": typed,
        "selected_option": st.one_of(st.none(), option),
        "selected_options": st.lists(option, max_size=3),
        "selected_date": typed,
    },
)
state_values = st.dictionaries(
    st.sampled_from(BLOCKS), element.map(lambda e: {"element": e}), max_size=len(BLOCKS)
)


def answered(result: Any) -> bool:
    """An input, or field errors: block id → a message to show."""
    if isinstance(result, dict):
        return all(isinstance(k, str) and isinstance(m, str) and m for k, m in result.items())
    return result is not None


@settings(max_examples=150)
@given(state_values)
def test_the_forecast_parser_answers_any_state(values: dict[str, Any]) -> None:
    assert answered(parse_forecast(values, currency="USD"))


@settings(max_examples=150)
@given(state_values)
def test_the_activity_parser_answers_any_state(values: dict[str, Any]) -> None:
    assert answered(parse_activity(values, QUESTIONS))


@settings(max_examples=150)
@given(state_values)
def test_the_rating_and_skip_parsers_answer_any_state(values: dict[str, Any]) -> None:
    assert answered(parse_coaching_rating(values))
    assert answered(parse_skip(values))


@settings(max_examples=150)
@given(state_values)
def test_the_meeting_parsers_answer_any_state(values: dict[str, Any]) -> None:
    assert answered(parse_one_on_one(values, allowed_reps=REPS, today=TODAY))
    assert answered(parse_team_meeting(values, allowed_reps=REPS, agenda=("Wins",), today=TODAY))


@settings(max_examples=150)
@given(state_values)
def test_the_adjustment_parser_answers_any_state(values: dict[str, Any]) -> None:
    assert answered(parse_adjustment(values))
