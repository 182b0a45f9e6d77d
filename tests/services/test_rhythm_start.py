"""Rhythm starts when the person, the cadence and Cadence do: a week walked hour by hour.

Each walk runs the bot's own loop — sync, plan, deliver what is due, close — every few hours
for a week and a half, on both databases. Nothing may end up *missed* that was due before
Cadence went live, before its person joined or before its cadence was added; and an
occurrence nobody was ever nudged about is *not nudged*, not missed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain.adherence import OccurrenceOutcome, adherence
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.operating_system import OperatingSystem
from bot.domain.roster import Roster
from bot.persistence.models import Cadence, Occurrence, OutboxMessage, OutboxState, Person
from bot.services.closer import close
from bot.services.planner import plan
from bot.services.roster_sync import sync_roster
from tests.seeds.org import WED, at, person, weekly_forecast
from tests.seeds.synced import WEEK, org

S = OccurrenceStatus
# Thursday 3 December 2026, 12:00 in Chicago: this week's forecasts (due Wednesday 17:00)
# are past, its 1:1s (due Friday 17:00) are still ahead.
THURSDAY = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
NEXT_WEEK = WEEK + timedelta(weeks=1)
STEP = timedelta(hours=3)


def run_bot(
    session: Session,
    operating_system: OperatingSystem,
    *,
    start: datetime,
    until: datetime,
    delivering: bool = True,
) -> None:
    """The bot's loop every three hours: sync, plan, deliver what is due, close."""
    now = start
    while now <= until:
        sync_roster(session, operating_system, directory=None, now=now)
        plan(session, operating_system, now=now)
        if delivering:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.send_after <= now)
                .values(state=OutboxState.SENT, sent_at=now)
            )
        close(session, now=now)
        session.flush()
        now += STEP


def statuses(session: Session, **where: object) -> Counter[tuple[str, date, S]]:
    query = select(Occurrence.cadence_id, Occurrence.period_start, Occurrence.status)
    for name, value in where.items():
        query = query.where(getattr(Occurrence, name) == value)
    return Counter((c, p, s) for c, p, s in session.execute(query))


def subject_statuses(session: Session, email: str) -> dict[tuple[str, date], S]:
    subject = session.scalars(select(Person.id).where(Person.email == email)).one()
    rows = session.execute(
        select(Occurrence.cadence_id, Occurrence.period_start, Occurrence.status).where(
            Occurrence.subject_id == subject
        )
    )
    return {(c, p): s for c, p, s in rows}


def test_a_first_deploy_on_thursday_charges_nobody_for_the_days_before_it(
    session: Session,
) -> None:
    run_bot(session, org(), start=THURSDAY, until=THURSDAY + timedelta(days=11))

    due = session.scalars(select(Occurrence.due_at)).all()
    assert due and min(due) > THURSDAY  # nothing was due before go-live
    closed = statuses(session)
    # This week's forecasts were due on Wednesday: not expected at all.
    assert not [key for key in closed if key[:2] == ("weekly-forecast", WEEK)]
    # This week's 1:1s were still ahead: expected and nudged at once; left unanswered, they
    # are missed — like next week's forecast, nudged on Monday.
    assert {s for (c, p, s) in closed if (c, p) == ("rep-1on1", WEEK)} == {S.MISSED}
    assert {s for (c, p, s) in closed if (c, p) == ("weekly-forecast", NEXT_WEEK)} == {S.MISSED}


def test_a_first_deploy_shows_no_missed_item_and_no_zero_percent(session: Session) -> None:
    run_bot(session, org(with_1on1=False), start=THURSDAY, until=THURSDAY + timedelta(days=4))

    outcomes = [
        OccurrenceOutcome(person=str(subject), cadence_id=c, period_start=p, due_at=due, status=s)
        for subject, c, p, due, s in session.execute(
            select(
                Occurrence.subject_id,
                Occurrence.cadence_id,
                Occurrence.period_start,
                Occurrence.due_at,
                Occurrence.status,
            )
        )
    ]
    summary = adherence(outcomes)
    assert summary.missed == 0
    assert summary.rate is None  # nothing judged yet, rather than "0% on time"


