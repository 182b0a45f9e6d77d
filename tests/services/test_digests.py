"""Dana Lee's digest of 19 Oct 2026 from the seeded quarter (tests/seeds/quarter.py).

Hand-computed figures — reported week 12-18 Oct, trailing 8 weeks from 24 Aug, chart from 27 Jul:

adherence (forecast + team meeting per manager and week)
    Carlos  last week 1/2 (team missed)      8 weeks: 16 - 3 missed team meetings = 13/16
    Jordan  last week 1/2 (forecast missed)  8 weeks: 1 skip leaves → 15 judged, 14 on time
    Aisha   last week 2/2                    8 weeks: 2 late forecasts → 14/16
    Dana    last week 4/6 = 67%              8 weeks: 41/47 = 87% → the rhythm slipped

forecast, week of 12 Oct: Carlos 110k (v2, before the deadline) + Aisha 100k = 210k, Jordan
    missing; week of 5 Oct: 3 x 100k = 300k → change -90k. Dana's standing adjustment +80k (it
    replaced her +50k) → her call 290k.

accuracy (Q3 actuals: Carlos 120k, Jordan 90k, Aisha 100k; weeks 27 Jul - 28 Sep, 10 weeks;
    every locked commit 100k; Aisha's late weeks 21 Sep and 5 Oct have nothing locked, and her
    130k edit of 17 Aug came after the deadline)
    Carlos 10 x |100-120| = 200k over 1,200k → WAPE 1/6, under
    Jordan 10 x |100-90| = 100k over 900k → WAPE 1/9, over
    Aisha  9 x 0 over 900k → 0, exact
    Dana   300k / 3,000k = 10% (accuracy 90%); net -100k → under
    per week: (20 + 10 + 0) / 310 = 9.68%; 21 Sep without Aisha: 30 / 210 = 14.29%

coaching, September (1:1 notes held, pulse of 14 Sep)
    Carlos 4 of 5 logged as coaching (3 coaching + 1 field training); 2 answers → hidden
    Jordan 1 of 4; 5 answers, 3 yes → 60%, usefulness (3 + 4 + 2) / 3 = 3.0
    Aisha  2 of 4; 4 answers, 3 yes — hidden too: Dana's 11 minus Jordan's 5 minus Aisha's 4
           would leave Carlos's 2; Aisha's team is the smaller one that closes the gap.
    Dana   7 of 13 logged; 11 answers, 8 yes; usefulness (4+5 + 3+4+2 + 5+4+4) / 8 = 3.875
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.digest import Digest, Rhythm
from bot.domain.forecast_rollup import Bias
from bot.domain.messages import MessagePurpose
from bot.domain.roster import Role
from bot.persistence.models import DigestRun, OutboxMessage
from bot.services.delivery.compose import (
    digest_for_outbox,
    digests_for_outbox,
    summary_for_outbox,
)
from bot.services.digests import (
    build_digest,
    build_digests,
    build_manager_summary,
    schedule_digests,
)
from tests.seeds.quarter import (
    AISHA,
    CARLOS,
    DANA,
    JORDAN,
    K,
    example_os,
    seed_people,
    seed_quarter,
)

D = Decimal
WEEK = date(2026, 10, 19)
NOW = datetime(2026, 10, 19, 14, tzinfo=UTC)
OS = example_os()


@pytest.fixture
def dana(session: Session) -> Digest:
    seed_quarter(session, OS)
    return build_digest(session, OS, leader_email=DANA, week_start=WEEK, now=NOW)


def test_managers_needing_attention_come_first(dana: Digest) -> None:
    assert [r.email for r in dana.managers] == [CARLOS, JORDAN, AISHA]
    carlos, jordan, aisha = dana.managers
    assert (carlos.week.on_time, carlos.week.missed, carlos.trailing.on_time) == (1, 1, 13)
    assert (jordan.trailing.on_time, jordan.trailing.judged, jordan.trailing.skipped) == (14, 15, 1)
    assert (aisha.trailing.on_time, aisha.trailing.late, aisha.trailing.judged) == (14, 2, 16)
    assert [(m.title, m.count) for m in carlos.missed] == [("Weekly team meeting", 1)]
    assert [(m.title, m.count) for m in jordan.missed] == [("Weekly forecast", 1)]


def test_the_rhythm_slipped_last_week(dana: Digest) -> None:
    headline = dana.headline
    assert (headline.week.on_time, headline.week.judged) == (4, 6)
    assert (headline.trailing.on_time, headline.trailing.judged) == (41, 47)
    assert headline.rhythm is Rhythm.SLIPPED


def test_forecast_roll_up_change_and_dana_s_own_call(dana: Digest) -> None:
    forecast = dana.headline.forecast
    assert forecast.period_start == date(2026, 10, 12)
    assert (forecast.commit, forecast.change) == (D(210 * K), D(-90 * K))
    assert (forecast.adjustment, forecast.leader_commit) == (D(80 * K), D(290 * K))
    assert forecast.not_submitted == ("Jordan Ellis",)


def test_forecast_accuracy_against_the_quarter_s_actuals(dana: Digest) -> None:
    accuracy = dana.headline.accuracy
    assert (accuracy.wape, accuracy.bias, accuracy.count) == (D("0.1"), Bias.UNDER, 29)
    rows = {r.email: r.accuracy for r in dana.managers}
    assert (rows[CARLOS].wape, rows[CARLOS].bias) == (D(1) / D(6), Bias.UNDER)
    assert (rows[JORDAN].wape, rows[JORDAN].bias) == (D(1) / D(9), Bias.OVER)
    assert (rows[AISHA].wape, rows[AISHA].bias) == (D(0), Bias.EXACT)


def test_the_chart_series_covers_twelve_weeks(dana: Digest) -> None:
    points = {p.week_start: p for p in dana.series}
    assert dana.series[0].week_start == date(2026, 7, 27) and len(points) == 12
    assert points[date(2026, 7, 27)].adherence == 1.0
    assert points[date(2026, 9, 7)].adherence == pytest.approx(5 / 6)
    assert points[date(2026, 9, 14)].adherence == 1.0  # Jordan's skip leaves the count
    assert points[date(2026, 10, 12)].adherence == pytest.approx(4 / 6)
    assert points[date(2026, 8, 17)].wape == D(30) / D(310)
    assert points[date(2026, 9, 21)].wape == D(30) / D(210)
    assert points[date(2026, 10, 5)].wape is None  # Q4 has no actuals yet


def test_the_coaching_gap_hides_carlos_and_whatever_would_give_him_away(dana: Digest) -> None:
    rows = {r.email: r.coaching for r in dana.managers}
    assert rows[CARLOS].suppressed and rows[CARLOS].logged_share == 0.8
    assert rows[AISHA].suppressed and rows[AISHA].logged_share == 0.5
    jordan = rows[JORDAN]
    assert (jordan.responses, jordan.reported_share, jordan.average_usefulness) == (5, 0.6, 3.0)
    assert jordan.gap == pytest.approx(0.25 - 0.6)
    team = dana.headline.coaching
    assert (team.responses, team.reported_share, team.average_usefulness) == (11, 8 / 11, 3.875)
    assert team.logged_share == pytest.approx(7 / 13)


def test_a_manager_s_summary_matches_their_digest_row(session: Session) -> None:
    seed_quarter(session, OS)
    digest = build_digest(session, OS, leader_email=DANA, week_start=WEEK, now=NOW)
    summary = build_manager_summary(session, OS, manager_email=CARLOS, week_start=WEEK, now=NOW)
    assert summary.row == digest.manager(CARLOS)
    assert summary.row.forecast.change == D(10 * K)  # 110k after 100k


def test_the_monday_run_builds_each_leader_s_digest_exactly_as_alone(session: Session) -> None:
    seed_quarter(session, OS)
    leaders = [p.email for p in OS.roster.with_role(Role.LEADER)]
    # The VP's digest covers Dana's: the two share their managers' rows.
    assert {"vp@acme.example", DANA} <= set(leaders)

    together = build_digests(session, OS, leader_emails=leaders, week_start=WEEK, now=NOW)

    alone = {
        leader: build_digest(session, OS, leader_email=leader, week_start=WEEK, now=NOW)
        for leader in leaders
    }
    assert together == alone
    assert [r.email for r in together[DANA].managers] == [CARLOS, JORDAN, AISHA]


def test_the_tick_queues_each_digest_and_summary_once(session: Session) -> None:
    seed_people(session, OS)
    # 14:00 UTC on Mon 19 Oct: 08:00 has passed for every leader (New York, Chicago, London)
    # and for the managers in New York, Chicago, London and Kolkata — not yet in Los Angeles.
    # It is the first digest two weeks after Q3 ended: each leader's quarterly review goes too.
    assert schedule_digests(session, OS, now=NOW) == 3 + 4 + 3
    assert schedule_digests(session, OS, now=NOW) == 0  # a second tick, or process, adds none
    runs = session.scalars(select(DigestRun)).all()
    assert {r.week_start for r in runs} == {WEEK} and len(runs) == 3
    messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    digests = [m for m in messages if m.purpose == MessagePurpose.DIGEST]
    assert sorted(m.dedupe_key for m in digests) == sorted(f"digest:{r.id}" for r in runs)
    # Carlos's 08:00 in Los Angeles is 15:00 UTC.
    later = datetime(2026, 10, 19, 15, 30, tzinfo=UTC)
    assert schedule_digests(session, OS, now=later) == 1
    carlos = session.scalars(
        select(OutboxMessage).where(OutboxMessage.purpose == MessagePurpose.MANAGER_SUMMARY)
    ).all()
    assert f"summary:{carlos[-1].recipient_id}:2026-10-19" in {m.dedupe_key for m in carlos}


def test_a_digest_more_than_a_day_late_is_not_sent(session: Session) -> None:
    seed_people(session, OS)
    # Tue 16:00 UTC: the last of Monday's, Carlos's summary at 15:00, is more than a day old.
    assert schedule_digests(session, OS, now=datetime(2026, 10, 20, 16, tzinfo=UTC)) == 0
    assert session.scalar(select(func.count()).select_from(DigestRun)) == 0


def test_the_dispatcher_composes_a_queued_digest_and_summary(session: Session) -> None:
    seed_quarter(session, OS)
    schedule_digests(session, OS, now=NOW)
    rows = session.scalars(select(OutboxMessage)).all()
    digest_row = next(
        r
        for r in rows
        if r.purpose == MessagePurpose.DIGEST and r.recipient_id == _id(session, DANA)
    )
    summary_row = next(
        r
        for r in rows
        if r.purpose == MessagePurpose.MANAGER_SUMMARY and r.recipient_id == _id(session, JORDAN)
    )
    assert digest_for_outbox(session, OS, row=digest_row, now=NOW).headline.forecast.commit == D(
        210 * K
    )
    summary = summary_for_outbox(session, OS, row=summary_row, now=NOW)
    assert summary.row.email == JORDAN and summary.week_start == WEEK


def test_a_dispatch_batch_s_digests_are_built_together_as_each_alone(session: Session) -> None:
    seed_quarter(session, OS)
    schedule_digests(session, OS, now=NOW)
    rows = [
        r
        for r in session.scalars(select(OutboxMessage)).all()
        if r.purpose == MessagePurpose.DIGEST
    ]
    assert len(rows) == 3  # Dana's, Hannah's and the VP's, all due by 14:00 UTC

    together = digests_for_outbox(session, OS, rows, now=NOW)

    assert together == {r.id: digest_for_outbox(session, OS, row=r, now=NOW) for r in rows}


def _id(session: Session, email: str) -> int:
    from bot.persistence.repositories.people import by_email

    person = by_email(session, email)
    assert person is not None
    return person.id
