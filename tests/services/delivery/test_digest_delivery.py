"""The weekly digest goes out like every nudge: tick → outbox → dispatcher → Slack, exactly once.

The seeded quarter (tests/seeds/quarter.py) on a database of the test's own, the real
``SlackNotifier`` against the fake Slack, and Cadence's own ticks (``cadence_ticks``) with the
clock pinned to Monday 19 Oct 2026, 14:00 UTC: 08:00 has passed for the three leaders (New York,
Chicago, London) and for four managers, whose summaries go out too, except Anika's: 14:00 UTC is
19:30 in Kolkata, after her working hours, so hers waits for 08:00 there the next morning.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.bootstrap import Container
from bot.domain.messages import MessagePurpose
from bot.persistence.models import DigestRun, DigestState, OutboxMessage, OutboxState, Person
from bot.scheduling.ticks import Ticks, cadence_ticks
from bot.services.delivery.compose import OutgoingReport
from bot.services.delivery.dispatcher import Dispatcher
from bot.services.delivery.ports import SentRef
from bot.services.delivery.throttle import Throttle
from bot.services.digests import schedule_digests
from bot.settings import Settings
from bot.simulated_slack.server import SimulatedSlack
from bot.simulated_slack.state import Message
from bot.slack.delivery.notifier import EVENT_TYPE, SlackNotifier
from tests.seeds.outbox import Database
from tests.seeds.quarter import CARLOS, DANA, JORDAN, example_os, seed_quarter

OS = example_os()
NOW = datetime(2026, 10, 19, 14, tzinfo=UTC)
LEADERS = 3
# Hannah's managers have no history: her digest is sent without a chart.
HANNAH = "hannah@acme.example"
SUMMARIES = 4
# 19 Oct is the first digest two weeks after Q3 ended: each leader's quarterly review goes too.
REVIEWS = LEADERS
REPORTS = LEADERS + SUMMARIES + REVIEWS
CHART = "cadence-digest-2026-10-19.png"
ANIKA = "anika@acme.example"
ANIKA_MORNING = datetime(2026, 10, 20, 2, 30, tzinfo=UTC)  # Tuesday 08:00 in Kolkata


class ProcessDied(BaseException):
    """Stands for the process vanishing: nothing in the dispatcher may catch it."""


class DiesAfterSlackAcceptsTheDigest(SlackNotifier):
    """Posts a digest's message for real, then dies before its chart and before recording."""

    def send_report(self, report: OutgoingReport, *, outbox_id: int) -> SentRef:
        ref = super().send_report(report, outbox_id=outbox_id)
        if report.digest is not None:
            raise ProcessDied
        return ref


@pytest.fixture
def seeded(db: Database, fake_slack: SimulatedSlack) -> Database:
    """The quarter, with everyone on the roster in Slack."""
    with db.sessions.begin() as session:
        seed_quarter(session, OS)
        for person in session.scalars(select(Person)):
            person.slack_id = fake_slack.add_user(person.email, person.name, tz=person.timezone)
    return db


def _client(fake_slack: SimulatedSlack) -> WebClient:
    return WebClient(
        token=fake_slack.token, base_url=fake_slack.base_url, timeout=2, retry_handlers=[]
    )


@pytest.fixture
def naps() -> list[float]:
    return []


@pytest.fixture
def container(seeded: Database, fake_slack: SimulatedSlack) -> Container:
    settings = Settings(
        _env_file=None,
        database_url=seeded.url,
        slack_bot_token=fake_slack.token,
        slack_api_base_url=fake_slack.base_url,
    )
    return Container(
        settings=settings,
        engine=seeded.engine,
        sessions=seeded.sessions,
        operating_system=OS,
        slack=_client(fake_slack),
        clock=lambda: NOW,
    )


def _dispatcher(
    container: Container, notifier: SlackNotifier, naps: list[float], *, owner: str = "test"
) -> Dispatcher:
    return Dispatcher(
        container.sessions,
        notifier,
        owner=owner,
        sleep=naps.append,
        jitter=lambda seconds: seconds,
        operating_system=lambda: container.operating_system,
        # The throttle's clock moves only by the naps: how long the dispatcher waits for a
        # 429's announced instant does not depend on how busy the machine is.
        throttle=Throttle(clock=lambda: sum(naps)),
    )


@pytest.fixture
def ticks(container: Container, fake_slack: SimulatedSlack, naps: list[float]) -> Iterator[Ticks]:
    yield cadence_ticks(
        container, dispatcher=_dispatcher(container, SlackNotifier(_client(fake_slack)), naps)
    )


