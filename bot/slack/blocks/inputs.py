"""Modal scaffolding: the ``View`` and one factory per kind of input block.

Every input element's ``action_id`` equals its block's id, so a parser needs only the block id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    InputInteractiveElement,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.slack.blocks.context import FormSubject
from bot.slack.blocks.display import context
from bot.slack.blocks.text import MAX_TEXT, clip, slack_datetime
from bot.slack.ids import BlockId, CallbackId

MAX_TITLE = 24
MAX_OPTION_LABEL = 75
MAX_CHECKBOXES = 10


class Reference(Protocol):
    """What a modal is about, kept in its ``private_metadata``: ``PrivateMetadata`` and the like."""

    def encode(self) -> str: ...


def modal(
    *,
    callback_id: CallbackId,
    title: str,
    submit: str,
    blocks: Sequence[Block],
    metadata: Reference,
) -> View:
    return View(
        type="modal",
        callback_id=callback_id,
        title=PlainTextObject(text=clip(title, MAX_TITLE)),
        submit=PlainTextObject(text=clip(submit, MAX_TITLE)),
        close=PlainTextObject(text="Cancel"),
        private_metadata=metadata.encode(),
        blocks=list(blocks),
    )


def notice_modal(text: str) -> View:
    """A modal that only tells something: shown in place of a form Cadence will not take."""
    return View(
        type="modal",
        title=PlainTextObject(text="Cadence"),
        close=PlainTextObject(text="OK"),
        blocks=[SectionBlock(text=MarkdownTextObject(text=clip(text, MAX_TEXT)))],
    )


def option(value: str, label: str) -> Option:
    return Option(value=value, label=clip(label, MAX_OPTION_LABEL))


def _block(
    block_id: str,
    label: str,
    element: InputInteractiveElement,
    *,
    optional: bool,
    hint: str | None = None,
    dispatch: bool = False,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=label),
        element=element,
        optional=optional,
        hint=PlainTextObject(text=hint) if hint else None,
        dispatch_action=dispatch or None,
    )


def text_input(
    block_id: str,
    label: str,
    *,
    initial: str | None = None,
    multiline: bool = False,
    optional: bool = False,
    hint: str | None = None,
    placeholder: str | None = None,
) -> InputBlock:
    element = PlainTextInputElement(
        action_id=block_id,
        initial_value=clip(initial, MAX_TEXT) if initial else None,
        multiline=multiline,
        max_length=MAX_TEXT,
        placeholder=placeholder,
    )
    return _block(block_id, label, element, optional=optional, hint=hint)


def number_input(
    block_id: str,
    label: str,
    *,
    initial: Decimal | None = None,
    optional: bool = False,
    hint: str | None = None,
    min_value: int | None = None,
) -> InputBlock:
    element = NumberInputElement(
        action_id=block_id,
        is_decimal_allowed=True,
        initial_value=_plain_number(initial) if initial is not None else None,
        min_value=min_value,
    )
    return _block(block_id, label, element, optional=optional, hint=hint)


def _plain_number(amount: Decimal) -> str:
    """``120000`` rather than ``1.2E+5`` or ``120000.00``."""
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def date_input(
    block_id: str,
    label: str,
    *,
    initial: date | None = None,
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    element = DatePickerElement(
        action_id=block_id, initial_date=initial.isoformat() if initial else None
    )
    return _block(block_id, label, element, optional=optional, hint=hint)


def _initial(options: Sequence[Option], value: str | None) -> Option | None:
    return next((o for o in options if o.value == value), None)


def _initials(options: Sequence[Option], values: Sequence[str]) -> list[Option] | None:
    """The options already ticked; None rather than an empty list, which Slack refuses."""
    return [o for o in options if o.value in values] or None


def select_input(
    block_id: str,
    label: str,
    options: Sequence[Option],
    *,
    initial: str | None = None,
    optional: bool = False,
    hint: str | None = None,
    placeholder: str = "Choose…",
    action_id: str | None = None,
    dispatch: bool = False,
) -> InputBlock:
    """``action_id`` defaults to the block id; ``dispatch`` sends a block action on change."""
    element = StaticSelectElement(
        action_id=action_id or block_id,
        options=list(options),
        initial_option=_initial(options, initial),
        placeholder=placeholder,
    )
    return _block(block_id, label, element, optional=optional, hint=hint, dispatch=dispatch)


def multi_select_input(
    block_id: str,
    label: str,
    options: Sequence[Option],
    *,
    initial: Sequence[str] = (),
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    element = StaticMultiSelectElement(
        action_id=block_id,
        options=list(options),
        initial_options=_initials(options, initial),
        placeholder="Choose…",
    )
    return _block(block_id, label, element, optional=optional, hint=hint)


def checkboxes_input(
    block_id: str,
    label: str,
    options: Sequence[Option],
    *,
    initial: Sequence[str] = (),
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    """Checkboxes, or a multi-select past Slack's 10 checkboxes; both send ``selected_options``."""
    if len(options) > MAX_CHECKBOXES:
        return multi_select_input(
            block_id, label, options, initial=initial, optional=optional, hint=hint
        )
    element = CheckboxesElement(
        action_id=block_id, options=list(options), initial_options=_initials(options, initial)
    )
    return _block(block_id, label, element, optional=optional, hint=hint)


def radio_input(
    block_id: str,
    label: str,
    options: Sequence[Option],
    *,
    initial: str | None = None,
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    element = RadioButtonsElement(
        action_id=block_id, options=list(options), initial_option=_initial(options, initial)
    )
    return _block(block_id, label, element, optional=optional, hint=hint)


def due_context(subject: FormSubject, *extra: str) -> list[Block]:
    """A context line above the inputs: when the occurrence is due, and any note."""
    parts = [f"Due {slack_datetime(subject.due_at, subject.tz)}"] if subject.due_at else []
    parts.extend(extra)
    return [context(" · ".join(parts))] if parts else []


def checklist_input(checklist: Sequence[str], done: Sequence[str] = ()) -> InputBlock:
    """A cadence's checklist: what doing it well means, ticked as it was last saved. Options are
    valued by position (an item may be longer than an option value may be)."""
    return checkboxes_input(
        BlockId.CHECKLIST,
        "Checklist",
        [option(str(n), item) for n, item in enumerate(checklist)],
        initial=[str(n) for n, item in enumerate(checklist) if item in done],
        optional=True,
        hint="Tick what you did. The share done is reported beside timeliness.",
    )
