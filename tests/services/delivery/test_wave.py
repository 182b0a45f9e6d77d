"""Monday 09:00: a wave of nudges against a Slack that rate-limits, fails and forgets nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import update

from bot.cli import main
from bot.domain.messages import NUDGE_PURPOSES, CancelReason, MessagePurpose
from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.models import Cadence, Occurrence, OutboxMessage, OutboxState
from bot.persistence.repositories import outbox
from bot.services.delivery.dispatcher import Dispatcher
from bot.simulated_slack.server import SimulatedSlack
from tests.seeds.outbox import (
    MONDAY_9,
    Database,
    add_cadence,
    add_occurrence,
    add_person,
    queue,
    row,
    seed_wave,
    states,
)
from tests.services.delivery.workers import outbox_ids_posted, wait_for

WAVE = 60
RATE = 10  # chat.postMessage calls Slack admits per second: low enough that even a loaded
# machine sends faster, so Slack always pushes back


@pytest.mark.slow
def test_a_rate_limited_wave_arrives_complete_once_and_earliest_first(
    db: Database, fake_slack: SimulatedSlack, dispatcher: Dispatcher
) -> None:
    now = MONDAY_9
    wave = seed_wave(db.sessions, fake_slack, size=WAVE, start=now - timedelta(minutes=2))
    fake_slack.rate_limit("chat.postMessage", per_second=RATE)
    # A loaded machine may send slower than the limit: one refusal is certain all the same.
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=1)

    report = dispatcher.run_until_idle(lambda: now)

    arrived = outbox_ids_posted(fake_slack)
    assert sorted(arrived) == sorted(wave)  # every one, none twice
    # Earliest first, give or take a batch: a dispatcher keeps several calls in flight (one at
    # a time would send a few messages a second against Slack's 0.1-0.3 s answers), started
    # earliest first, so Slack may take neighbours in either order (a thread can be slow to
    # put its call on the wire). It orders nothing across channels anyway; what a person sees
    # is their DM, whose messages are never in flight together (the test above). The bound:
    # every call of a batch (20 here) ends before the next is claimed, and a row deferred by a
    # 429 is the first claimed again.
    earliest_first = sorted(wave, key=lambda i: (wave[i], i))
    assert max(abs(n - earliest_first.index(i)) for n, i in enumerate(arrived)) < 20
    assert set(states(db.sessions).values()) == {OutboxState.SENT}
    assert report.throttled_seconds > 0  # Slack did push back, and nothing was lost to it.
    # Throughput against the limit is measured by benchmarks/dispatch_wave.py, not here.


def test_one_persons_messages_never_overtake_each_other_while_calls_are_in_flight(
    db: Database, fake_slack: SimulatedSlack, dispatcher: Dispatcher
) -> None:
    now = MONDAY_9
    others = seed_wave(db.sessions, fake_slack, size=5, start=now - timedelta(minutes=8))
    with db.sessions.begin() as session:
        busy = add_person(session, "Busy Manager", slack=fake_slack)
        cadence = session.get(Cadence, "weekly_forecast")
        assert cadence is not None
        occurrence = add_occurrence(session, cadence, busy)
        own = [
            queue(session, occurrence, send_after=now - timedelta(minutes=10)),
            queue(
                session,
                occurrence,
                purpose=MessagePurpose.REMINDER,
                send_after=now - timedelta(minutes=9),
            ),
        ]
    # The first call, the busy manager's earliest message, is slow: had their second started
    # beside it (a place was free), it would reach their DM first.
    fake_slack.fail_next("chat.postMessage", delay_seconds=0.5)

    dispatcher.run_until_idle(lambda: now)

    assert sorted(outbox_ids_posted(fake_slack)) == sorted([*own, *others])
    assert busy.slack_id is not None
    in_dm = fake_slack.messages_to(busy.slack_id)
    assert [int(m.metadata["event_payload"]["outbox_id"]) for m in in_dm] == own


def test_each_dm_is_one_slack_call_and_records_the_dm_channel(
    db: Database, fake_slack: SimulatedSlack, dispatcher: Dispatcher
) -> None:
    now = MONDAY_9
    wave = seed_wave(db.sessions, fake_slack, size=3, start=now - timedelta(minutes=1))

    dispatcher.run_until_idle(lambda: now)

    posts = fake_slack.calls("chat.postMessage")
    assert fake_slack.calls("conversations.open") == []
    assert len(fake_slack.calls()) == len(posts) == len(wave)
    # Addressed by user id, as Slack allows; the row keeps the DM's own channel id.
    users = {call.params["channel"] for call in posts}
    assert all(user.startswith("U") for user in users)
    channels = {row(db.sessions, message).slack_channel for message in wave}
    assert channels == {fake_slack.state.users[user].dm_channel for user in users}


def test_a_server_error_is_retried_and_delivered_once(
    db: Database, fake_slack: SimulatedSlack, dispatcher: Dispatcher
) -> None:
    now = MONDAY_9
    [message] = seed_wave(db.sessions, fake_slack, size=1, start=now)
    fake_slack.fail_next("chat.postMessage", status=500)

    assert dispatcher.run_until_idle(lambda: now).retried == 1
    assert row(db.sessions, message).error == "HTTP 500: internal_error"
    report = dispatcher.run_until_idle(lambda: now + timedelta(minutes=1))

    assert report.sent == 1
    assert outbox_ids_posted(fake_slack) == [message]


def test_a_timed_out_send_that_reached_slack_is_not_sent_again(
    db: Database, fake_slack: SimulatedSlack, dispatcher: Dispatcher
) -> None:
    now = MONDAY_9
    [message] = seed_wave(db.sessions, fake_slack, size=1, start=now)
    # Slack is slow: the client gives up after 1 s, but Slack posts the message anyway.
    fake_slack.fail_next("chat.postMessage", delay_seconds=1.5)

    assert dispatcher.run_until_idle(lambda: now).retried == 1
    wait_for(lambda: len(outbox_ids_posted(fake_slack)) == 1, timeout=5, what="the slow post")
    report = dispatcher.run_until_idle(lambda: now + timedelta(minutes=1))

    assert report.recovered == 1
    assert outbox_ids_posted(fake_slack) == [message]
    assert row(db.sessions, message).state is OutboxState.SENT


def test_permanent_failures_are_recorded_and_do_not_block_the_queue(
    db: Database,
    fake_slack: SimulatedSlack,
    dispatcher: Dispatcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    now = MONDAY_9
    with db.sessions.begin() as session:
        cadence = add_cadence(session)
        gone = add_person(session, "Gone Manager", slack=fake_slack)
        unknown = add_person(session, "Unknown Manager", slack=None)
        fine = add_person(session, "Fine Manager", slack=fake_slack)
        ids = [
            queue(
                session,
                add_occurrence(session, cadence, p),
                send_after=now - timedelta(minutes=3 - n),
            )
            for n, p in enumerate((gone, unknown, fine))
        ]
    assert gone.slack_id is not None
    fake_slack.fail_user(gone.slack_id, "account_inactive")

    report = dispatcher.run_until_idle(lambda: now)

    assert (report.failed, report.sent) == (2, 1)
    assert outbox_ids_posted(fake_slack) == [ids[2]]
    assert row(db.sessions, ids[0]).error == "account_inactive"
    assert "no Slack id" in (row(db.sessions, ids[1]).error or "")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db.url)
    with time_machine.travel(now):  # status counts the last 24 hours before its own clock
        assert main(["status"]) == 0
    shown = capsys.readouterr().out
    assert "1 sent, 2 failed" in shown
    assert "Gone Manager <gone.manager@example.com>" in shown and "account_inactive" in shown


def test_reminders_stop_when_the_occurrence_is_done_and_the_nudge_says_done(
    db: Database, fake_slack: SimulatedSlack, dispatcher: Dispatcher
) -> None:
    now = MONDAY_9
    with db.sessions.begin() as session:
        manager = add_person(session, "Dana Manager", slack=fake_slack)
        occurrence = add_occurrence(session, add_cadence(session), manager)
        queue(session, occurrence, send_after=now - timedelta(hours=1))
        reminder = queue(
            session,
            occurrence,
            purpose=MessagePurpose.REMINDER,
            send_after=now + timedelta(hours=1),
        )
    dispatcher.run_until_idle(lambda: now)
    assert manager.slack_id is not None
    assert len(fake_slack.messages_to(manager.slack_id)) == 1

    # Dana submits: the occurrence is done, its nudges cancelled, its DM to be updated.
    with db.sessions.begin() as session:
        done = session.get(Occurrence, occurrence.id)
        assert done is not None
        done.status, done.completed_at, done.completed_by_id = (
            OccurrenceStatus.DONE_ON_TIME,
            now,
            manager.id,
        )
        outbox.cancel_pending(
            session, occurrence_id=done.id, purposes=NUDGE_PURPOSES, reason="occurrence done"
        )
        queue(session, done, purpose=MessagePurpose.DONE_UPDATE, send_after=now)
    dispatcher.run_until_idle(lambda: now + timedelta(hours=2))

    [dm] = fake_slack.messages_to(manager.slack_id)
    assert dm.edited and "done by Dana Manager" in dm.text
    assert row(db.sessions, reminder).state is OutboxState.CANCELLED


def test_an_escalation_reaches_the_manager_once(
    db: Database, fake_slack: SimulatedSlack, dispatcher: Dispatcher
) -> None:
    now = MONDAY_9
    with db.sessions.begin() as session:
        leader = add_person(session, "Lee Leader", slack=fake_slack)
        manager = add_person(session, "Sam Manager", slack=fake_slack, manager=leader)
        occurrence = add_occurrence(
            session, add_cadence(session), manager, due_at=now - timedelta(days=1)
        )
        # The open nudge reached the manager three days before.
        opened = queue(session, occurrence, send_after=now - timedelta(days=3))
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == opened)
            .values(state=OutboxState.SENT, sent_at=now - timedelta(days=3))
        )
        queue(
            session,
            occurrence,
            purpose=MessagePurpose.ESCALATION,
            recipient=leader,
            send_after=now - timedelta(hours=1),
        )

    for later in (now, now + timedelta(hours=1), now + timedelta(days=1)):
        dispatcher.run_until_idle(lambda later=later: later)

    assert leader.slack_id is not None and manager.slack_id is not None
    [escalation] = fake_slack.messages_to(leader.slack_id)
    assert "Sam Manager's Weekly forecast is overdue since" in escalation.text
    assert fake_slack.messages_to(manager.slack_id) == []


def test_no_escalation_blames_someone_who_was_never_nudged(
    db: Database, fake_slack: SimulatedSlack, dispatcher: Dispatcher
) -> None:
    now = MONDAY_9
    with db.sessions.begin() as session:
        leader = add_person(session, "Lee Leader", slack=fake_slack)
        manager = add_person(session, "Sam Manager", slack=fake_slack, manager=leader)
        occurrence = add_occurrence(
            session, add_cadence(session), manager, due_at=now - timedelta(days=1)
        )
        # Slack was out while the open was due; it is still queued when the escalation is.
        queue(session, occurrence, send_after=now - timedelta(days=3))
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.occurrence_id == occurrence.id)
            .values(state=OutboxState.FAILED, error="Slack was down")
        )
        escalation = queue(
            session,
            occurrence,
            purpose=MessagePurpose.ESCALATION,
            recipient=leader,
            send_after=now - timedelta(hours=1),
        )

    dispatcher.run_until_idle(lambda: now)

    assert leader.slack_id is not None
    assert fake_slack.messages_to(leader.slack_id) == []
    cancelled = row(db.sessions, escalation)
    assert (cancelled.state, cancelled.error) == (OutboxState.CANCELLED, CancelReason.NEVER_NUDGED)
