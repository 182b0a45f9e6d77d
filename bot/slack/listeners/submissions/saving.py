"""Save a parsed submission in one transaction, or answer with errors next to the fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack
from sqlalchemy.orm import Session

from bot.bootstrap import Container
from bot.services.errors import NotAllowed
from bot.slack.ids import PrivateMetadata
from bot.slack.listeners.replies import REFUSALS, STALE_BUTTON


def reject(ack: Ack, errors: Mapping[str, str]) -> None:
    """Keep the modal open, with each message under its block (what was typed stays)."""
    ack(response_action="errors", errors=dict(errors))


def save(
    ack: Ack, container: Container, *, block_id: str, use_case: Callable[[Session], Any]
) -> None:
    """Run ``use_case`` in a unit of work; on a refusal nothing is saved and the modal says why
    under ``block_id``. The ack closes the modal only once the transaction committed."""
    try:
        with container.unit_of_work() as uow:
            use_case(uow.session)
    except REFUSALS as refusal:
        reject(ack, {block_id: str(refusal)})
        return
    ack()


def values_of(view: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = view["state"]["values"]
    return values


def occurrence_id_of(view: dict[str, Any]) -> int:
    """The item a modal is about; a modal without one was not built by Cadence."""
    occurrence_id = PrivateMetadata.decode(view.get("private_metadata")).occurrence_id
    if occurrence_id is None:
        raise NotAllowed(STALE_BUTTON)
    return occurrence_id
