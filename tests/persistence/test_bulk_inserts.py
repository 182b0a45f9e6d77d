"""Planning's bulk inserts skip what is stored and store values exactly as the ORM would."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.messages import MessagePurpose
from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.models import Cadence, Occurrence, OutboxMessage
from bot.persistence.repositories import occurrences, outbox
from bot.persistence.repositories.occurrences import NewOccurrence
from bot.persistence.repositories.outbox import NewNudge
from tests.seeds.outbox import MONDAY_9, add_person


def _cadence(session: Session) -> str:
    session.add(
        Cadence(id="weekly-forecast", kind="forecast", title="F", config_hash="x", definition={})
    )
    session.flush()
    return "weekly-forecast"


def _new(cadence_id: str, subject_id: int, week: int, counterpart: int = 0) -> NewOccurrence:
    opens = MONDAY_9 + timedelta(weeks=week)
    return NewOccurrence(
        key=(cadence_id, subject_id, counterpart, date(2026, 11, 23) + timedelta(weeks=week)),
        window=(opens, opens + timedelta(days=2), opens + timedelta(weeks=1)),
        tz="America/Chicago",
        status=OccurrenceStatus.SCHEDULED,
        excused_reason=None,
    )


def test_occurrences_already_stored_are_skipped_and_only_new_ids_come_back(
    session: Session,
) -> None:
    cadence = _cadence(session)
    dana, rep = add_person(session, "Dana Lee", slack=None), add_person(session, "Rep", slack=None)
    first = occurrences.insert_many_if_absent(session, [_new(cadence, dana.id, 0)], now=MONDAY_9)

    both = [_new(cadence, dana.id, 0), _new(cadence, dana.id, 1, counterpart=rep.id)]
    second = occurrences.insert_many_if_absent(session, both, now=MONDAY_9)

    assert list(second) == [both[1].key]
    stored = {o.id: o for o in session.scalars(select(Occurrence))}
    assert set(stored) == {*first.values(), *second.values()}
    new = stored[second[both[1].key]]
    # Read back through the ORM: the same instants, dates and enums the planner wrote.
    assert (new.opens_at, new.due_at, new.closes_at) == both[1].window
    assert (new.period_start, new.counterpart_id, new.status) == (
        date(2026, 11, 30),
        rep.id,
        OccurrenceStatus.SCHEDULED,
    )
    found = occurrences.overlapping(session, start=MONDAY_9, end=MONDAY_9 + timedelta(weeks=3))
    assert set(found) == {both[0].key, both[1].key}


def test_nudges_already_queued_are_skipped_and_counted_once(session: Session) -> None:
    dana = add_person(session, "Dana Lee", slack=None)

    def nudge(key: str) -> NewNudge:
        return NewNudge(
            dedupe_key=f"occ:1:{key}",
            purpose=MessagePurpose.OPEN,
            key=key,
            recipient_id=dana.id,
            send_after=MONDAY_9,
            occurrence_id=None,
        )

    assert outbox.enqueue_many(session, [nudge("open")], now=MONDAY_9) == 1
    assert outbox.enqueue_many(session, [nudge("open"), nudge("reminder:2h")], now=MONDAY_9) == 1

    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.dedupe_key)).all()
    assert [(m.dedupe_key, m.send_after, m.state.value) for m in rows] == [
        ("occ:1:open", MONDAY_9, "pending"),
        ("occ:1:reminder:2h", MONDAY_9, "pending"),
    ]
