"""ON CONFLICT inserts report what they did on both engines (psycopg's rowcount does not)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.messages import MessagePurpose
from bot.persistence.models import OutboxMessage
from bot.persistence.repositories import digest_runs, outbox
from tests.seeds.outbox import MONDAY_9, add_person


def _enqueue(session: Session, recipient_id: int) -> bool:
    return outbox.enqueue(
        session,
        dedupe_key="digest:test",
        purpose=MessagePurpose.DIGEST,
        key="digest",
        recipient_id=recipient_id,
        send_after=MONDAY_9,
    )


def test_a_duplicate_enqueue_returns_false_and_adds_nothing(session: Session) -> None:
    person = add_person(session, "Dana Lee", slack=None)

    assert _enqueue(session, person.id) is True
    assert _enqueue(session, person.id) is False

    count = session.scalar(select(func.count()).where(OutboxMessage.dedupe_key == "digest:test"))
    assert count == 1


def test_a_second_claim_of_a_digest_run_returns_none(session: Session) -> None:
    person = add_person(session, "Dana Lee", slack=None)
    week = date(2026, 11, 23)

    first = digest_runs.claim(session, leader_id=person.id, week_start=week)

    assert first is not None
    assert digest_runs.claim(session, leader_id=person.id, week_start=week) is None
