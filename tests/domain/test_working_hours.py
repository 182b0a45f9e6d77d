"""Working hours: nobody gets a DM outside their own working hours, in any zone.

A message that would arrive early waits for the start of that day's hours; one that would
arrive late waits for the start of the next working day's. An open or reminder that would
then reach the due instant is not sent; an escalation or digest only moves.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.domain.cadence import DigestSchedule, Frequency, Schedule
from bot.domain.calendar import PersonCalendar
from bot.domain.messages import (
    Cancel,
    CancelReason,
    MessagePurpose,
    Send,
    Wait,
    delivery_instant,
    hours_verdict,
)
from bot.domain.operating_system import OperatingSystem
from bot.domain.recurrence import to_local
from bot.domain.schedule import calendar_of, digests_between, occurrences_between
from bot.domain.working_hours import END_OF_DAY, WorkingHours
from tests.seeds.org import MON, THU, WED, acme, at, person, weekly_forecast

WEEKDAYS = frozenset({1, 2, 3, 4, 5})


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def chicago() -> PersonCalendar:
    """The organisation's default hours, 08:00-18:00."""
    return PersonCalendar(tz="America/Chicago", working_days=WEEKDAYS, holidays=frozenset())


def local(instant: datetime | None, tz: str = "America/Chicago") -> str:
    assert instant is not None
    return f"{to_local(instant, tz):%a %H:%M}"


@pytest.mark.parametrize(
    ("at_local_utc", "expected"),
    [
        (utc(2026, 12, 2, 15, 0), "Wed 09:00"),  # Wed 09:00: inside, unchanged
        (utc(2026, 12, 2, 12, 0), "Wed 08:00"),  # Wed 06:00: early, same day's start
        (utc(2026, 12, 3, 3, 0), "Thu 08:00"),  # Wed 21:00: late, next day's start
        (utc(2026, 12, 5, 3, 0), "Mon 08:00"),  # Fri 21:00: late, next working day's start
        (utc(2026, 12, 5, 15, 0), "Mon 09:00"),  # Sat 09:00: a day off, same time Monday
        (utc(2026, 12, 6, 3, 0), "Mon 08:00"),  # Sat 21:00: late on a day off, Monday's start
        (utc(2026, 12, 3, 0, 0), "Thu 08:00"),  # Wed 18:00: the end is not inside
    ],
)
def test_an_instant_outside_working_hours_moves_to_the_next_working_period(
    at_local_utc: datetime, expected: str
) -> None:
    assert local(chicago().next_messaging_instant(at_local_utc)) == expected


def test_an_instant_inside_working_hours_is_kept_to_the_second() -> None:
    instant = datetime(2026, 12, 2, 15, 7, 31, 250, tzinfo=UTC)

    assert chicago().next_messaging_instant(instant) == instant


def test_hours_must_start_before_they_end() -> None:
    with pytest.raises(ValueError, match="start before"):
        WorkingHours(start=time(18), end=time(8))


def test_a_persons_own_hours_override_the_organisations() -> None:
    early_bird = replace(
        person("chi@acme.example", "America/Chicago", "lead@acme.example"),
        working_hours=WorkingHours(time(6), time(14)),
    )
    os = acme(cadences=(weekly_forecast(),))
    os = replace(os, roster=type(os.roster)([*os.roster, early_bird]))

    cal = calendar_of(os, os.roster["chi@acme.example"])

    # Wed 15:00 CST is after an early bird's day: Thursday 06:00.
    assert local(cal.next_messaging_instant(utc(2026, 12, 2, 21, 0))) == "Thu 06:00"
    assert calendar_of(os, os.roster["lead@acme.example"]).working_hours == WorkingHours()


def test_a_late_escalation_reaches_each_manager_the_next_morning_in_their_own_zone() -> None:
    os = acme(cadences=(weekly_forecast(),))
    occs = list(occurrences_between(os, start=utc(2026, 11, 30), end=utc(2026, 12, 5)))

    escalations = {
        o.subject: next(m for m in o.messages if m.key == "escalation")
        for o in occs
        if o.period_start == date(2026, 11, 30)
    }

    # Due Wed 17:00 local, +4h = 21:00 local for the Chicago manager's leader (same zone):
    # Thursday 08:00 Chicago. Kolkata's due is 11:30Z, +4h = 09:30 Chicago: inside, unchanged.
    assert local(escalations["chi@acme.example"].at) == "Thu 08:00"
    assert local(escalations["kol@acme.example"].at) == "Wed 09:30"
    # Adelaide's due is Wed 06:30Z, +4h = Wed 04:30 Chicago: early, Wednesday 08:00.
    assert local(escalations["adl@acme.example"].at) == "Wed 08:00"


