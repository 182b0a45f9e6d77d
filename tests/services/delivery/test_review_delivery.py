"""The quarterly review goes out like the digest: tick → outbox → dispatcher → Slack, once.

On the hand-worked quarter of ``tests.seeds.results`` (everyone in UTC, digests Mondays 08:00):
2026-Q3 ended on 30 Sep, so its review goes with the first digest from 15 Oct on — Mon 19 Oct —
or, had the bot been down, with a later one until 12 Nov; never twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.persistence.models import OutboxMessage, OutboxState, Person
from bot.services.delivery.dispatcher import Dispatcher
from bot.services.digests import schedule_digests
from bot.simulated_slack.server import SimulatedSlack
from bot.slack.delivery.notifier import SlackNotifier
from tests.seeds.outbox import Database
from tests.seeds.results import LEE, seed_results
from tests.slack.blocks.slack_payloads import visible_text

DUE = datetime(2026, 10, 19, 8, tzinfo=UTC)


@pytest.fixture
def seeded(db: Database, fake_slack: SimulatedSlack, tmp_path: Path) -> OperatingSystem:
    with db.sessions.begin() as session:
        seed = seed_results(session, tmp_path)
        for person in session.scalars(select(Person)):
            person.slack_id = fake_slack.add_user(person.email, person.name, tz=person.timezone)
    return seed.os


def reviews(db: Database) -> list[OutboxMessage]:
    with db.sessions() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.purpose == MessagePurpose.REVIEW)
        )
        return list(rows)


def tick(db: Database, operating_system: OperatingSystem, now: datetime) -> None:
    with db.sessions.begin() as session:
        schedule_digests(session, operating_system, now=now)


def test_the_review_is_queued_once_with_the_first_digest_after_the_quarter_settled(
    db: Database, seeded: OperatingSystem
) -> None:
    tick(db, seeded, datetime(2026, 10, 12, 8, tzinfo=UTC))  # too early: actuals may be missing
    assert reviews(db) == []

    for now in (DUE, DUE, DUE + timedelta(weeks=1), datetime(2026, 11, 16, 8, tzinfo=UTC)):
        tick(db, seeded, now)

    (row,) = reviews(db)
    assert row.payload == {"quarter": "2026-Q3"}
    assert row.send_after == DUE
    with db.sessions() as session:
        leader = session.get(Person, row.recipient_id)
        assert leader is not None and leader.email == LEE


def test_the_review_reaches_the_leader_once_with_the_quarters_figures(
    db: Database, seeded: OperatingSystem, fake_slack: SimulatedSlack
) -> None:
    client = WebClient(
        token=fake_slack.token, base_url=fake_slack.base_url, timeout=2, retry_handlers=[]
    )
    dispatcher = Dispatcher(
        db.sessions,
        SlackNotifier(client),
        owner="test",
        jitter=lambda seconds: seconds,
        operating_system=lambda: seeded,
    )

    for now in (DUE, DUE + timedelta(weeks=1)):
        tick(db, seeded, now)
        dispatcher.run_until_idle(lambda now=now: now + timedelta(minutes=5))

    lee = fake_slack.state.user_by_email(LEE)
    assert lee is not None
    received = [m for m in fake_slack.messages_to(lee.id) if m.text.startswith("Quarterly review")]
    (review,) = received
    assert review.text == "Quarterly review for Lee Lead, 2026-Q3 (1 Jul to 30 Sep 2026)"
    shown = visible_text(review.blocks)
    assert "*Kept the rhythm: 3 managers (Ann, Ben, Cat)*" in shown
    assert "• attainment: 95% of the 2026-Q3 target ($380,000 booked of $400,000)" in shown
    assert "• not enough data yet (a group needs at least 3 managers)" in shown
    assert "This shows what went together, not what caused what." in shown
    (row,) = reviews(db)
    assert row.state is OutboxState.SENT
