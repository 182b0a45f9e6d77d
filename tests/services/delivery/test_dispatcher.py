"""The dispatcher's rules, against a fake notifier and a real database (both engines)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.messages import MessagePurpose
from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.models import ForecastSubmission, Occurrence, OutboxState
from bot.persistence.repositories import outbox_dispatch
from bot.services.delivery.compose import OutgoingMessage
from bot.services.delivery.dispatcher import Dispatcher
from bot.services.delivery.ports import (
    PermanentDeliveryError,
    RateLimited,
    SentRef,
    TransientDeliveryError,
)
from tests.seeds.outbox import (
    MONDAY_9,
    add_cadence,
    add_occurrence,
    add_person,
    queue,
    row,
)

NOW = MONDAY_9 + timedelta(minutes=1)


@dataclass
class FakeNotifier:
    """Records what it sent; ``script`` makes the next sends raise, in order."""

    sent: list[tuple[int, OutgoingMessage]] = field(default_factory=list)
    updated: list[tuple[SentRef, OutgoingMessage]] = field(default_factory=list)
    script: list[Exception] = field(default_factory=list)
    in_slack: dict[int, SentRef] = field(default_factory=dict)

    def send(self, message: OutgoingMessage, *, outbox_id: int) -> SentRef:
        if self.script:
            raise self.script.pop(0)
        self.sent.append((outbox_id, message))
        ref = SentRef("D1", f"{len(self.sent)}.0")
        self.in_slack[outbox_id] = ref
        return ref

    def find_sent(
        self, recipient_slack_id: str, *, outbox_id: int, since: datetime
    ) -> SentRef | None:
        return self.in_slack.get(outbox_id)

    def update(self, ref: SentRef, message: OutgoingMessage) -> None:
        self.updated.append((ref, message))

    @property
    def sent_ids(self) -> list[int]:
        return [outbox_id for outbox_id, _ in self.sent]


@pytest.fixture
def sessions(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions whose commits are savepoints in one transaction, rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        transaction.rollback()


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
def naps() -> list[float]:
    return []


@pytest.fixture
def dispatcher(
    sessions: sessionmaker[Session], notifier: FakeNotifier, naps: list[float]
) -> Dispatcher:
    return Dispatcher(
        sessions,
        notifier,
        owner="test",
        lease=timedelta(minutes=2),
        batch_size=10,
        max_attempts=3,
        sleep=naps.append,
        jitter=lambda seconds: seconds,
    )


def _org(session: Session, size: int = 3) -> list[int]:
    """``size`` managers with an open forecast each; returns the occurrence ids."""
    cadence = add_cadence(session)
    people = [add_person(session, f"Manager {n}", slack=None) for n in range(size)]
    for person in people:
        person.slack_id = f"U{person.id:08d}"
    return [add_occurrence(session, cadence, person).id for person in people]


def _occurrence(session: Session, occurrence_id: int) -> Occurrence:
    found = session.get(Occurrence, occurrence_id)
    assert found is not None
    return found


def test_due_messages_go_out_earliest_first_and_future_ones_wait(
    sessions: sessionmaker[Session], dispatcher: Dispatcher, notifier: FakeNotifier
) -> None:
    with sessions.begin() as session:
        a, b, c = (_occurrence(session, o) for o in _org(session))
        late = queue(session, a, send_after=NOW - timedelta(seconds=1))
        early = queue(session, b, send_after=NOW - timedelta(hours=1))
        future = queue(session, c, send_after=NOW + timedelta(hours=1))

    report = dispatcher.run_until_idle(lambda: NOW)

    assert notifier.sent_ids == [early, late]
    assert report.sent == 2
    sent = row(sessions, early)
    assert (sent.state, sent.slack_channel, sent.slack_ts, sent.sent_at) == (
        OutboxState.SENT,
        "D1",
        "1.0",
        NOW,
    )
    assert row(sessions, future).state is OutboxState.PENDING


def test_a_nudge_for_an_occurrence_already_done_is_cancelled_not_sent(
    sessions: sessionmaker[Session], dispatcher: Dispatcher, notifier: FakeNotifier
) -> None:
    with sessions.begin() as session:
        occurrence = _occurrence(session, _org(session, 1)[0])
        reminder = queue(session, occurrence, purpose=MessagePurpose.REMINDER)
        occurrence.status = OccurrenceStatus.DONE_ON_TIME
        occurrence.completed_at = NOW

    report = dispatcher.run_until_idle(lambda: NOW)

    assert notifier.sent == [] and report.cancelled == 1
    cancelled = row(sessions, reminder)
    assert (cancelled.state, cancelled.error) == (OutboxState.CANCELLED, "occurrence done_on_time")


def test_a_snoozed_reminder_waits_until_the_snooze_ends(
    sessions: sessionmaker[Session], dispatcher: Dispatcher, notifier: FakeNotifier
) -> None:
    until = NOW + timedelta(hours=2)
    with sessions.begin() as session:
        occurrence = _occurrence(session, _org(session, 1)[0])
        occurrence.snoozed_until = until
        reminder = queue(session, occurrence, purpose=MessagePurpose.REMINDER)

    dispatcher.run_until_idle(lambda: NOW)
    waiting = row(sessions, reminder)
    assert (notifier.sent, waiting.state, waiting.send_after) == ([], OutboxState.PENDING, until)
    assert waiting.attempts == 0

    dispatcher.run_until_idle(lambda: until)
    assert notifier.sent_ids == [reminder]


def test_a_rate_limit_pauses_the_sender_and_keeps_the_queue_order(
    sessions: sessionmaker[Session],
    dispatcher: Dispatcher,
    notifier: FakeNotifier,
    naps: list[float],
) -> None:
    with sessions.begin() as session:
        occurrences = [_occurrence(session, o) for o in _org(session)]
        ids = [
            queue(session, o, send_after=NOW - timedelta(minutes=3 - n))
            for n, o in enumerate(occurrences)
        ]
    notifier.script = [RateLimited(retry_after=7)]

    report = dispatcher.run_until_idle(lambda: NOW)

    # Paused until the announced instant: 7 s after the refusal, less the time spent since.
    assert len(naps) == 1 and 6 < naps[0] <= 7
    assert report.throttled_seconds == 7
    assert notifier.sent_ids == ids
    assert {row(sessions, i).attempts for i in ids} == {1}


def test_transient_failures_back_off_then_give_up_with_the_reason(
    sessions: sessionmaker[Session], dispatcher: Dispatcher, notifier: FakeNotifier
) -> None:
    with sessions.begin() as session:
        message = queue(session, _occurrence(session, _org(session, 1)[0]))
    notifier.script = [TransientDeliveryError("HTTP 503: service_unavailable")] * 3

    dispatcher.run_until_idle(lambda: NOW)
    retry = row(sessions, message)
    assert (retry.state, retry.attempts) == (OutboxState.PENDING, 1)
    assert retry.send_after == NOW + timedelta(seconds=30)

    dispatcher.run_until_idle(lambda: NOW + timedelta(seconds=30))
    assert row(sessions, message).send_after == NOW + timedelta(seconds=90)

    dispatcher.run_until_idle(lambda: NOW + timedelta(seconds=90))
    failed = row(sessions, message)
    assert failed.state is OutboxState.FAILED
    assert failed.error == "gave up after 3 attempts: HTTP 503: service_unavailable"
    assert notifier.sent == []


def test_a_permanent_failure_is_recorded_and_does_not_block_the_others(
    sessions: sessionmaker[Session], dispatcher: Dispatcher, notifier: FakeNotifier
) -> None:
    with sessions.begin() as session:
        first, second = (_occurrence(session, o) for o in _org(session, 2))
        doomed = queue(session, first, send_after=NOW - timedelta(minutes=2))
        fine = queue(session, second, send_after=NOW - timedelta(minutes=1))
    notifier.script = [PermanentDeliveryError("account_inactive")]

    report = dispatcher.run_until_idle(lambda: NOW)

    assert (report.failed, report.sent, notifier.sent_ids) == (1, 1, [fine])
    failed = row(sessions, doomed)
    assert (failed.state, failed.error, failed.failed_at) == (
        OutboxState.FAILED,
        "account_inactive",
        NOW,
    )


def test_a_row_taken_over_after_an_expired_lease_is_looked_up_before_sending(
    sessions: sessionmaker[Session], dispatcher: Dispatcher, notifier: FakeNotifier
) -> None:
    with sessions.begin() as session:
        message = queue(session, _occurrence(session, _org(session, 1)[0]))
        # Another process claimed it, got it into Slack, and died before recording it.
        outbox_dispatch.claim_due(
            session, owner="dead", now=NOW, lease=timedelta(minutes=2), limit=10
        )
    notifier.in_slack[message] = SentRef("D1", "42.0")

    assert dispatcher.run_until_idle(lambda: NOW).claimed == 0  # the lease still holds
    report = dispatcher.run_until_idle(lambda: NOW + timedelta(minutes=3))

    assert (report.recovered, notifier.sent) == (1, [])
    recovered = row(sessions, message)
    assert (recovered.state, recovered.slack_ts, recovered.attempts) == (
        OutboxState.SENT,
        "42.0",
        2,
    )


def test_two_dispatchers_never_claim_the_same_row(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        for occurrence_id in _org(session, 5):
            queue(session, _occurrence(session, occurrence_id))
    lease = timedelta(minutes=2)

    with sessions.begin() as session:
        first = outbox_dispatch.claim_due(session, owner="a", now=NOW, lease=lease, limit=3)
    with sessions.begin() as session:
        second = outbox_dispatch.claim_due(session, owner="b", now=NOW, lease=lease, limit=10)

    assert len(first) == 3 and len(second) == 2
    assert not {c.id for c in first} & {c.id for c in second}


def test_an_outcome_update_edits_the_nudges_in_place(
    sessions: sessionmaker[Session], dispatcher: Dispatcher, notifier: FakeNotifier
) -> None:
    with sessions.begin() as session:
        occurrence = _occurrence(session, _org(session, 1)[0])
        queue(session, occurrence, send_after=NOW - timedelta(hours=1))
    dispatcher.run_until_idle(lambda: NOW)
    with sessions.begin() as session:
        occurrence = _occurrence(session, occurrence.id)
        occurrence.status = OccurrenceStatus.DONE_LATE
        occurrence.completed_at = NOW
        update = queue(session, occurrence, purpose=MessagePurpose.DONE_UPDATE, send_after=NOW)

    dispatcher.run_until_idle(lambda: NOW)

    assert len(notifier.sent) == 1
    [(ref, message)] = notifier.updated
    assert ref == SentRef("D1", "1.0")
    assert message.occurrence is not None and message.occurrence.closed_at == NOW
    assert row(sessions, update).state is OutboxState.SENT


def test_done_updates_prepared_together_each_open_their_own_latest_submission(
    sessions: sessionmaker[Session], dispatcher: Dispatcher, notifier: FakeNotifier
) -> None:
    with sessions.begin() as session:
        occurrences = [_occurrence(session, o) for o in _org(session, 3)]
        for occurrence in occurrences:
            queue(session, occurrence, send_after=NOW - timedelta(hours=1))
    dispatcher.run_until_idle(lambda: NOW)
    latest: dict[int, int | None] = {}
    with sessions.begin() as session:
        for versions, occurrence in zip((2, 1, 0), occurrences, strict=True):
            done = _occurrence(session, occurrence.id)
            done.status, done.completed_at = OccurrenceStatus.DONE_ON_TIME, NOW
            submissions = [_forecast(done, version) for version in range(1, versions + 1)]
            session.add_all(submissions)
            session.flush()
            latest[done.id] = submissions[-1].id if submissions else None
            queue(session, done, purpose=MessagePurpose.DONE_UPDATE, send_after=NOW)

    dispatcher.run_until_idle(lambda: NOW)

    edits = {
        m.occurrence.occurrence_id: m.occurrence.submission_id
        for _, m in notifier.updated
        if m.occurrence is not None
    }
    assert edits == latest


def _forecast(occurrence: Occurrence, version: int) -> ForecastSubmission:
    return ForecastSubmission(
        occurrence_id=occurrence.id,
        version=version,
        commit=Decimal(100 * version),
        best_case=Decimal(200),
        pipeline=Decimal(400),
        currency="USD",
        submitted_by_id=occurrence.subject_id,
        submitted_at=NOW,
    )


def test_a_rate_limited_post_pauses_new_dms_but_not_the_done_updates_behind_them(
    sessions: sessionmaker[Session],
    dispatcher: Dispatcher,
    notifier: FakeNotifier,
    naps: list[float],
) -> None:
    with sessions.begin() as session:
        done, waiting = (_occurrence(session, o) for o in _org(session, 2))
        # 08:31 in Chicago: inside the subject's working hours.
        queue(session, done, send_after=NOW - timedelta(minutes=30))
    dispatcher.run_until_idle(lambda: NOW - timedelta(minutes=30))
    with sessions.begin() as session:
        done = _occurrence(session, done.id)
        done.status, done.completed_at = OccurrenceStatus.DONE_ON_TIME, NOW
        new_dm = queue(session, waiting, send_after=NOW - timedelta(minutes=2))
        update = queue(session, done, purpose=MessagePurpose.DONE_UPDATE, send_after=NOW)
    notifier.script = [RateLimited(retry_after=30, method="chat.postMessage")]

    first = dispatcher.run_once(NOW)

    # chat.postMessage is paused; chat.update, limited on its own, still went out.
    assert (first.sent, row(sessions, update).state) == (1, OutboxState.SENT)
    assert (row(sessions, new_dm).state, row(sessions, new_dm).attempts) == (
        OutboxState.PENDING,
        0,
    )
    assert naps == []
    dispatcher.run_until_idle(lambda: NOW)
    assert len(naps) == 1 and 29 < naps[0] <= 30  # resumed at the announced instant
    assert notifier.sent_ids[-1] == new_dm


def test_a_person_without_a_slack_id_is_a_failure_with_a_reason(
    sessions: sessionmaker[Session], dispatcher: Dispatcher, notifier: FakeNotifier
) -> None:
    with sessions.begin() as session:
        cadence = add_cadence(session)
        unknown = add_person(session, "Not In Slack", slack=None)
        message = queue(session, add_occurrence(session, cadence, unknown))
    # The fake notifier sends anything; the real one refuses a recipient without an id.
    notifier.script = [PermanentDeliveryError("recipient has no Slack id")]

    dispatcher.run_until_idle(lambda: NOW)

    assert row(sessions, message).error == "recipient has no Slack id"