def test_a_reminder_moved_to_or_past_due_is_not_sent_but_the_escalation_is_moved() -> None:
    evening = weekly_forecast(
        schedule=Schedule(every=Frequency.WEEK, opens=at(MON, "09:00"), due=at(WED, "19:00")),
        reminders=(timedelta(minutes=30), timedelta(hours=3)),
    )
    os = acme(cadences=(evening,))
    [occ] = [
        o
        for o in occurrences_between(os, start=utc(2026, 11, 30), end=utc(2026, 12, 5))
        if o.subject == "chi@acme.example" and o.period_start == date(2026, 11, 30)
    ]

    sent = {m.key: local(m.at) for m in occ.messages}

    # 18:30 is after hours and would move to Thursday 08:00, after the 19:00 due: not sent.
    assert sent == {
        "open": "Mon 09:00",
        "reminder:3h": "Wed 16:00",
        "escalation": "Thu 08:00",  # Wed 23:00 → Thursday's start, never dropped
    }


def test_the_digest_waits_for_the_leaders_working_hours() -> None:
    os = acme(
        cadences=(weekly_forecast(),),
        digest=DigestSchedule(at=at(MON, "06:30")),
    )

    [digest] = [
        d
        for d in digests_between(os, start=utc(2026, 11, 30), end=utc(2026, 12, 7))
        if d.leader == "lead@acme.example"
    ]

    assert local(digest.at) == "Mon 08:00"


def every_message(
    os: OperatingSystem, *, start: datetime, end: datetime
) -> list[tuple[str, str, datetime]]:
    zones = {p.email: p.timezone for p in os.roster}
    found = [
        (m.key, m.recipient, m.at)
        for o in occurrences_between(os, start=start, end=end)
        for m in o.messages
    ]
    found += [("digest", d.leader, d.at) for d in digests_between(os, start=start, end=end)]
    return [(key, zones[recipient], at) for key, recipient, at in found]


def test_across_zones_and_a_dst_change_nothing_is_sent_outside_working_hours() -> None:
    os = acme(
        cadences=(
            weekly_forecast(),
            weekly_forecast(
                id="thursday",
                schedule=Schedule(
                    every=Frequency.WEEK, opens=at(WED, "20:00"), due=at(THU, "12:00")
                ),
            ),
        ),
        digest=DigestSchedule(at=at(MON, "07:00")),
    )

    messages = every_message(os, start=utc(2026, 10, 20), end=utc(2026, 11, 20))

    assert len(messages) > 50
    for key, tz, instant in messages:
        wall = to_local(instant, tz)
        assert wall.isoweekday() <= 5, (key, tz, wall)
        assert time(8) <= wall.time() < time(18), (key, tz, wall)


def kolkata() -> PersonCalendar:
    return PersonCalendar(tz="Asia/Kolkata", working_days=WEEKDAYS, holidays=frozenset())


@pytest.mark.parametrize(
    ("purpose", "due_at", "expected"),
    [
        # 22:00 UTC on Wednesday is 03:30 on Thursday in Kolkata: 08:00 there is 02:30 UTC.
        (MessagePurpose.OPEN, utc(2026, 12, 3, 11, 30), utc(2026, 12, 3, 2, 30)),
        (MessagePurpose.REMINDER, utc(2026, 12, 3, 2, 30), None),  # due at 08:00: not sent
        (MessagePurpose.ESCALATION, utc(2026, 12, 2, 11, 30), utc(2026, 12, 3, 2, 30)),
        (MessagePurpose.DIGEST, None, utc(2026, 12, 3, 2, 30)),
        (MessagePurpose.ONE_ON_ONE_SUMMARY, None, utc(2026, 12, 3, 2, 30)),
        (MessagePurpose.DONE_UPDATE, None, utc(2026, 12, 2, 22, 0)),  # an edit: at once
    ],
)
def test_a_message_outside_hours_moves_is_dropped_or_goes_by_its_purpose(
    purpose: MessagePurpose, due_at: datetime | None, expected: datetime | None
) -> None:
    at = utc(2026, 12, 2, 22, 0)
    assert delivery_instant(purpose, person_calendar=kolkata(), at=at, due_at=due_at) == expected


def test_the_dispatch_verdict_sends_inside_hours_and_holds_or_cancels_outside() -> None:
    inside, outside = utc(2026, 12, 2, 6, 0), utc(2026, 12, 2, 22, 0)  # 11:30 / 03:30 IST
    due = utc(2026, 12, 3, 11, 30)
    cal = kolkata()

    assert hours_verdict(MessagePurpose.OPEN, person_calendar=cal, due_at=due, now=inside) == Send()
    assert hours_verdict(MessagePurpose.OPEN, person_calendar=cal, due_at=due, now=outside) == Wait(
        utc(2026, 12, 3, 2, 30)
    )
    assert hours_verdict(
        MessagePurpose.REMINDER, person_calendar=cal, due_at=utc(2026, 12, 3, 1), now=outside
    ) == Cancel(CancelReason.DUE_OUTSIDE_HOURS)


def test_hours_that_end_at_midnight_include_the_last_minute_of_the_day() -> None:
    all_day = WorkingHours(start=time(0, 0), end=END_OF_DAY)
    cal = PersonCalendar(
        tz="UTC", working_days=frozenset(range(1, 8)), holidays=frozenset(), working_hours=all_day
    )
    late = utc(2026, 12, 5, 23, 59, 59)
    assert str(all_day) == "00:00-24:00"
    assert cal.next_messaging_instant(late) == late
