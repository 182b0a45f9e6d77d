"""``/cadence items``: your open action items, each with a Done button."""

from __future__ import annotations

from bot.domain.action_items import ItemState
from bot.services.action_items import open_items_of
from bot.slack.blocks.action_items import my_items_message
from bot.slack.blocks.context import ActionItemLine
from bot.slack.listeners.commands.invocation import Invocation


def show_items(call: Invocation) -> None:
    with call.container.unit_of_work() as uow:
        lines = open_items_of(uow.session, person_id=call.person.id, now=call.container.clock())
    shown = my_items_message(
        [
            ActionItemLine(
                line.text,
                line.due_on,
                line.item_id,
                overdue=line.state is ItemState.OVERDUE,
                with_name=line.who,
            )
            for line in lines
        ]
    )
    call.ack(text=shown.text, blocks=shown.blocks)
