from __future__ import annotations

from datetime import date

from bot.domain.submissions import CoachingRatingInput
from bot.slack.blocks.coaching_modal import coaching_rating_modal
from bot.slack.blocks.context import CoachingRatingContext, FormSubject
from bot.slack.ids import BlockId, CallbackId
from tests.slack.blocks.slack_payloads import block, serialised, visible_text

SUBJECT = FormSubject(title="Coaching pulse", cadence_id="coaching-pulse", occurrence_id=44)
RATING = CoachingRatingContext(
    manager_name="Dana Whitfield", period_start=date(2024, 5, 6), period_end=date(2024, 5, 19)
)


def test_the_rating_modal_says_clearly_that_the_answer_is_private() -> None:
    view = serialised(coaching_rating_modal(SUBJECT, rating=RATING))

    shown = visible_text(view)
    assert view["callback_id"] == CallbackId.COACHING_RATING
    assert view["title"]["text"] == "Rate your coaching"
    assert "*Your answer is private.* Dana Whitfield never sees individual answers" in shown
    assert "only shown in aggregate, when at least 3 reps have answered" in shown


def test_the_rep_answers_yes_or_no_then_how_useful_from_1_to_5() -> None:
    view = serialised(coaching_rating_modal(SUBJECT, rating=RATING))

    received = block(view, BlockId.RECEIVED_COACHING)
    assert (
        received["label"]["text"]
        == "Did Dana Whitfield coach you between Mon 6 May and Sun 19 May?"
    )
    assert [o["value"] for o in received["element"]["options"]] == ["yes", "no"]
    usefulness = block(view, BlockId.USEFULNESS)
    assert usefulness["optional"] is True
    assert [o["value"] for o in usefulness["element"]["options"]] == ["1", "2", "3", "4", "5"]
    assert usefulness["element"]["options"][4]["text"]["text"] == "5 · Very useful"
    assert block(view, BlockId.COMMENT)["optional"] is True


def test_a_rating_from_the_slash_command_is_pre_filled() -> None:
    rating = CoachingRatingContext(
        manager_name="Dana Whitfield",
        period_start=date(2024, 5, 6),
        period_end=date(2024, 5, 19),
        min_responses=5,
        answer=CoachingRatingInput(
            received_coaching=True, usefulness=4, comment="Great ride-along"
        ),
    )

    view = serialised(coaching_rating_modal(SUBJECT, rating=rating))

    assert block(view, BlockId.RECEIVED_COACHING)["element"]["initial_option"]["value"] == "yes"
    assert block(view, BlockId.USEFULNESS)["element"]["initial_option"]["value"] == "4"
    assert block(view, BlockId.COMMENT)["element"]["initial_value"] == "Great ride-along"
    assert "at least 5 reps" in visible_text(view)
