from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from bot.domain.cadence import Question, QuestionType
from bot.domain.occurrence import SkipReason
from bot.domain.submissions import ActivityInput, CoachingRatingInput, ForecastInput, SkipInput
from bot.slack.blocks.submission_parsers import (
    parse_activity,
    parse_coaching_rating,
    parse_forecast,
    parse_skip,
)
from bot.slack.ids import BlockId
from tests.slack.blocks.slack_payloads import number, picked, plain, radio, state, static


def _forecast(commit: str | None, best_case: str | None, pipeline: str | None) -> dict[str, Any]:
    return state(
        commit=number(commit),
        best_case=number(best_case),
        pipeline=number(pipeline),
        changes=plain("Initech slipped to Q3"),
        key_deals=plain("  Globex renewal\n"),
        risks=plain(None),
    )


def test_a_valid_forecast_becomes_decimals_and_trimmed_notes() -> None:
    parsed = parse_forecast(_forecast("1250000", "1600000.50", "3400000"), currency="EUR")

    assert parsed == ForecastInput(
        commit=Decimal("1250000"),
        best_case=Decimal("1600000.50"),
        pipeline=Decimal("3400000"),
        changes="Initech slipped to Q3",
        key_deals="Globex renewal",
        risks=None,
    )


def test_equal_figures_are_fine() -> None:
    assert isinstance(parse_forecast(_forecast("100", "100", "100")), ForecastInput)


@pytest.mark.parametrize("raw", ["abc", "1,000", "NaN", "Infinity", "12e"])
def test_a_forecast_figure_that_is_not_a_number_is_rejected_on_its_field(raw: str) -> None:
    assert parse_forecast(_forecast("100", raw, "300")) == {
        BlockId.BEST_CASE: "Enter a number, like 125000 or 125000.50."
    }


def test_a_missing_figure_is_asked_for() -> None:
    assert parse_forecast(_forecast("100", "200", None)) == {
        BlockId.PIPELINE: "Enter your pipeline."
    }


def test_a_negative_figure_is_rejected() -> None:
    assert parse_forecast(_forecast("-5", "200", "300")) == {
        BlockId.COMMIT: "Commit can't be negative."
    }


def test_commit_above_best_case_is_an_error_on_commit_with_the_best_case_shown() -> None:
    assert parse_forecast(_forecast("1700000", "1600000", "3400000"), currency="EUR") == {
        BlockId.COMMIT: "Commit can't be above best case (€1,600,000)."
    }


def test_best_case_above_pipeline_is_an_error_on_best_case() -> None:
    assert parse_forecast(_forecast("100000", "500000", "450000.5"), currency="USD") == {
        BlockId.BEST_CASE: "Best case can't be above pipeline ($450,000.50)."
    }


def test_both_inversions_are_reported_at_once() -> None:
    errors = parse_forecast(_forecast("900", "500", "100"))

    assert errors == {
        BlockId.COMMIT: "Commit can't be above best case (500).",
        BlockId.BEST_CASE: "Best case can't be above pipeline (100).",
    }


@pytest.mark.parametrize("raw", ["100.555", "1000000000000"])
def test_a_figure_the_database_cannot_hold_is_rejected(raw: str) -> None:
    assert parse_forecast(_forecast("1", "2", raw)) == {
        BlockId.PIPELINE: "Use at most 2 decimals and fewer than 13 digits."
    }


QUESTIONS = (
    Question(id="stale_deals", label="Stale deals", type=QuestionType.NUMBER),
    Question(id="cleanup", label="What did you clean up?", multiline=True, required=False),
    Question(
        id="confidence", label="Confidence", type=QuestionType.SELECT, options=("Low", "High")
    ),
    Question(id="next_review", label="Next review", type=QuestionType.DATE, required=False),
)


def _activity(**overrides: dict[str, Any]) -> dict[str, Any]:
    values = {
        "question.stale_deals": {"question.stale_deals": number("4")},
        "question.cleanup": {"question.cleanup": plain(None)},
        "question.confidence": {"question.confidence": static("High")},
        "question.next_review": {"question.next_review": picked(date(2024, 6, 1))},
    }
    values.update({k: {k: v} for k, v in overrides.items()})
    return values


def test_activity_answers_are_typed_by_question() -> None:
    assert parse_activity(_activity(), QUESTIONS) == ActivityInput(
        answers={
            "stale_deals": Decimal("4"),
            "cleanup": None,
            "confidence": "High",
            "next_review": date(2024, 6, 1),
        }
    )


def test_an_activity_number_that_is_not_a_number_is_rejected() -> None:
    errors = parse_activity(_activity(**{"question.stale_deals": number("four")}), QUESTIONS)

    assert errors == {"question.stale_deals": "Enter a number."}


def test_a_required_activity_question_left_empty_is_rejected() -> None:
    errors = parse_activity(_activity(**{"question.confidence": static(None)}), QUESTIONS)

    assert errors == {"question.confidence": "Please answer this question."}


def test_an_activity_option_that_is_not_configured_is_rejected() -> None:
    errors = parse_activity(_activity(**{"question.confidence": static("Medium")}), QUESTIONS)

    assert errors == {"question.confidence": "Choose one of the options."}


def test_a_rep_who_was_coached_rates_usefulness() -> None:
    values = state(
        received_coaching=radio("yes"), usefulness=radio("4"), comment=plain("Great ride-along")
    )

    assert parse_coaching_rating(values) == CoachingRatingInput(
        received_coaching=True, usefulness=4, comment="Great ride-along"
    )


def test_usefulness_is_required_when_the_rep_was_coached() -> None:
    values = state(received_coaching=radio("yes"), usefulness=radio(None), comment=plain(None))

    assert parse_coaching_rating(values) == {
        BlockId.USEFULNESS: "How useful was the coaching? Pick 1 to 5."
    }


def test_a_rep_who_was_not_coached_has_nothing_to_rate() -> None:
    values = state(received_coaching=radio("no"), usefulness=radio("2"), comment=plain(None))

    assert parse_coaching_rating(values) == CoachingRatingInput(received_coaching=False)


@pytest.mark.parametrize("value", ["0", "6", "five"])
def test_usefulness_outside_1_to_5_is_rejected(value: str) -> None:
    values = state(received_coaching=radio("yes"), usefulness=radio(value))

    assert parse_coaching_rating(values) == {BlockId.USEFULNESS: "Pick a number from 1 to 5."}


def test_the_coaching_question_must_be_answered() -> None:
    assert parse_coaching_rating(state(received_coaching=radio(None))) == {
        BlockId.RECEIVED_COACHING: "Say whether you were coached in this period."
    }


def test_a_skip_with_a_listed_reason_needs_no_details() -> None:
    values = state(skip_reason=radio("customer_emergency"), skip_note=plain(None))

    assert parse_skip(values) == SkipInput(reason=SkipReason.CUSTOMER_EMERGENCY)


def test_an_other_reason_needs_details() -> None:
    values = state(skip_reason=radio("other"), skip_note=plain("   "))

    assert parse_skip(values) == {BlockId.SKIP_NOTE: "Tell us what happened: the reason is Other."}


def test_an_other_reason_with_details_is_kept() -> None:
    values = state(skip_reason=radio("other"), skip_note=plain("Offsite all week"))

    assert parse_skip(values) == SkipInput(reason=SkipReason.OTHER, note="Offsite all week")


@pytest.mark.parametrize("reason", [None, "bored"])
def test_a_skip_needs_a_known_reason(reason: str | None) -> None:
    assert parse_skip(state(skip_reason=radio(reason))) == {BlockId.SKIP_REASON: "Choose a reason."}
