"""What `cadence-bot status` tells an admin about the outbox."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from bot.cli.status import render_text
from bot.persistence.repositories import outbox_dispatch
from bot.services.delivery.health import outbox_health
from tests.seeds.outbox import MONDAY_9, add_cadence, add_occurrence, add_person, queue


def test_status_shows_the_queue_its_oldest_due_message_and_a_stuck_lease(
    session: Session,
) -> None:
    cadence = add_cadence(session)
    for n, minutes_late in enumerate((90, 5, -30)):
        person = add_person(session, f"Manager {n}", slack=None)
        queue(
            session,
            add_occurrence(session, cadence, person),
            send_after=MONDAY_9 - timedelta(minutes=minutes_late),
        )
    # A sender claimed the oldest message and went away two minutes later.
    outbox_dispatch.claim_due(
        session, owner="host:123", now=MONDAY_9, lease=timedelta(minutes=2), limit=1
    )

    shown = render_text(outbox_health(session, now=MONDAY_9 + timedelta(minutes=5)))

    assert "Queue: 2 pending, 1 due now, 1 being sent" in shown
    assert "Oldest due message: due for 10 min" in shown
    assert "Last 24 h: 0 sent, 0 failed" in shown
    assert "held by host:123" in shown
