"""A leader's own call on the forecast roll-up: the modal behind the digest's "Adjust forecast",
its parser, and the reference its button and ``private_metadata`` carry (the period)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack.blocks.display import context, section
from bot.slack.blocks.inputs import modal, number_input, text_input
from bot.slack.blocks.state import StateValues, text
from bot.slack.blocks.submission_parsers import FieldErrors, money_amount
from bot.slack.blocks.text import MAX_TEXT, clip, day, escape, money
from bot.slack.ids import MAX_REFERENCE_CHARS, BlockId, CallbackId, InvalidReference

KEPT_APART = (
    "Your adjustment is shown beside your managers' total in your digest, never added into "
    "their numbers. The latest one you record for a period is the one that stands."
)


@dataclass(frozen=True)
class AdjustmentRef:
    """Which forecast period the leader adjusts: the button's value, the modal's metadata."""

    period_start: date

    def encode(self) -> str:
        return json.dumps({"p": self.period_start.isoformat()})

    @classmethod
    def decode(cls, raw: str | None) -> AdjustmentRef:
        try:
            data = json.loads(raw) if raw and len(raw) <= MAX_REFERENCE_CHARS else None
            if not isinstance(data, dict) or set(data) != {"p"} or not isinstance(data["p"], str):
                raise ValueError("expected the key p")
            return cls(date.fromisoformat(data["p"]))
        except ValueError as error:
            raise InvalidReference(f"not a forecast adjustment reference: {error}") from None


@dataclass(frozen=True)
class AdjustmentForm:
    """What the modal shows: the period, and the call that stands for it (if any)."""

    period_start: date
    currency: str
    standing_amount: Decimal | None = None
    standing_note: str | None = None


@dataclass(frozen=True)
class AdjustmentInput:
    amount: Decimal
    note: str


def adjustment_modal(form: AdjustmentForm) -> View:
    blocks: list[Block] = [
        section(f"Your own call on the forecast for the week of *{day(form.period_start)}*."),
    ]
    if form.standing_amount is not None:
        standing = money(form.standing_amount, form.currency)
        blocks.append(context(f"Standing: {standing} ({escape(form.standing_note or '')})"))
    blocks += [
        number_input(
            BlockId.ADJUSTMENT_AMOUNT,
            f"Adjustment ({form.currency.upper()})",
            initial=form.standing_amount,
            hint="Added beside your managers' commit: 250000 raises it, -50000 cuts it.",
        ),
        text_input(
            BlockId.ADJUSTMENT_NOTE,
            "Why",
            multiline=True,
            placeholder="e.g. Pulled in two deals",
        ),
        context(KEPT_APART),
    ]
    return modal(
        callback_id=CallbackId.ADJUST_FORECAST,
        title="Adjust forecast",
        submit="Save",
        blocks=blocks,
        metadata=AdjustmentRef(form.period_start),
    )


def parse_adjustment(values: StateValues) -> AdjustmentInput | FieldErrors:
    errors: FieldErrors = {}
    amount = money_amount(
        text(values, BlockId.ADJUSTMENT_AMOUNT),
        missing="Enter the amount of your adjustment.",
        example="250000",
    )
    if isinstance(amount, str):
        errors[BlockId.ADJUSTMENT_AMOUNT] = amount
    note = text(values, BlockId.ADJUSTMENT_NOTE)
    if note is None:
        errors[BlockId.ADJUSTMENT_NOTE] = "Say why: your note is shown beside the adjustment."
    if errors or isinstance(amount, str) or note is None:
        return errors
    return AdjustmentInput(amount, clip(note, MAX_TEXT))