def _dm(fake_slack: SimulatedSlack, email: str) -> list[Message]:
    user = fake_slack.state.user_by_email(email)
    assert user is not None
    return fake_slack.messages_to(user.id)


def _tagged(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m.metadata and m.metadata.get("event_type") == EVENT_TYPE]


def _charts(messages: list[Message]) -> list[str]:
    return [f["name"] for m in messages for f in m.files]


def _rows(db: Database) -> list[OutboxMessage]:
    with db.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _runs(db: Database) -> list[DigestRun]:
    with db.sessions() as session:
        return list(session.scalars(select(DigestRun)))


def _deliver_anikas_morning(db: Database, fake_slack: SimulatedSlack) -> None:
    """Anika's summary, held overnight by her working hours, goes at her next 08:00."""
    (held,) = [r for r in _rows(db) if r.state is OutboxState.PENDING]
    assert held.send_after == ANIKA_MORNING
    morning = Dispatcher(
        db.sessions,
        SlackNotifier(_client(fake_slack)),
        owner="morning",
        operating_system=lambda: OS,
    )
    assert morning.run_until_idle(lambda: ANIKA_MORNING).sent == 1
    (summary,) = _tagged(_dm(fake_slack, ANIKA))
    assert float(summary.ts) > 0


def _assert_each_got_exactly_one(db: Database, fake_slack: SimulatedSlack) -> None:
    _deliver_anikas_morning(db, fake_slack)
    rows = _rows(db)
    assert len(rows) == REPORTS
    assert {r.state for r in rows} == {OutboxState.SENT}
    posted = [m for m in fake_slack.state.messages if m.metadata]
    assert sorted(int(m.metadata["event_payload"]["outbox_id"]) for m in posted) == [  # type: ignore[index]
        r.id for r in rows
    ]
    digests = [r for r in rows if r.purpose == MessagePurpose.DIGEST]
    charts = [f for m in fake_slack.state.messages for f in m.files]
    assert len(charts) == len(digests) - 1 == LEADERS - 1


def test_the_digest_tick_queues_and_the_dispatcher_delivers_each_digest_once(
    seeded: Database, fake_slack: SimulatedSlack, ticks: Ticks
) -> None:
    assert ticks.digest is not None
    ticks.digest(NOW)
    ticks.dispatch(NOW)

    dana = _dm(fake_slack, DANA)
    (digest, review) = _tagged(dana)
    assert digest.text.startswith("Weekly digest for the week of Mon 12 Oct")
    assert review.text.startswith("Quarterly review for Dana Lee, 2026-Q3")
    assert _charts(dana) == [CHART]
    chart_message = next(m for m in dana if m.files)
    assert float(chart_message.ts) > float(digest.ts)
    (stored,) = [f for f in fake_slack.state.files.values() if f.channel_id == digest.channel]
    assert stored.content is not None and stored.content.startswith(b"\x89PNG")
    (summary,) = _tagged(_dm(fake_slack, JORDAN))
    assert summary.text.startswith("Your week of Mon 12 Oct")
    _assert_each_got_exactly_one(seeded, fake_slack)
    runs = _runs(seeded)
    assert len(runs) == LEADERS
    assert {(r.state, r.sent_at) for r in runs} == {(DigestState.SENT, NOW)}
    dana_row = next(r for r in _rows(seeded) if r.slack_ts == digest.ts)
    assert (dana_row.purpose, dana_row.slack_channel) == (MessagePurpose.DIGEST, digest.channel)

    # A second tick, and a second dispatcher run, an hour later: nothing more.
    posted = len(fake_slack.state.messages)
    ticks.digest(NOW + timedelta(minutes=5))
    ticks.dispatch(NOW + timedelta(minutes=5))
    assert len(fake_slack.state.messages) == posted
    assert len(_rows(seeded)) == REPORTS


def test_a_summary_waits_for_the_managers_own_morning(
    seeded: Database, fake_slack: SimulatedSlack, ticks: Ticks
) -> None:
    assert ticks.digest is not None
    ticks.digest(NOW)
    ticks.dispatch(NOW)
    assert _tagged(_dm(fake_slack, CARLOS)) == []  # 08:00 in Los Angeles is 15:00 UTC

    later = NOW + timedelta(hours=1, minutes=5)
    ticks.digest(later)
    Dispatcher(
        seeded.sessions,
        SlackNotifier(_client(fake_slack)),
        owner="later",
        operating_system=lambda: OS,
    ).run_until_idle(lambda: later)

    (summary,) = _tagged(_dm(fake_slack, CARLOS))
    assert "Your week of Mon 12 Oct" in summary.text


