"""Action items: open → done on time or late, follow-through, and when the overdue reminder goes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from bot.domain.action_items import (
    ActionItemRecord,
    ItemState,
    follow_through,
    follow_through_by_manager,
    item_state,
    overdue_reminder_at,
)
from bot.domain.calendar import PersonCalendar
from bot.domain.operating_system import TimeOff
from bot.domain.working_hours import WorkingHours

FRI = date(2026, 12, 4)
NINE_TO_FIVE = WorkingHours(time(9, 0), time(17, 0))
CHICAGO = PersonCalendar(
    tz="America/Chicago",
    working_days=frozenset({1, 2, 3, 4, 5}),
    holidays=frozenset(),
    working_hours=NINE_TO_FIVE,
)


def test_an_item_done_by_its_due_date_is_on_time_and_after_it_late() -> None:
    assert item_state(due_on=FRI, done_on=FRI, today=FRI) is ItemState.DONE_ON_TIME
    assert item_state(due_on=FRI, done_on=date(2026, 12, 5), today=FRI) is ItemState.DONE_LATE
    assert item_state(due_on=None, done_on=date(2027, 1, 1), today=FRI) is ItemState.DONE_ON_TIME


def test_an_open_item_is_overdue_only_after_its_due_date() -> None:
    assert item_state(due_on=FRI, done_on=None, today=FRI) is ItemState.OPEN
    assert item_state(due_on=FRI, done_on=None, today=date(2026, 12, 5)) is ItemState.OVERDUE
    assert item_state(due_on=None, done_on=None, today=date(2027, 1, 5)) is ItemState.OPEN


def _item(manager: str, due: date | None, done: date | None) -> ActionItemRecord:
    return ActionItemRecord(manager, "rep@x", "rep@x", date(2026, 11, 2), due, done)


def test_follow_through_judges_done_and_overdue_items_but_not_those_not_yet_due() -> None:
    today = date(2026, 12, 10)
    items = [
        _item("m@x", date(2026, 12, 1), date(2026, 12, 1)),
        _item("m@x", date(2026, 12, 1), date(2026, 12, 3)),
        _item("m@x", date(2026, 12, 1), None),
        _item("m@x", date(2026, 12, 20), None),
        _item("other@x", None, None),
    ]
    ft = follow_through_by_manager(items, today=today)["m@x"]
    assert (ft.on_time, ft.late, ft.overdue, ft.open) == (1, 1, 1, 1)
    assert ft.judged == 3
    assert ft.rate == 1 / 3
    assert ft.late_share == 2 / 3
    assert follow_through([], today=today).rate is None


def test_the_overdue_reminder_goes_at_the_start_of_the_next_working_day() -> None:
    # Due Friday: Saturday and Sunday are no working days, so Monday 09:00 in Chicago.
    now = datetime(2026, 12, 4, 20, tzinfo=UTC)
    at = overdue_reminder_at(due_on=FRI, person_calendar=CHICAGO, now=now)
    assert at == datetime(2026, 12, 7, 15, tzinfo=UTC)


def test_the_overdue_reminder_waits_for_the_end_of_time_off_and_for_working_hours() -> None:
    away = PersonCalendar(
        tz="America/Chicago",
        working_days=frozenset({1, 2, 3, 4, 5}),
        holidays=frozenset(),
        time_off=(TimeOff("rep@x", date(2026, 12, 7), date(2026, 12, 8)),),
        working_hours=NINE_TO_FIVE,
    )
    now = datetime(2026, 12, 5, 12, tzinfo=UTC)
    assert overdue_reminder_at(due_on=FRI, person_calendar=away, now=now) == datetime(
        2026, 12, 9, 15, tzinfo=UTC
    )
    # Found late on a working evening: the next morning, not at once.
    evening = datetime(2026, 12, 9, 23, 30, tzinfo=UTC)
    assert overdue_reminder_at(due_on=FRI, person_calendar=CHICAGO, now=evening) == datetime(
        2026, 12, 10, 15, tzinfo=UTC
    )
    # Found during working hours: at once.
    midday = datetime(2026, 12, 9, 18, tzinfo=UTC)
    assert overdue_reminder_at(due_on=FRI, person_calendar=CHICAGO, now=midday) == midday


def test_the_overdue_reminder_follows_the_owners_own_working_hours_and_zone() -> None:
    # An owner in Berlin who works 10:00-16:00, away Monday and Tuesday.
    berlin = PersonCalendar(
        tz="Europe/Berlin",
        working_days=frozenset({1, 2, 3, 4, 5}),
        holidays=frozenset(),
        time_off=(TimeOff("rep@x", date(2026, 12, 7), date(2026, 12, 8)),),
        working_hours=WorkingHours(time(10, 0), time(16, 0)),
    )
    # Due Friday, found Saturday: Wednesday 10:00 in Berlin (09:00 UTC), not 09:00 local.
    saturday = datetime(2026, 12, 5, 12, tzinfo=UTC)
    wednesday_ten = datetime(2026, 12, 9, 9, tzinfo=UTC)
    assert overdue_reminder_at(due_on=FRI, person_calendar=berlin, now=saturday) == wednesday_ten
    # Found at 13:00 on a day away: the start of the next working hours, not 13:00 then.
    away_midday = datetime(2026, 12, 7, 12, tzinfo=UTC)
    assert overdue_reminder_at(due_on=FRI, person_calendar=berlin, now=away_midday) == (
        wednesday_ten
    )
    # Found at 09:30 or at 16:30 on a working day: 10:00 that day, or the next.
    early = datetime(2026, 12, 9, 8, 30, tzinfo=UTC)
    assert overdue_reminder_at(due_on=FRI, person_calendar=berlin, now=early) == wednesday_ten
    late = datetime(2026, 12, 9, 15, 30, tzinfo=UTC)
    assert overdue_reminder_at(due_on=FRI, person_calendar=berlin, now=late) == datetime(
        2026, 12, 10, 9, tzinfo=UTC
    )
