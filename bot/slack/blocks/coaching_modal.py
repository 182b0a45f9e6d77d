"""The coaching rating modal a rep fills in about their own manager. Private by design."""

from __future__ import annotations

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.domain.submissions import USEFULNESS_SCALE
from bot.slack.blocks.context import CoachingRatingContext, FormSubject
from bot.slack.blocks.display import context
from bot.slack.blocks.inputs import modal, option, radio_input, text_input
from bot.slack.blocks.text import day, escape
from bot.slack.ids import BlockId, CallbackId

YES, NO = "yes", "no"
USEFULNESS_LABELS = {1: "Not useful", 3: "Somewhat useful", 5: "Very useful"}


def privacy_note(manager_name: str, min_responses: int) -> str:
    return (
        f":lock: *Your answer is private.* {escape(manager_name)} never sees individual answers: "
        f"they are only shown in aggregate, when at least {min_responses} reps have answered."
    )


def coaching_rating_modal(subject: FormSubject, *, rating: CoachingRatingContext) -> View:
    manager, answer = rating.manager_name, rating.answer
    period = f"{day(rating.period_start)} and {day(rating.period_end)}"
    received = None if answer is None else (YES if answer.received_coaching else NO)
    blocks: list[Block] = [
        context(privacy_note(manager, rating.min_responses)),
        radio_input(
            BlockId.RECEIVED_COACHING,
            f"Did {manager} coach you between {period}?",
            [option(YES, "Yes"), option(NO, "No")],
            initial=received,
        ),
        radio_input(
            BlockId.USEFULNESS,
            "How useful was it?",
            [
                option(
                    str(n), f"{n} · {USEFULNESS_LABELS[n]}" if n in USEFULNESS_LABELS else str(n)
                )
                for n in USEFULNESS_SCALE
            ],
            initial=str(answer.usefulness) if answer and answer.usefulness else None,
            optional=True,
            hint="Required if you answered yes.",
        ),
        text_input(
            BlockId.COMMENT,
            "Anything to add?",
            initial=answer.comment if answer else None,
            multiline=True,
            optional=True,
            hint="Private too: comments are never shown with your name.",
        ),
    ]
    return modal(
        callback_id=CallbackId.COACHING_RATING,
        title="Rate your coaching",
        submit="Send",
        blocks=blocks,
        metadata=subject.metadata,
    )