def test_a_new_hire_owes_only_what_falls_due_after_joining(session: Session) -> None:
    before = org(with_1on1=False)
    # Cadence has been live since the week before; the new manager joins on Thursday.
    run_bot(session, before, start=THURSDAY - timedelta(days=7), until=THURSDAY - STEP)
    new = person("new@acme.example", "America/Chicago", "lead@acme.example")
    rep = person("newrep@acme.example", "America/Chicago", "new@acme.example")
    after = replace(before, roster=Roster([*before.roster, new, rep]))

    run_bot(session, after, start=THURSDAY, until=THURSDAY + timedelta(days=11))

    new_hire = subject_statuses(session, "new@acme.example")
    assert ("weekly-forecast", WEEK) not in new_hire  # due Wednesday, before they joined
    assert new_hire[("weekly-forecast", NEXT_WEEK)] is S.MISSED  # nudged Monday, unanswered
    # Everyone else owed this week's forecast, nudged since Monday.
    assert subject_statuses(session, "chi@acme.example")[("weekly-forecast", WEEK)] is S.MISSED


def test_a_cadence_added_mid_week_is_owed_from_its_next_due_date(session: Session) -> None:
    before = org(with_1on1=False)
    run_bot(session, before, start=THURSDAY - timedelta(days=7), until=THURSDAY - STEP)
    review = weekly_forecast(id="pipeline-review", reminders=(), escalate_after=None)
    review = replace(review, schedule=replace(review.schedule, due=at(WED, "12:00")))
    after = replace(before, cadences=(*before.cadences, review))

    run_bot(session, after, start=THURSDAY, until=THURSDAY + timedelta(days=7))

    periods = {p for (c, p, _) in statuses(session, cadence_id="pipeline-review")}
    assert WEEK not in periods and min(periods) == NEXT_WEEK
    added = session.scalars(select(Cadence.created_at).where(Cadence.id == "pipeline-review"))
    assert added.one() == THURSDAY


def test_someone_back_on_the_roster_owes_nothing_for_the_time_they_were_off_it(
    session: Session,
) -> None:
    everyone = org(with_1on1=False)
    without_kol = replace(
        everyone, roster=Roster(p for p in everyone.roster if p.email != "kol@acme.example")
    )
    run_bot(
        session, everyone, start=THURSDAY - timedelta(days=14), until=THURSDAY - timedelta(days=10)
    )
    run_bot(session, without_kol, start=THURSDAY - timedelta(days=9), until=THURSDAY - STEP)

    run_bot(session, everyone, start=THURSDAY, until=THURSDAY + timedelta(days=18))

    kol = subject_statuses(session, "kol@acme.example")
    # Off the roster this week and (as planned while away) next: excused, never missed.
    assert kol[("weekly-forecast", WEEK)] is S.EXCUSED
    assert kol[("weekly-forecast", NEXT_WEEK)] is S.EXCUSED
    # The first week planned after coming back is owed again.
    assert kol[("weekly-forecast", NEXT_WEEK + timedelta(weeks=1))] is S.MISSED


def test_organization_starts_on_holds_everything_until_that_date(session: Session) -> None:
    operating_system = org(with_1on1=False)
    later = replace(
        operating_system,
        organization=replace(operating_system.organization, starts_on=date(2026, 12, 9)),
    )

    run_bot(session, later, start=THURSDAY, until=THURSDAY + timedelta(days=7))

    # Next week's forecast is due Wednesday 9 December, 17:00: after the start, so owed.
    assert min(p for (_, p, _) in statuses(session)) == NEXT_WEEK


def test_while_the_bot_is_down_nothing_is_missed_only_not_nudged(session: Session) -> None:
    operating_system = org(with_1on1=False)
    run_bot(session, operating_system, start=THURSDAY - timedelta(days=7), until=THURSDAY)

    # Slack is out for the whole of next week: nothing is delivered.
    run_bot(
        session,
        operating_system,
        start=THURSDAY + STEP,
        until=THURSDAY + timedelta(days=11),
        delivering=False,
    )

    next_week = statuses(session, period_start=NEXT_WEEK)
    assert {s for (_, _, s) in next_week} == {S.NOT_NUDGED}
    assert {s for (_, _, s) in statuses(session, period_start=WEEK)} == {S.MISSED}
