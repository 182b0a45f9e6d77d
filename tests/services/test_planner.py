"""The planner stores each occurrence and nudge once, and follows roster and config changes."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.occurrence import OccurrenceStatus
from bot.domain.operating_system import TimeOff
from bot.domain.roster import Roster
from bot.persistence.database import UnitOfWork, create_engine_from_url, session_factory
from bot.persistence.migrate import upgrade
from bot.persistence.models import Occurrence, OutboxMessage, OutboxState
from bot.persistence.repositories import plan_marks
from bot.persistence.repositories.go_live import go_live
from bot.services.closer import close
from bot.services.planner import PlanReport, plan
from tests.seeds.synced import (
    SUNDAY,
    WEEK,
    messages_of,
    occurrence,
    org,
    pending,
    person_id,
    reporting_to,
    synced,
    without,
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def counts(session: Session) -> tuple[int, int]:
    occurrences = session.scalar(select(func.count()).select_from(Occurrence))
    messages = session.scalar(select(func.count()).select_from(OutboxMessage))
    return occurrences or 0, messages or 0


def test_a_forecast_gets_its_open_reminders_and_escalation_in_the_managers_zone(
    session: Session,
) -> None:
    operating_system = synced(session, org())

    plan(session, operating_system, now=SUNDAY)

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert forecast.status is OccurrenceStatus.SCHEDULED
    lead = person_id(session, "lead@acme.example")
    sends = {key: m.send_after for key, m in messages_of(session, forecast).items()}
    assert sends == {
        "open": utc(2026, 11, 30, 15, 0),  # Monday 09:00 in Chicago
        "reminder:24h": utc(2026, 12, 1, 23, 0),
        "reminder:2h": utc(2026, 12, 2, 21, 0),
        # Wednesday 21:00 in Chicago is after working hours: Thursday 08:00.
        f"escalation:{lead}": utc(2026, 12, 3, 14, 0),
    }
    escalation = messages_of(session, forecast)[f"escalation:{lead}"]
    assert escalation.recipient_id == lead


def test_planning_twice_adds_nothing(session: Session) -> None:
    operating_system = synced(session, org())
    first = plan(session, operating_system, now=SUNDAY)
    before = counts(session)

    second = plan(session, operating_system, now=SUNDAY + timedelta(minutes=5))

    assert first.occurrences_added > 0 and first.messages_enqueued > 0
    assert (second.occurrences_added, second.messages_enqueued) == (0, 0)
    assert second.messages_cancelled == 0
    assert counts(session) == before


def test_two_planners_at_once_store_every_occurrence_and_message_once(
    empty_database_url: str,
) -> None:
    upgrade(empty_database_url)
    engine = create_engine_from_url(empty_database_url)
    sessions = session_factory(engine)
    operating_system = org()
    with UnitOfWork(sessions) as uow:
        synced(uow.session, operating_system)
    start = threading.Barrier(2)
    reports: list[PlanReport] = []
    errors: list[BaseException] = []

    def planner() -> None:
        try:
            start.wait()
            with UnitOfWork(sessions) as uow:
                reports.append(plan(uow.session, operating_system, now=SUNDAY))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=planner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with sessions() as session:
        stored_occurrences, stored_messages = counts(session)
    engine.dispose()

    assert errors == []
    assert stored_occurrences > 0
    assert sum(r.occurrences_added for r in reports) == stored_occurrences
    assert sum(r.messages_enqueued for r in reports) == stored_messages


def test_a_new_manager_gets_occurrences_at_the_next_plan(session: Session) -> None:
    operating_system = synced(session, org())
    plan(session, operating_system, now=SUNDAY)
    grown = Roster(
        [
            *operating_system.roster,
            replace(
                operating_system.roster["chi@acme.example"], email="new@acme.example", name="New"
            ),
            replace(
                operating_system.roster["ann@acme.example"],
                email="eve@acme.example",
                name="Eve",
                reports_to="new@acme.example",
            ),
        ]
    )
    operating_system = synced(session, replace(operating_system, roster=grown))

    report = plan(session, operating_system, now=SUNDAY + timedelta(hours=1))

    forecast = occurrence(session, "weekly-forecast", "new@acme.example")
    one_on_one = occurrence(session, "rep-1on1", "new@acme.example", counterpart="eve@acme.example")
    assert "open" in pending(session, forecast) and "open" in pending(session, one_on_one)
    assert report.occurrences_added >= 2


def test_a_rep_who_left_has_their_1on1_excused_and_its_nudges_cancelled(session: Session) -> None:
    operating_system = synced(session, org())
    plan(session, operating_system, now=SUNDAY)

    operating_system = synced(session, without(operating_system, "bob@acme.example"))
    plan(session, operating_system, now=SUNDAY + timedelta(hours=1))

    one_on_one = occurrence(session, "rep-1on1", "chi@acme.example", counterpart="bob@acme.example")
    assert one_on_one.status is OccurrenceStatus.EXCUSED
    assert one_on_one.excused_reason == "left the roster"
    nudges = messages_of(session, one_on_one).values()
    assert {m.state for m in nudges} == {OutboxState.CANCELLED}
    assert {m.error for m in nudges} == {"occurrence excused: left the roster"}
    kept = occurrence(session, "rep-1on1", "chi@acme.example", counterpart="ann@acme.example")
    assert kept.status is OccurrenceStatus.SCHEDULED and "open" in pending(session, kept)


def test_a_rep_moved_to_another_manager_has_the_old_1on1_excused_as_reassigned(
    session: Session,
) -> None:
    operating_system = synced(session, org())
    plan(session, operating_system, now=SUNDAY)

    operating_system = synced(
        session, reporting_to(operating_system, "bob@acme.example", "kol@acme.example")
    )
    plan(session, operating_system, now=SUNDAY + timedelta(hours=1))

    old = occurrence(session, "rep-1on1", "chi@acme.example", counterpart="bob@acme.example")
    new = occurrence(session, "rep-1on1", "kol@acme.example", counterpart="bob@acme.example")
    assert (old.status, old.excused_reason) == (OccurrenceStatus.EXCUSED, "reassigned")
    assert pending(session, old) == set()
    assert "open" in pending(session, new)


def test_a_manager_change_moves_the_escalation_to_the_new_manager(session: Session) -> None:
    operating_system = synced(session, org())
    plan(session, operating_system, now=SUNDAY)
    lead, lead2 = person_id(session, "lead@acme.example"), person_id(session, "lead2@acme.example")

    operating_system = synced(
        session, reporting_to(operating_system, "kol@acme.example", "lead2@acme.example")
    )
    report = plan(session, operating_system, now=SUNDAY + timedelta(hours=1))

    forecast = occurrence(session, "weekly-forecast", "kol@acme.example")
    messages = messages_of(session, forecast)
    old, new = messages[f"escalation:{lead}"], messages[f"escalation:{lead2}"]
    assert (old.state, old.error) == (OutboxState.CANCELLED, "manager changed")
    assert (new.state, new.recipient_id) == (OutboxState.PENDING, lead2)
    assert new.send_after == old.send_after
    assert forecast.status is OccurrenceStatus.SCHEDULED
    # This week's and next week's forecasts: one escalation swapped for another in each.
    assert report.messages_cancelled == report.messages_enqueued == 2


def test_an_occurrence_due_during_time_off_is_stored_excused_without_nudges(
    session: Session,
) -> None:
    away = TimeOff(email="chi@acme.example", start=date(2026, 12, 2), end=date(2026, 12, 4))
    operating_system = synced(session, org(time_off=(away,)))

    plan(session, operating_system, now=SUNDAY)

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert (forecast.status, forecast.excused_reason) == (OccurrenceStatus.EXCUSED, "time off")
    assert messages_of(session, forecast) == {}


def test_time_off_declared_after_planning_excuses_at_the_next_plan(session: Session) -> None:
    operating_system = synced(session, org())
    plan(session, operating_system, now=SUNDAY)
    away = TimeOff(email="kol@acme.example", start=date(2026, 12, 2), end=date(2026, 12, 2))

    operating_system = synced(session, replace(operating_system, time_off=(away,)))
    plan(session, operating_system, now=SUNDAY + timedelta(hours=1))

    forecast = occurrence(session, "weekly-forecast", "kol@acme.example")
    assert (forecast.status, forecast.excused_reason) == (OccurrenceStatus.EXCUSED, "time off")
    assert pending(session, forecast) == set()


def test_a_dst_change_keeps_the_nudge_at_nine_local(session: Session) -> None:
    # US clocks go back on Sunday 2026-11-01: Chicago moves from UTC-5 to UTC-6.
    operating_system = synced(session, org(with_1on1=False), now=utc(2026, 10, 25, 12, 0))

    plan(session, operating_system, now=utc(2026, 10, 25, 12, 0))

    chi = person_id(session, "chi@acme.example")
    opens = session.execute(
        select(Occurrence.period_start, OutboxMessage.send_after)
        .join(OutboxMessage, OutboxMessage.occurrence_id == Occurrence.id)
        .where(Occurrence.subject_id == chi, OutboxMessage.key == "open")
    ).all()
    assert dict(opens) == {
        date(2026, 10, 26): utc(2026, 10, 26, 14, 0),
        date(2026, 11, 2): utc(2026, 11, 2, 15, 0),
    }


def test_a_holiday_moves_the_open_and_excuses_what_falls_due_on_it(session: Session) -> None:
    holidays = frozenset({WEEK, date(2026, 12, 11)})  # the Monday, and a 1:1's Friday due date
    operating_system = synced(session, org(holidays=holidays))

    plan(session, operating_system, now=SUNDAY)

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert messages_of(session, forecast)["open"].send_after == utc(2026, 12, 1, 15, 0)
    next_1on1 = session.scalars(
        select(Occurrence).where(
            Occurrence.cadence_id == "rep-1on1", Occurrence.period_start == date(2026, 12, 7)
        )
    ).all()
    assert {(o.status, o.excused_reason) for o in next_1on1} == {
        (OccurrenceStatus.EXCUSED, "holiday")
    }
    assert all(messages_of(session, o) == {} for o in next_1on1)


def test_an_occurrence_first_planned_after_it_opened_still_gets_its_open_at_once(
    session: Session,
) -> None:
    operating_system = synced(session, org(with_1on1=False))
    tuesday = utc(2026, 12, 1, 12, 0)

    report = plan(session, operating_system, now=tuesday)

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert forecast.status is OccurrenceStatus.OPEN
    assert set(messages_of(session, forecast)) == {
        "open",
        "reminder:24h",
        "reminder:2h",
        f"escalation:{person_id(session, 'lead@acme.example')}",
    }
    assert messages_of(session, forecast)["open"].send_after == utc(2026, 11, 30, 15, 0)
    stored_open = session.scalar(
        select(func.count()).where(Occurrence.status == OccurrenceStatus.OPEN)
    )
    assert report.opened == stored_open >= 1


def test_an_occurrence_first_planned_after_its_due_time_is_neither_nudged_nor_escalated(
    session: Session,
) -> None:
    operating_system = synced(session, org(with_1on1=False))
    go_live(session, now=SUNDAY)  # live since Sunday, then the bot was down until Thursday

    plan(session, operating_system, now=utc(2026, 12, 3, 12, 0))  # after Wednesday's due time

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert forecast.status is OccurrenceStatus.OPEN
    assert messages_of(session, forecast) == {}
    close(session, now=utc(2026, 12, 7, 15, 0))
    assert forecast.status is OccurrenceStatus.NOT_NUDGED


def test_a_first_plan_after_the_weeks_due_time_expects_nothing_of_that_week(
    session: Session,
) -> None:
    operating_system = synced(session, org(with_1on1=False))

    # Thursday, after Wednesday's due time: Cadence goes live now, so this week is not owed.
    plan(session, operating_system, now=utc(2026, 12, 3, 12, 0))

    assert not session.scalars(select(Occurrence).where(Occurrence.period_start == WEEK)).all()


def test_an_occurrence_opens_when_the_planner_runs_after_its_opening(session: Session) -> None:
    operating_system = synced(session, org(with_1on1=False))
    plan(session, operating_system, now=SUNDAY)

    report = plan(session, operating_system, now=utc(2026, 11, 30, 15, 30))

    assert occurrence(session, "weekly-forecast", "chi@acme.example").status is (
        OccurrenceStatus.OPEN
    )
    assert occurrence(session, "weekly-forecast", "kol@acme.example").status is (
        OccurrenceStatus.OPEN
    )
    assert report.opened == 2


def test_people_not_synced_yet_are_skipped_and_named(session: Session) -> None:
    operating_system = synced(session, org(with_1on1=False))
    late = replace(
        operating_system.roster["chi@acme.example"], email="late@acme.example", name="Late"
    )
    ann = replace(
        operating_system.roster["ann@acme.example"],
        email="ann2@acme.example",
        reports_to=late.email,
    )

    report = plan(
        session,
        replace(operating_system, roster=Roster([*operating_system.roster, late, ann])),
        now=SUNDAY,
    )

    assert "late@acme.example" in report.not_synced


def stored_rows(session: Session) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    occurrences = session.execute(
        select(
            Occurrence.cadence_id,
            Occurrence.subject_id,
            Occurrence.counterpart_key,
            Occurrence.period_start,
            Occurrence.status,
        )
    )
    messages = session.execute(
        select(OutboxMessage.dedupe_key, OutboxMessage.state, OutboxMessage.send_after)
    )
    return {tuple(r) for r in occurrences}, {tuple(r) for r in messages}


def test_a_tick_with_unchanged_inputs_stores_what_a_full_plan_would(session: Session) -> None:
    operating_system = synced(session, org())
    plan(session, operating_system, now=SUNDAY)
    later = SUNDAY + timedelta(days=4, hours=3)

    ticked = plan(session, operating_system, now=later)  # inputs unchanged: plans only the new days
    after_tick = stored_rows(session)
    plan_marks.forget(session)
    full = plan(session, operating_system, now=later)  # the same instant, planned from scratch

    assert ticked.occurrences_added > 0 and ticked.messages_enqueued > 0
    assert (full.occurrences_added, full.messages_enqueued, full.messages_cancelled) == (0, 0, 0)
    assert stored_rows(session) == after_tick


def test_a_tick_after_a_config_change_plans_in_full(session: Session) -> None:
    operating_system = synced(session, org())
    plan(session, operating_system, now=SUNDAY)

    # Same people, one cadence fewer: only a full plan notices the stored 1:1s lapsed.
    report = plan(session, synced(session, org(with_1on1=False)), now=SUNDAY + timedelta(hours=1))

    one_on_one = occurrence(session, "rep-1on1", "chi@acme.example", counterpart="bob@acme.example")
    assert (one_on_one.status, one_on_one.excused_reason) == (
        OccurrenceStatus.EXCUSED,
        "cadence removed",
    )
    assert report.messages_cancelled > 0
