"""Queries about action items: one person's open items, a 1:1 pair's, the overdue, history."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, joinedload

from bot.persistence.models import ActionItem, OneOnOneNote, OutboxMessage, OutboxState


def overdue_reminder_key(item_id: int) -> str:
    return f"item:{item_id}:overdue"


def locked_item(session: Session, item_id: int) -> ActionItem | None:
    """The item with its note, locked for the rest of the transaction (two clicks, one close)."""
    return session.scalar(
        select(ActionItem)
        .where(ActionItem.id == item_id)
        .options(joinedload(ActionItem.note))
        .with_for_update(of=ActionItem)
    )


def open_of_owner(session: Session, owner_id: int) -> Sequence[ActionItem]:
    """The person's open items, soonest due first (no due date last)."""
    return session.scalars(
        select(ActionItem)
        .where(ActionItem.owner_id == owner_id, ActionItem.done_at.is_(None))
        .options(joinedload(ActionItem.note))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    ).all()


# Built once: it follows every `/cadence status`, where building a statement costs more
# than running it.
_OPEN_DUE_DATES = select(ActionItem.due_on).where(
    ActionItem.owner_id == bindparam("owner_id"), ActionItem.done_at.is_(None)
)


def open_due_dates(session: Session, owner_id: int) -> list[date | None]:
    """The due dates of the person's open items (None: no due date), for counting them."""
    return list(session.scalars(_OPEN_DUE_DATES, {"owner_id": owner_id}))


def open_of_pair(
    session: Session, *, manager_id: int, rep_id: int, except_note_id: int | None = None
) -> Sequence[ActionItem]:
    """Every open item agreed in this manager's 1:1s with this rep, whoever owns it."""
    query = (
        select(ActionItem)
        .join(ActionItem.note)
        .where(
            OneOnOneNote.manager_id == manager_id,
            OneOnOneNote.rep_id == rep_id,
            ActionItem.done_at.is_(None),
        )
        .options(joinedload(ActionItem.note))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    )
    if except_note_id is not None:
        query = query.where(ActionItem.one_on_one_note_id != except_note_id)
    return session.scalars(query).all()


def unreminded_overdue(session: Session, *, due_before: date) -> list[ActionItem]:
    """Open items due before ``due_before`` whose overdue reminder was never queued."""
    candidates = session.scalars(
        select(ActionItem)
        .where(ActionItem.done_at.is_(None), ActionItem.due_on < due_before)
        .options(joinedload(ActionItem.note))
        .order_by(ActionItem.id)
    ).all()
    keys = [overdue_reminder_key(item.id) for item in candidates]
    queued = set(
        session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys)))
    )
    return [item for item in candidates if overdue_reminder_key(item.id) not in queued]


def cancel_overdue_reminder(session: Session, item_ids: Collection[int], *, reason: str) -> None:
    if not item_ids:
        return
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.dedupe_key.in_([overdue_reminder_key(i) for i in item_ids]),
            OutboxMessage.state == OutboxState.PENDING,
        )
        .values(state=OutboxState.CANCELLED, error=reason)
        .execution_options(synchronize_session=False)
    )


def of_managers(
    session: Session, *, manager_ids: Collection[int], held_from: date
) -> Sequence[ActionItem]:
    """Items agreed in these managers' 1:1s held on or after ``held_from``."""
    if not manager_ids:
        return []
    return session.scalars(
        select(ActionItem)
        .join(ActionItem.note)
        .where(OneOnOneNote.manager_id.in_(manager_ids), OneOnOneNote.held_on >= held_from)
        .options(joinedload(ActionItem.note))
        .order_by(ActionItem.id)
    ).all()
