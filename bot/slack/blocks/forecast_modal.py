"""The forecast modal: three figures in the org's currency and what is behind them."""

from __future__ import annotations

from slack_sdk.models.views import View

from bot.domain.submissions import ForecastInput
from bot.slack.blocks.context import FormSubject
from bot.slack.blocks.inputs import due_context, modal, number_input, text_input
from bot.slack.ids import BlockId, CallbackId


def forecast_modal(
    subject: FormSubject, *, currency: str, defaults: ForecastInput | None = None
) -> View:
    """Pre-filled with ``defaults``: the previous submission, or the version being edited."""
    note = []
    if subject.version_of is not None:
        note.append("Editing your forecast: the earlier version is kept.")
    elif defaults is not None:
        note.append("Pre-filled with your previous forecast: update what changed.")
    blocks = [
        *due_context(subject, *note),
        number_input(
            BlockId.COMMIT,
            f"Commit ({currency})",
            initial=defaults.commit if defaults else None,
            min_value=0,
            hint="What you are confident will close in the period.",
        ),
        number_input(
            BlockId.BEST_CASE,
            f"Best case ({currency})",
            initial=defaults.best_case if defaults else None,
            min_value=0,
            hint="Commit plus what could close if things go well.",
        ),
        number_input(
            BlockId.PIPELINE,
            f"Pipeline ({currency})",
            initial=defaults.pipeline if defaults else None,
            min_value=0,
            hint="Everything open that could close in the period.",
        ),
        text_input(
            BlockId.CHANGES,
            "What changed since last week",
            initial=defaults.changes if defaults else None,
            multiline=True,
            optional=True,
        ),
        text_input(
            BlockId.KEY_DEALS,
            "Key deals",
            initial=defaults.key_deals if defaults else None,
            multiline=True,
            optional=True,
        ),
        text_input(
            BlockId.RISKS,
            "Risks",
            initial=defaults.risks if defaults else None,
            multiline=True,
            optional=True,
        ),
    ]
    return modal(
        callback_id=CallbackId.FORECAST,
        title=subject.title,
        submit="Submit",
        blocks=blocks,
        metadata=subject.metadata,
    )
