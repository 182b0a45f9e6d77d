"""Save a parsed submission in one transaction, or answer with errors next to the fields.

`refusing` wraps every form's listener: a refusal about the item itself (not the person's, or
a ``private_metadata`` Cadence did not write) replaces the modal with the reason, whichever
form it was and wherever in the listener it was found. A refusal about what was typed is shown
under its field by `save`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack, BoltContext
from sqlalchemy.orm import Session

from bot.bootstrap import Container
from bot.persistence.models import Person
from bot.services import prefill
from bot.services.checklists import record_checklist
from bot.services.errors import AlreadyClosed, EditConflict, InvalidSubmission, NotAllowed
from bot.services.prefill import FormItem
from bot.slack.blocks.inputs import notice_modal
from bot.slack.blocks.state import selected_many
from bot.slack.ids import BlockId, InvalidReference, PrivateMetadata
from bot.slack.listeners.replies import STALE_BUTTON, refusal_text

Submit = Callable[[Ack, dict[str, Any], BoltContext], None]

# Refusals about the item a form is for, and about what was typed in it.
ITEM_REFUSALS = (NotAllowed, InvalidReference)
INPUT_REFUSALS = (InvalidSubmission, AlreadyClosed, EditConflict)


def refusing(submit: Submit) -> Submit:
    """``submit``, answering any item refusal it raises with a modal that says why."""

    def submission(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        try:
            submit(ack, view, context)
        except ITEM_REFUSALS as refusal:
            ack(response_action="update", view=notice_modal(refusal_text(refusal)))

    submission.__name__ = submit.__name__
    return submission


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
    except INPUT_REFUSALS as refusal:
        reject(ack, {block_id: str(refusal)})
        return
    ack()


def with_checklist(
    view: dict[str, Any], container: Container, person_id: int, use_case: Callable[[Session], Any]
) -> Callable[[Session], Any]:
    """``use_case``, then, in the same transaction, what was ticked on the cadence's checklist."""
    meta = PrivateMetadata.decode(view.get("private_metadata"))
    cadence = container.operating_system.cadence(meta.cadence_id or "")
    items = cadence.checklist if cadence else ()
    chosen = [
        items[int(v)]
        for v in selected_many(values_of(view), BlockId.CHECKLIST)
        if v.isdigit() and int(v) < len(items)
    ]

    def run(session: Session) -> Any:
        result = use_case(session)
        if meta.occurrence_id is not None and cadence is not None:
            record_checklist(
                session,
                occurrence_id=meta.occurrence_id,
                person_id=person_id,
                checklist=cadence.checklist,
                chosen=chosen,
            )
        return result

    return run


def values_of(view: dict[str, Any]) -> dict[str, Any]:
    """What was typed; a view without state reads as an empty form (every field missing)."""
    values = (view.get("state") or {}).get("values")
    return values if isinstance(values, dict) else {}


def metadata_of(view: dict[str, Any]) -> PrivateMetadata:
    return PrivateMetadata.decode(view.get("private_metadata"))


def occurrence_id_of(view: dict[str, Any]) -> int:
    """The item a modal is about; a form for an item always names it. Whether the item is the
    person's own, the service checks in the saving transaction (`outcomes.own_occurrence`)."""
    occurrence_id = metadata_of(view).occurrence_id
    if occurrence_id is None:
        raise NotAllowed(STALE_BUTTON)
    return occurrence_id


def own_item(
    session: Session, view: dict[str, Any], *, container: Container, person: Person
) -> FormItem:
    """The person's own item, for a form whose questions depend on it (activity, team)."""
    return prefill.form_item(
        session,
        occurrence_id=occurrence_id_of(view),
        person_id=person.id,
        operating_system=container.operating_system,
    )
