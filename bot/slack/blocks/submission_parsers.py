"""Modal submissions → typed inputs, or the errors to show next to each field.

A parser returns either the whole validated input or ``FieldErrors`` (block id → message), ready
for ``{"response_action": "errors", "errors": ...}``; nothing is ever half-read. The 1:1 and
team-meeting parsers live in ``meeting_parsers``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal

from bot.domain.cadence import Question, QuestionType
from bot.domain.occurrence import SkipReason
from bot.domain.submissions import (
    USEFULNESS_SCALE,
    ActivityInput,
    Answer,
    CoachingRatingInput,
    Figure,
    FigureProblem,
    ForecastInput,
    SkipInput,
    fits_money_column,
    forecast_problems,
    skip_note_required,
    usefulness_required,
)
from bot.domain.typed_input import parse_decimal, parse_whole_number
from bot.slack.blocks.coaching_modal import NO, YES
from bot.slack.blocks.state import StateValues, picked_date, selected, text
from bot.slack.blocks.text import money
from bot.slack.ids import BlockId, question_block_id

FieldErrors = dict[str, str]

FIGURE_BLOCKS = {
    Figure.COMMIT: BlockId.COMMIT,
    Figure.BEST_CASE: BlockId.BEST_CASE,
    Figure.PIPELINE: BlockId.PIPELINE,
}


def parse_number(raw: str | None) -> Decimal | None:
    """A number as the help shows it (see `typed_input`), or None for anything else."""
    return None if raw is None else parse_decimal(raw)


def money_amount(raw: str | None, *, missing: str, example: str) -> Decimal | str:
    """The amount typed into a money field, or the message to show under it."""
    amount = parse_number(raw)
    if raw is None:
        return missing
    if amount is None:
        return f"Enter a number, like {example}."
    if not fits_money_column(amount):
        return "Use at most 2 decimals and fewer than 13 digits."
    return amount


def _amount(values: StateValues, figure: Figure, errors: FieldErrors) -> Decimal:
    block = FIGURE_BLOCKS[figure]
    amount = money_amount(
        text(values, block),
        missing=f"Enter your {figure.label.lower()}.",
        example="125000 or 125000.50",
    )
    if isinstance(amount, str):
        errors[block] = amount
        return Decimal(0)
    return amount


def _figure_message(problem: FigureProblem, currency: str | None) -> str:
    label = problem.figure.label
    if problem.above is None or problem.limit is None:
        return f"{label} can't be negative."
    limit = money(problem.limit, currency) if currency else f"{problem.limit:,}"
    return f"{label} can't be above {problem.above.label.lower()} ({limit})."


def parse_forecast(
    values: StateValues, *, currency: str | None = None
) -> ForecastInput | FieldErrors:
    errors: FieldErrors = {}
    commit, best_case, pipeline = (_amount(values, f, errors) for f in Figure)
    if errors:
        return errors
    problems = forecast_problems(commit=commit, best_case=best_case, pipeline=pipeline)
    if problems:
        return {FIGURE_BLOCKS[p.figure]: _figure_message(p, currency) for p in problems}
    return ForecastInput(
        commit=commit,
        best_case=best_case,
        pipeline=pipeline,
        changes=text(values, BlockId.CHANGES),
        key_deals=text(values, BlockId.KEY_DEALS),
        risks=text(values, BlockId.RISKS),
    )


def _answer(values: StateValues, question: Question) -> tuple[Answer, str | None]:
    """The answer to one question, and the error to show instead (if any)."""
    block = question_block_id(question.id)
    answer: Answer
    if question.type is QuestionType.NUMBER:
        raw = text(values, block)
        answer = parse_number(raw)
        if raw is not None and answer is None:
            return None, "Enter a number."
    elif question.type is QuestionType.DATE:
        answer = picked_date(values, block)
    elif question.type is QuestionType.SELECT:
        answer = selected(values, block)
        if answer is not None and answer not in question.options:
            return None, "Choose one of the options."
    else:
        answer = text(values, block)
    if answer is None and question.required:
        return None, "Please answer this question."
    return answer, None


def parse_activity(
    values: StateValues, questions: Sequence[Question]
) -> ActivityInput | FieldErrors:
    answers: dict[str, Answer] = {}
    errors: FieldErrors = {}
    for question in questions:
        answer, error = _answer(values, question)
        if error:
            errors[question_block_id(question.id)] = error
        answers[question.id] = answer
    return errors or ActivityInput(answers=answers)


def parse_coaching_rating(values: StateValues) -> CoachingRatingInput | FieldErrors:
    received = {YES: True, NO: False}.get(selected(values, BlockId.RECEIVED_COACHING) or "")
    if received is None:
        return {BlockId.RECEIVED_COACHING: "Say whether you were coached in this period."}
    raw = selected(values, BlockId.USEFULNESS)
    usefulness = parse_whole_number(raw, USEFULNESS_SCALE) if raw is not None else None
    if raw is not None and usefulness is None:
        return {BlockId.USEFULNESS: "Pick a number from 1 to 5."}
    if usefulness_required(received_coaching=received, usefulness=usefulness):
        return {BlockId.USEFULNESS: "How useful was the coaching? Pick 1 to 5."}
    return CoachingRatingInput(
        received_coaching=received,
        # Without coaching there is nothing to rate; a stray pick is dropped, not stored.
        usefulness=usefulness if received else None,
        comment=text(values, BlockId.COMMENT),
    )


def parse_skip(
    values: StateValues, accepted: Collection[SkipReason] = tuple(SkipReason)
) -> SkipInput | FieldErrors:
    """``accepted``: the reasons the config offers; another one is refused on its field."""
    try:
        reason = SkipReason(selected(values, BlockId.SKIP_REASON) or "")
    except ValueError:
        return {BlockId.SKIP_REASON: "Choose a reason."}
    if reason not in accepted:
        return {BlockId.SKIP_REASON: "Choose one of the reasons offered."}
    note = text(values, BlockId.SKIP_NOTE)
    if skip_note_required(reason, note):
        return {BlockId.SKIP_NOTE: "Tell us what happened: the reason is Other."}
    return SkipInput(reason=reason, note=note)
