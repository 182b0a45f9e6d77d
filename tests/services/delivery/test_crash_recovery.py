"""A sender that dies mid-wave loses nothing and doubles nothing."""

from __future__ import annotations

import signal
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.persistence.models import OutboxState
from bot.services.delivery.compose import OutgoingMessage
from bot.services.delivery.dispatcher import Dispatcher
from bot.services.delivery.ports import SentRef
from bot.simulated_slack.server import SimulatedSlack
from bot.slack.delivery.notifier import SlackNotifier
from tests.seeds.outbox import MONDAY_9, Database, row, seed_wave, states
from tests.services.delivery.workers import finish, outbox_ids_posted, start_worker, wait_for


class ProcessDied(BaseException):
    """Stands for the process vanishing: nothing in the dispatcher may catch it."""


class DiesAfterSlackAccepts:
    """Sends for real, then dies before the dispatcher can record the send."""

    def __init__(self, notifier: SlackNotifier) -> None:
        self._notifier = notifier

    def send(self, message: OutgoingMessage, *, outbox_id: int) -> SentRef:
        self._notifier.send(message, outbox_id=outbox_id)
        raise ProcessDied

    def find_sent(
        self, recipient_slack_id: str, *, outbox_id: int, since: datetime
    ) -> SentRef | None:
        return self._notifier.find_sent(recipient_slack_id, outbox_id=outbox_id, since=since)

    def update(self, ref: SentRef, message: OutgoingMessage) -> None:
        self._notifier.update(ref, message)


def test_a_message_slack_accepted_before_a_crash_is_recorded_not_resent(
    db: Database, fake_slack: SimulatedSlack, notifier: SlackNotifier
) -> None:
    now = MONDAY_9
    [message] = seed_wave(db.sessions, fake_slack, size=1, start=now)
    lease = timedelta(minutes=2)
    doomed = Dispatcher(db.sessions, DiesAfterSlackAccepts(notifier), owner="doomed", lease=lease)
    with pytest.raises(ProcessDied):
        doomed.run_once(now)
    assert row(db.sessions, message).state is OutboxState.SENDING

    successor = Dispatcher(db.sessions, notifier, owner="successor", lease=lease)
    assert successor.run_once(now + timedelta(minutes=1)).claimed == 0  # lease still held
    report = successor.run_until_idle(lambda: now + lease + timedelta(seconds=1))

    assert report.recovered == 1
    assert outbox_ids_posted(fake_slack) == [message]
    recovered = row(db.sessions, message)
    assert (recovered.state, recovered.slack_ts) == (
        OutboxState.SENT,
        fake_slack.state.messages[0].ts,
    )


@pytest.mark.slow
def test_a_sender_killed_mid_wave_is_finished_by_the_next_one_exactly_once(
    db: Database, fake_slack: SimulatedSlack, tmp_path: Path
) -> None:
    wave = seed_wave(db.sessions, fake_slack, size=120, start=MONDAY_9 - timedelta(hours=1))
    fake_slack.rate_limit("chat.postMessage", per_second=40)
    lease = 2.0

    first = start_worker(db.url, fake_slack, cwd=tmp_path, lease_seconds=lease)
    wait_for(lambda: len(outbox_ids_posted(fake_slack)) >= 50, timeout=20, what="half a wave")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=5)
    delivered_before = len(outbox_ids_posted(fake_slack))
    assert delivered_before < len(wave)

    second = start_worker(db.url, fake_slack, cwd=tmp_path, lease_seconds=lease)
    finish(second, timeout=30)

    arrived = outbox_ids_posted(fake_slack)
    assert sorted(arrived) == sorted(wave)
    assert set(states(db.sessions).values()) == {OutboxState.SENT}
