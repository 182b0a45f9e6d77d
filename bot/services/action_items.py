"""Action items with a life: closed from the rep's summary, the next 1:1 or ``/cadence items``,
and one reminder to the owner once an item is overdue.

Who may close an item: its owner, and the manager whose 1:1 agreed it. An item is judged on
its owner's local date (``bot.domain.action_items``): done by its due date is on time.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain.action_items import ItemState, item_state, overdue_reminder_at
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.recurrence import to_local
from bot.domain.schedule import calendar_of
from bot.persistence.models import ActionItem, Person
from bot.persistence.repositories import action_items as rows
from bot.persistence.repositories import outbox
from bot.services.effective_os import effective_operating_system
from bot.services.errors import AlreadyClosed, NotAllowed

NOT_YOUR_ITEM = "This action item isn't yours to close."
ALREADY_DONE = "That action item is already done."


@dataclass(frozen=True)
class ItemLine:
    """One action item as a person sees it; ``who`` is the other side of the 1:1."""

    item_id: int
    text: str
    due_on: date | None
    state: ItemState
    owner_id: int
    who: str
    held_on: date
    note_id: int


def _local_today(person: Person, now: datetime) -> date:
    return to_local(now, person.timezone).date()


def _state(item: ActionItem, owner: Person, now: datetime) -> ItemState:
    done_on = to_local(item.done_at, owner.timezone).date() if item.done_at else None
    return item_state(due_on=item.due_on, done_on=done_on, today=_local_today(owner, now))


def _line(
    session: Session, item: ActionItem, owner: Person, *, viewer_id: int, now: datetime
) -> ItemLine:
    note = item.note
    other = session.get(Person, note.rep_id if viewer_id == note.manager_id else note.manager_id)
    return ItemLine(
        item_id=item.id,
        text=item.text,
        due_on=item.due_on,
        state=_state(item, owner, now),
        owner_id=item.owner_id,
        who=other.name if other else "",
        held_on=note.held_on,
        note_id=note.id,
    )


def close_item(session: Session, *, item_id: int, person_id: int, now: datetime) -> ItemState:
    """Mark one item done; its owner or the 1:1's manager may. Returns on time or late."""
    item = rows.locked_item(session, item_id)
    if item is None or person_id not in (item.owner_id, item.note.manager_id):
        raise NotAllowed(NOT_YOUR_ITEM)
    if item.done_at is not None:
        raise AlreadyClosed(ALREADY_DONE)
    return _close(session, [item], now=now)[0]


def close_from_one_on_one(
    session: Session, *, manager_id: int, rep_id: int, item_ids: Collection[int], now: datetime
) -> list[ItemState]:
    """The items ticked done on the next 1:1's form; each must be from this pair's 1:1s."""
    if not item_ids:
        return []
    open_items = {i.id: i for i in rows.open_of_pair(session, manager_id=manager_id, rep_id=rep_id)}
    if any(i not in open_items for i in item_ids):
        # Closed elsewhere meanwhile, or not this pair's: close the rest, never someone else's.
        item_ids = [i for i in item_ids if i in open_items]
    return _close(session, [open_items[i] for i in item_ids], now=now)


def _close(session: Session, items: list[ActionItem], *, now: datetime) -> list[ItemState]:
    states = []
    for item in items:
        item.done_at = now
        owner = session.get(Person, item.owner_id)
        states.append(_state(item, owner, now) if owner else ItemState.DONE_ON_TIME)
    rows.cancel_overdue_reminder(session, [i.id for i in items], reason="action item done")
    session.flush()
    return states


def open_items_of(session: Session, *, person_id: int, now: datetime) -> list[ItemLine]:
    """What the person owns and has not done yet, soonest due first."""
    person = session.get(Person, person_id)
    if person is None:
        return []
    return [
        _line(session, item, person, viewer_id=person_id, now=now)
        for item in rows.open_of_owner(session, person_id)
    ]


def open_items_of_pair(
    session: Session, *, manager_id: int, rep_id: int, now: datetime
) -> list[ItemLine]:
    """Open items from this manager's earlier 1:1s with this rep, for the next 1:1's form."""
    lines = []
    for item in rows.open_of_pair(session, manager_id=manager_id, rep_id=rep_id):
        owner = session.get(Person, item.owner_id)
        if owner is not None:
            lines.append(_line(session, item, owner, viewer_id=manager_id, now=now))
    return lines


def queue_overdue_reminders(
    session: Session, operating_system: OperatingSystem, *, now: datetime
) -> int:
    """Queue the one reminder of each item that passed its due date; returns how many.

    The reminder goes at the start of the owner's next working hours on a day they can be
    messaged (never on a holiday or their time off); the dedupe key makes it once only.
    """
    effective = effective_operating_system(session, operating_system)
    roster = effective.roster
    queued = 0
    # Dates are local: an item due "yesterday" somewhere is at most a day ahead of UTC's.
    for item in rows.unreminded_overdue(session, due_before=now.date() + timedelta(days=1)):
        owner = session.get(Person, item.owner_id)
        if owner is None or not owner.active or item.due_on is None:
            continue
        if _local_today(owner, now) <= item.due_on or owner.email not in roster:
            continue
        at = overdue_reminder_at(
            due_on=item.due_on, person_calendar=calendar_of(effective, roster[owner.email]), now=now
        )
        if at is None:
            continue
        queued += outbox.enqueue(
            session,
            dedupe_key=rows.overdue_reminder_key(item.id),
            purpose=MessagePurpose.ACTION_ITEM_OVERDUE,
            key="action_item:overdue",
            recipient_id=owner.id,
            send_after=at,
            payload={"action_item_id": item.id},
        )
    return queued
