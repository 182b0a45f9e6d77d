"""Skip an occurrence with a reason; a reason keeps it out of adherence."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.domain.occurrence import SkipReason
from bot.slack.blocks.context import FormSubject
from bot.slack.blocks.display import context, section
from bot.slack.blocks.inputs import modal, option, radio_input, text_input
from bot.slack.blocks.labels import SKIP_REASONS
from bot.slack.blocks.nudges import NOT_COUNTED
from bot.slack.blocks.text import escape, slack_datetime
from bot.slack.ids import BlockId, CallbackId


def skip_modal(subject: FormSubject, reasons: Sequence[SkipReason] = tuple(SkipReason)) -> View:
    """``reasons``: the accepted reasons the config offers (``nudges.skip_reasons``)."""
    due = f" (due {slack_datetime(subject.due_at, subject.tz)})" if subject.due_at else ""
    blocks: list[Block] = [
        section(f"Skip *{escape(subject.title)}*{due} this time?"),
        radio_input(
            BlockId.SKIP_REASON,
            "Reason",
            [option(reason, SKIP_REASONS[reason]) for reason in reasons],
        ),
        text_input(
            BlockId.SKIP_NOTE,
            "Details",
            multiline=True,
            optional=True,
            hint="Required when the reason is Other." if SkipReason.OTHER in reasons else None,
        ),
        context(NOT_COUNTED),
    ]
    return modal(
        callback_id=CallbackId.SKIP_REASON,
        title="Skip with a reason",
        submit="Skip",
        blocks=blocks,
        metadata=subject.metadata,
    )
