"""Nothing leaves the outbox outside its recipient's working hours, whatever queued it and when.

The planner already places what it plans; these rows are queued the way run-time code queues
them (``send_after=now`` in the evening, a retry that comes due at night), and the dispatcher's
last check holds each one until the start of the recipient's next working period in their own
zone, cancels an open or reminder that could then only arrive once due, and only moves the rest.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.messages import CancelReason, MessagePurpose
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.operating_system import OperatingSystem, Organization
from bot.domain.roster import Person as RosterPerson
from bot.domain.roster import Roster
from bot.domain.working_hours import WorkingHours
from bot.persistence.models import Occurrence, OutboxState, Person
from bot.persistence.repositories import outbox
from bot.services.delivery.dispatcher import Dispatcher
from bot.simulated_slack.server import SimulatedSlack
from bot.slack.delivery.notifier import SlackNotifier
from tests.seeds.outbox import Database, add_cadence, add_occurrence, add_person, queue, row

# Wednesday 2 December 2026, 22:00 UTC: 16:00 in Chicago, 22:00 in London, 03:30 (Thursday) in
# Kolkata, 09:00 (Thursday) in Auckland.
EVENING = datetime(2026, 12, 2, 22, 0, tzinfo=UTC)
ZONES = {
    "America/Chicago": None,  # inside: goes at once
    "Europe/London": datetime(2026, 12, 3, 8, 0, tzinfo=UTC),
    "Asia/Kolkata": datetime(2026, 12, 3, 2, 30, tzinfo=UTC),
    "Pacific/Auckland": None,  # Thursday 11:00 there
}


def _person(session: Session, slack: SimulatedSlack, name: str, tz: str) -> Person:
    person = add_person(session, name, slack=slack)
    person.timezone = tz
    session.flush()
    return person


def _dispatcher(
    db: Database, fake_slack: SimulatedSlack, configured: OperatingSystem | None
) -> Dispatcher:
    client = WebClient(
        token=fake_slack.token, base_url=fake_slack.base_url, timeout=2, retry_handlers=[]
    )
    return Dispatcher(
        db.sessions,
        SlackNotifier(client),
        owner="gate",
        jitter=lambda seconds: seconds,
        operating_system=(lambda: configured) if configured is not None else None,
    )


def test_a_message_queued_for_now_waits_for_each_recipients_working_hours(
    db: Database, fake_slack: SimulatedSlack
) -> None:
    ids: dict[str, int] = {}
    with db.sessions.begin() as session:
        cadence = add_cadence(session)
        for n, tz in enumerate(ZONES):
            rep = _person(session, fake_slack, f"Rep {n}", tz)
            occurrence = add_occurrence(session, cadence, rep, due_at=EVENING + timedelta(days=2))
            # As a merged DM is queued: for now, whatever the hour where the rep is.
            outbox.enqueue(
                session,
                dedupe_key=f"merged:{n}",
                purpose=MessagePurpose.MERGED_NUDGES,
                key="merged",
                recipient_id=rep.id,
                send_after=EVENING,
                payload={"occurrence_ids": [occurrence.id]},
            )
            ids[tz] = queue(session, occurrence, send_after=EVENING)

    report = _dispatcher(db, fake_slack, None).run_until_idle(lambda: EVENING)

    for tz, morning in ZONES.items():
        nudge = row(db.sessions, ids[tz])
        if morning is None:
            assert nudge.state is OutboxState.SENT, tz
        else:
            assert (nudge.state, nudge.send_after) == (OutboxState.PENDING, morning), tz
    assert report.waiting == 2 * 2  # a nudge and a merged DM for London and for Kolkata
    # The held ones go at the start of their morning, and then nothing is left.
    later = _dispatcher(db, fake_slack, None).run_until_idle(lambda: ZONES["Europe/London"])
    assert later.sent == 2 * 2


def test_an_open_or_reminder_that_could_only_arrive_once_due_is_not_sent(
    db: Database, fake_slack: SimulatedSlack
) -> None:
    # 22:00 in London; due at 08:30 the next morning: the working hours start at 08:00, so the
    # open still goes then, but an item due at 07:30 gets nothing.
    with db.sessions.begin() as session:
        cadence = add_cadence(session)
        rep = _person(session, fake_slack, "Late Rep", "Europe/London")
        due_soon = add_occurrence(session, cadence, rep, due_at=EVENING + timedelta(hours=9.5))
        reminder = queue(session, due_soon, purpose=MessagePurpose.REMINDER, send_after=EVENING)
        other = add_occurrence(
            session,
            add_cadence(session, Kind.ONE_ON_ONE),
            rep,
            due_at=EVENING + timedelta(hours=10.5),
        )
        opening = queue(session, other, send_after=EVENING)

    report = _dispatcher(db, fake_slack, None).run_until_idle(lambda: EVENING)

    cancelled = row(db.sessions, reminder)
    assert (cancelled.state, cancelled.error) == (
        OutboxState.CANCELLED,
        CancelReason.DUE_OUTSIDE_HOURS,
    )
    held = row(db.sessions, opening)
    assert (held.state, held.send_after) == (OutboxState.PENDING, ZONES["Europe/London"])
    assert (report.cancelled, report.waiting, report.sent) == (1, 1, 0)


def test_an_escalation_past_due_only_moves(db: Database, fake_slack: SimulatedSlack) -> None:
    with db.sessions.begin() as session:
        leader = _person(session, fake_slack, "Lee Leader", "Asia/Kolkata")
        manager = _person(session, fake_slack, "Sam Manager", "Asia/Kolkata")
        manager.reports_to = leader
        occurrence = add_occurrence(
            session, add_cadence(session), manager, due_at=EVENING - timedelta(hours=6)
        )
        queue(session, occurrence, send_after=EVENING - timedelta(days=1))  # the open, sent
        first = _dispatcher(db, fake_slack, None)
    first.run_until_idle(lambda: EVENING - timedelta(hours=18))  # 09:30 in Kolkata
    with db.sessions.begin() as session:
        escalation = queue(
            session,
            occurrence,
            purpose=MessagePurpose.ESCALATION,
            recipient=leader,
            send_after=EVENING,  # 03:30 in Kolkata
        )

    _dispatcher(db, fake_slack, None).run_until_idle(lambda: EVENING)

    moved = row(db.sessions, escalation)
    assert (moved.state, moved.send_after) == (OutboxState.PENDING, ZONES["Asia/Kolkata"])
    _dispatcher(db, fake_slack, None).run_until_idle(lambda: ZONES["Asia/Kolkata"])
    assert row(db.sessions, escalation).state is OutboxState.SENT


def test_a_retry_that_comes_due_at_night_waits_for_the_morning(
    db: Database, fake_slack: SimulatedSlack
) -> None:
    # Slack failed at 17:59 in London; the backoff brings the retry to 18:00 and later.
    before_six = datetime(2026, 12, 2, 17, 59, tzinfo=UTC)
    with db.sessions.begin() as session:
        rep = _person(session, fake_slack, "Retry Rep", "Europe/London")
        occurrence = add_occurrence(
            session, add_cadence(session), rep, due_at=EVENING + timedelta(days=1)
        )
        message = queue(session, occurrence, send_after=before_six)
    fake_slack.fail_next("chat.postMessage", status=500)
    dispatcher = _dispatcher(db, fake_slack, None)

    assert dispatcher.run_until_idle(lambda: before_six).retried == 1
    dispatcher.run_until_idle(lambda: EVENING)

    held = row(db.sessions, message)
    assert (held.state, held.send_after) == (OutboxState.PENDING, ZONES["Europe/London"])


def test_a_persons_own_hours_and_the_organisations_hold_the_gate(
    db: Database, fake_slack: SimulatedSlack
) -> None:
    # The organisation works 07:00-19:00; Kai, in London too, 10:00-16:00. At 09:00 in London
    # the organisation's people may be messaged, Kai may not.
    nine = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    with db.sessions.begin() as session:
        cadence = add_cadence(session)
        ids = {}
        for name in ("Ana", "Kai"):
            person = _person(session, fake_slack, name, "Europe/London")
            occurrence = add_occurrence(session, cadence, person, due_at=nine + timedelta(days=1))
            ids[name] = queue(session, occurrence, send_after=nine)
    configured = OperatingSystem(
        organization=Organization(
            name="Acme", timezone="Europe/London", working_hours=WorkingHours(time(7), time(19))
        ),
        roster=Roster(
            [
                RosterPerson(email="ana@example.com", name="Ana", timezone="Europe/London"),
                RosterPerson(
                    email="kai@example.com",
                    name="Kai",
                    timezone="Europe/London",
                    working_hours=WorkingHours(time(10), time(16)),
                ),
            ]
        ),
        cadences=(),
    )

    _dispatcher(db, fake_slack, configured).run_until_idle(lambda: nine)

    assert row(db.sessions, ids["Ana"]).state is OutboxState.SENT
    kai = row(db.sessions, ids["Kai"])
    assert (kai.state, kai.send_after) == (OutboxState.PENDING, nine + timedelta(hours=1))


@pytest.mark.parametrize("hour", [3, 22])
def test_an_edit_of_a_sent_nudge_is_not_held(
    db: Database, fake_slack: SimulatedSlack, hour: int
) -> None:
    # Done at night: the nudge already in Slack says so at once (an edit notifies nobody).
    sent_at = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    night = datetime(2026, 12, 2, hour, 0, tzinfo=UTC) + timedelta(days=1)
    with db.sessions.begin() as session:
        rep = _person(session, fake_slack, "Night Owl", "Europe/London")
        occurrence = add_occurrence(
            session, add_cadence(session), rep, due_at=sent_at + timedelta(days=3)
        )
        queue(session, occurrence, send_after=sent_at)
    dispatcher = _dispatcher(db, fake_slack, None)
    dispatcher.run_until_idle(lambda: sent_at)
    with db.sessions.begin() as session:
        done = session.get(Occurrence, occurrence.id)
        assert done is not None
        done.status, done.completed_at = OccurrenceStatus.DONE_ON_TIME, night
        update = queue(session, occurrence, purpose=MessagePurpose.DONE_UPDATE, send_after=night)

    dispatcher.run_until_idle(lambda: night)

    assert row(db.sessions, update).state is OutboxState.SENT
    assert len(fake_slack.calls("chat.update")) == 1


def test_without_a_readable_config_the_default_hours_hold_and_it_is_read_once_a_batch(
    db: Database, fake_slack: SimulatedSlack
) -> None:
    reads: list[int] = []

    def broken() -> OperatingSystem:
        reads.append(1)
        raise OSError("cadence_config.yaml: Input/output error")

    with db.sessions.begin() as session:
        cadence = add_cadence(session)
        ids = {}
        for n, tz in enumerate(ZONES):
            rep = _person(session, fake_slack, f"Rep {n}", tz)
            occurrence = add_occurrence(session, cadence, rep, due_at=EVENING + timedelta(days=2))
            ids[tz] = queue(session, occurrence, send_after=EVENING)
    client = WebClient(
        token=fake_slack.token, base_url=fake_slack.base_url, timeout=2, retry_handlers=[]
    )
    dispatcher = Dispatcher(
        db.sessions, SlackNotifier(client), owner="gate", operating_system=broken
    )

    report = dispatcher.run_once(EVENING)

    assert (report.sent, report.waiting) == (2, 2)  # Chicago and Auckland; London and Kolkata
    assert row(db.sessions, ids["Asia/Kolkata"]).send_after == ZONES["Asia/Kolkata"]
    assert len(reads) <= 2  # the daily budget's look, and one for the whole batch