@pytest.mark.parametrize(
    ("status", "retried", "throttled"), [(500, 1, 0.0), (429, 0, 1.0)], ids=["5xx", "429"]
)
def test_a_failed_or_throttled_post_is_retried_and_still_sent_once(
    seeded: Database,
    container: Container,
    fake_slack: SimulatedSlack,
    naps: list[float],
    status: int,
    retried: int,
    throttled: float,
) -> None:
    with container.unit_of_work() as uow:
        assert schedule_digests(uow.session, OS, now=NOW) == REPORTS
    fake_slack.fail_next("chat.postMessage", status=status, retry_after=1)
    dispatcher = _dispatcher(container, SlackNotifier(_client(fake_slack)), naps)

    first = dispatcher.run_until_idle(lambda: NOW)
    rest = dispatcher.run_until_idle(lambda: NOW + timedelta(hours=1))

    assert first.retried + rest.retried == retried
    assert first.throttled_seconds == throttled
    assert naps == ([throttled] if throttled else [])
    assert len(fake_slack.calls("chat.postMessage")) == REPORTS - 1 + 1
    _assert_each_got_exactly_one(seeded, fake_slack)
    assert {r.state for r in _runs(seeded)} == {DigestState.SENT}


@pytest.mark.parametrize("method", ["files.getUploadURLExternal", "files.completeUploadExternal"])
def test_a_chart_that_failed_after_its_message_is_uploaded_once_on_the_retry(
    seeded: Database,
    container: Container,
    fake_slack: SimulatedSlack,
    naps: list[float],
    method: str,
) -> None:
    with container.unit_of_work() as uow:
        schedule_digests(uow.session, OS, now=NOW)
    fake_slack.fail_next(method, status=500)
    dispatcher = _dispatcher(container, SlackNotifier(_client(fake_slack)), naps)

    first = dispatcher.run_until_idle(lambda: NOW)
    rest = dispatcher.run_until_idle(lambda: NOW + timedelta(hours=1))

    assert (first.retried, rest.recovered) == (1, 1)
    _assert_each_got_exactly_one(seeded, fake_slack)
    assert len(fake_slack.calls("chat.postMessage")) == REPORTS  # never re-posted
    for leader in {r.recipient_id for r in _rows(seeded) if r.purpose == MessagePurpose.DIGEST}:
        with seeded.sessions() as session:
            person = session.get(Person, leader)
            assert person is not None
        expected = [] if person.email == HANNAH else [CHART]
        assert _charts(_dm(fake_slack, person.email)) == expected


def test_a_digest_slack_accepted_before_a_crash_is_recorded_and_completed_not_resent(
    seeded: Database, container: Container, fake_slack: SimulatedSlack, naps: list[float]
) -> None:
    with container.unit_of_work() as uow:
        schedule_digests(uow.session, OS, now=NOW)
    lease = timedelta(minutes=2)
    doomed = Dispatcher(
        container.sessions,
        DiesAfterSlackAcceptsTheDigest(_client(fake_slack)),
        owner="doomed",
        lease=lease,
        operating_system=lambda: OS,
    )
    with pytest.raises(ProcessDied):
        doomed.run_until_idle(lambda: NOW)
    assert [f for m in fake_slack.state.messages for f in m.files] == []  # died before the chart
    in_slack = len([m for m in fake_slack.state.messages if m.metadata])
    recorded = len([r for r in _rows(seeded) if r.state is OutboxState.SENT])

    successor = _dispatcher(container, SlackNotifier(_client(fake_slack)), naps, owner="next")
    report = successor.run_until_idle(lambda: NOW + lease + timedelta(seconds=1))

    # A batch is recorded once it is through: whatever Slack took from the dead sender's
    # batch (the digest at least) is found in Slack and recorded, never posted again.
    assert report.recovered == in_slack - recorded >= 1
    _assert_each_got_exactly_one(seeded, fake_slack)


def test_a_dispatcher_without_the_operating_system_leaves_digests_for_one_that_has_it(
    seeded: Database, container: Container, fake_slack: SimulatedSlack
) -> None:
    with container.unit_of_work() as uow:
        schedule_digests(uow.session, OS, now=NOW)
    bare = Dispatcher(
        container.sessions,
        SlackNotifier(_client(fake_slack)),
        owner="bare",
        jitter=lambda seconds: seconds,
    )
    report = bare.run_until_idle(lambda: NOW)
    # Without the config the default hours still hold Anika's summary for her morning.
    assert (report.retried, report.waiting) == (REPORTS - 1, 1)
    assert fake_slack.state.messages == []
    assert {r.state for r in _rows(seeded)} == {OutboxState.PENDING}
