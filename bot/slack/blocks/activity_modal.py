"""A custom activity's modal: one input per question from the config."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from slack_sdk.models.blocks import Block, InputBlock
from slack_sdk.models.views import View

from bot.domain.cadence import Question, QuestionType
from bot.domain.submissions import Answer
from bot.slack.blocks.context import ActivityDefaults, FormSubject
from bot.slack.blocks.inputs import (
    date_input,
    due_context,
    modal,
    number_input,
    option,
    select_input,
    text_input,
)
from bot.slack.ids import CallbackId, question_block_id


def activity_modal(
    subject: FormSubject,
    *,
    questions: Sequence[Question],
    defaults: ActivityDefaults | None = None,
) -> View:
    """``defaults``: the answers being edited, by question id."""
    answers = defaults or {}
    # Answers are only ever pre-filled from this occurrence's own latest version: an edit.
    note = ["Editing your answers: the earlier version is kept."] if defaults else []
    blocks: list[Block] = [*due_context(subject, *note)]
    blocks += [question_input(q, answers.get(q.id)) for q in questions]
    return modal(
        callback_id=CallbackId.ACTIVITY,
        title=subject.title,
        submit="Submit",
        blocks=blocks,
        metadata=subject.metadata,
    )


def question_input(question: Question, answer: Answer) -> InputBlock:
    block_id, label, optional = (
        question_block_id(question.id),
        question.label,
        not question.required,
    )
    if question.type is QuestionType.NUMBER:
        initial = answer if isinstance(answer, Decimal) else None
        return number_input(block_id, label, initial=initial, optional=optional)
    if question.type is QuestionType.DATE:
        day = answer if isinstance(answer, date) else None
        return date_input(block_id, label, initial=day, optional=optional)
    text = answer if isinstance(answer, str) else None
    if question.type is QuestionType.SELECT:
        options = [option(choice, choice) for choice in question.options]
        return select_input(block_id, label, options, initial=text, optional=optional)
    return text_input(
        block_id, label, initial=text, multiline=question.multiline, optional=optional
    )
