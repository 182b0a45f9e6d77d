"""The schedule engine's contract: local wall-clock times, calendars, excuses, escalation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.cadence import DigestSchedule, Frequency, Schedule
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem, TimeOff
from bot.domain.planning import PlannedOccurrence
from bot.domain.schedule import digests_between, occurrences_between
from tests.seeds.org import FRI, MON, acme, at, one_on_one, person, weekly_forecast


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def opened(
    operating_system: OperatingSystem, *, start: datetime, end: datetime
) -> list[PlannedOccurrence]:
    """Occurrences that open in [start, end) (the engine also returns ones still running)."""
    return [
        o
        for o in occurrences_between(operating_system, start=start, end=end)
        if o.opens_at >= start
    ]


def only(occurrences: list[PlannedOccurrence], subject: str, **match: object) -> PlannedOccurrence:
    found = [
        o
        for o in occurrences
        if o.subject == subject and all(getattr(o, k) == v for k, v in match.items())
    ]
    assert len(found) == 1, found
    return found[0]


def sent(occ: PlannedOccurrence) -> dict[str, datetime]:
    return {m.key: m.at for m in occ.messages}


def test_forecast_opens_at_nine_on_monday_in_each_managers_own_zone() -> None:
    operating_system = acme(cadences=(weekly_forecast(),))
    start, end = utc(2026, 11, 29), utc(2026, 12, 5)
    occs = opened(operating_system, start=start, end=end)

    # Chicago CST is UTC-6, Kolkata IST UTC+5:30, Adelaide ACDT (summer) UTC+10:30.
    assert only(occs, "chi@acme.example").opens_at == utc(2026, 11, 30, 15, 0)
    assert only(occs, "kol@acme.example").opens_at == utc(2026, 11, 30, 3, 30)
    assert only(occs, "adl@acme.example").opens_at == utc(2026, 11, 29, 22, 30)
    # Due Wednesday 17:00 local: 23:00Z in Chicago.
    assert only(occs, "chi@acme.example").due_at == utc(2026, 12, 2, 23, 0)


def test_a_45_minute_offset_zone_gets_its_nudge_at_local_nine() -> None:
    people = (
        person("lead@acme.example", "America/Chicago"),
        person("ktm@acme.example", "Asia/Kathmandu", "lead@acme.example"),
        person("rep@acme.example", "Asia/Kathmandu", "ktm@acme.example"),
    )
    operating_system = acme(cadences=(weekly_forecast(),), people=people)
    occ = only(
        opened(operating_system, start=utc(2026, 11, 29), end=utc(2026, 12, 5)),
        "ktm@acme.example",
    )
    # Kathmandu is UTC+5:45 all year.
    assert sent(occ)["open"] == utc(2026, 11, 30, 3, 15)


def test_northern_dst_end_keeps_nine_oclock_local_on_both_sides() -> None:
    operating_system = acme(cadences=(weekly_forecast(),))
    before = only(
        opened(operating_system, start=utc(2026, 10, 25), end=utc(2026, 10, 31)),
        "chi@acme.example",
    )
    after = only(
        opened(operating_system, start=utc(2026, 11, 1, 12), end=utc(2026, 11, 7)),
        "chi@acme.example",
    )
    # US clocks go back on Sunday 2026-11-01: CDT (UTC-5) before, CST (UTC-6) after.
    assert before.opens_at == utc(2026, 10, 26, 14, 0)
    assert after.opens_at == utc(2026, 11, 2, 15, 0)


def test_southern_dst_start_keeps_nine_oclock_local_on_both_sides() -> None:
    operating_system = acme(cadences=(weekly_forecast(),))
    occs = opened(operating_system, start=utc(2026, 9, 26), end=utc(2026, 10, 6))
    opens = sorted(o.opens_at for o in occs if o.subject == "adl@acme.example")
    # Adelaide moves from ACST (UTC+9:30) to ACDT (UTC+10:30) on Sunday 2026-10-04.
    assert utc(2026, 9, 27, 23, 30) in opens
    assert utc(2026, 10, 4, 22, 30) in opens


def test_a_friday_to_monday_window_spans_the_weekend_and_across_dst() -> None:
    cadence = weekly_forecast(
        schedule=Schedule(every=Frequency.WEEK, opens=at(FRI, "10:00"), due=at(MON, "17:00"))
    )
    operating_system = acme(cadences=(cadence,))
    occs = opened(operating_system, start=utc(2026, 10, 30), end=utc(2026, 10, 31))
    occ = only(occs, "chi@acme.example")
    # Fri 10:00 CDT (UTC-5) → Mon 17:00 CST (UTC-6): the window crosses the DST change.
    assert occ.opens_at == utc(2026, 10, 30, 15, 0)
    assert occ.due_at == utc(2026, 11, 2, 23, 0)
    # The 24h reminder would be Sunday 17:00, moves to Monday 17:00 = due, so it is dropped;
    # the 2h reminder (Monday 15:00) is sent. The escalation (Monday 21:00) is after working
    # hours: it waits for Tuesday 08:00.
    assert sent(occ) == {
        "open": utc(2026, 10, 30, 15, 0),
        "reminder:2h": utc(2026, 11, 2, 21, 0),
        "escalation": utc(2026, 11, 3, 14, 0),
    }


def test_two_weekly_periods_count_from_starting_across_the_year_boundary() -> None:
    operating_system = acme(cadences=(one_on_one(),))
    occs = opened(operating_system, start=utc(2026, 12, 7), end=utc(2027, 1, 30))
    starts = sorted({o.period_start for o in occs if o.subject == "chi@acme.example"})
    # 2026-01-05 + 50 weeks = 2026-12-21, + 52 weeks = 2027-01-04: every other Monday.
    assert starts == [date(2026, 12, 7), date(2026, 12, 21), date(2027, 1, 4), date(2027, 1, 18)]


def test_a_holiday_due_date_excuses_the_occurrence_and_sends_nothing() -> None:
    operating_system = acme(cadences=(one_on_one(),), holidays=frozenset({date(2026, 12, 25)}))
    occs = opened(operating_system, start=utc(2026, 12, 21), end=utc(2026, 12, 26))
    occ = only(occs, "chi@acme.example", period_start=date(2026, 12, 21))
    assert occ.excused_reason == "holiday"
    assert occ.messages == ()


def test_an_open_on_a_holiday_moves_to_the_next_working_day_same_local_time() -> None:
    operating_system = acme(cadences=(weekly_forecast(),), holidays=frozenset({date(2026, 12, 7)}))
    occ = only(
        opened(operating_system, start=utc(2026, 12, 6), end=utc(2026, 12, 12)),
        "chi@acme.example",
    )
    assert occ.excused_reason is None
    assert sent(occ)["open"] == utc(2026, 12, 8, 15, 0)  # Tuesday 09:00 CST


def test_time_off_moves_the_open_and_drops_a_reminder_that_would_land_on_due() -> None:
    away = TimeOff(email="chi@acme.example", start=date(2026, 12, 7), end=date(2026, 12, 8))
    operating_system = acme(cadences=(weekly_forecast(),), time_off=(away,))
    occ = only(
        opened(operating_system, start=utc(2026, 12, 6), end=utc(2026, 12, 12)),
        "chi@acme.example",
    )
    assert sent(occ) == {
        "open": utc(2026, 12, 9, 15, 0),  # Wednesday 09:00 CST
        "reminder:2h": utc(2026, 12, 9, 21, 0),  # Wednesday 15:00 CST
        "escalation": utc(2026, 12, 10, 14, 0),  # Wednesday 21:00 → Thursday 08:00 CST
    }


def test_time_off_on_the_due_date_of_the_counterpart_excuses_only_that_pair() -> None:
    away = TimeOff(email="rep.chi@acme.example", start=date(2026, 12, 11), end=date(2026, 12, 11))
    operating_system = acme(cadences=(one_on_one(),), time_off=(away,))
    occs = [
        o
        for o in occurrences_between(
            operating_system, start=utc(2026, 12, 7), end=utc(2026, 12, 12)
        )
        if o.period_start == date(2026, 12, 7)
    ]
    assert only(occs, "chi@acme.example").excused_reason == "counterpart time off"
    assert only(occs, "kol@acme.example").excused_reason is None


def test_escalation_goes_to_the_subjects_manager_in_the_managers_zone() -> None:
    operating_system = acme(cadences=(weekly_forecast(),))
    occ = only(
        opened(operating_system, start=utc(2026, 11, 29), end=utc(2026, 12, 5)),
        "kol@acme.example",
    )
    escalation = next(m for m in occ.messages if m.purpose is MessagePurpose.ESCALATION)
    # Due Wednesday 17:00 IST = 11:30Z, +4h = 15:30Z = 09:30 in Chicago.
    assert (escalation.recipient, escalation.at, escalation.tz) == (
        "lead@acme.example",
        utc(2026, 12, 2, 15, 30),
        "America/Chicago",
    )


def test_an_escalation_landing_on_the_managers_weekend_moves_and_is_never_dropped() -> None:
    operating_system = acme(cadences=(one_on_one(escalate_after=timedelta(hours=8)),))
    occs = opened(operating_system, start=utc(2026, 12, 7), end=utc(2026, 12, 12))
    occ = only(occs, "chi@acme.example", period_start=date(2026, 12, 7))
    # Due Fri 17:00 CST, +8h = Sat 01:00 CST → Monday, when working hours start: 08:00 CST.
    assert sent(occ)["escalation"] == utc(2026, 12, 14, 14, 0)


def test_monthly_due_is_the_first_matching_instant_after_opening() -> None:
    cadence = weekly_forecast(
        id="pipeline-review",
        reminders=(),
        escalate_after=None,
        schedule=Schedule(
            every=Frequency.MONTH, opens=at(MON, "09:00", nth=1), due=at(FRI, "17:00", nth=1)
        ),
    )
    operating_system = acme(cadences=(cadence,))
    occ = only(
        opened(operating_system, start=utc(2027, 1, 1), end=utc(2027, 1, 10)),
        "chi@acme.example",
    )
    # January 2027 starts on a Friday: first Monday is the 4th, the Friday after it the 8th.
    assert occ.opens_at == utc(2027, 1, 4, 15, 0)
    assert occ.due_at == utc(2027, 1, 8, 23, 0)


def test_planning_the_same_window_twice_yields_the_same_occurrences() -> None:
    operating_system = acme(cadences=(weekly_forecast(), one_on_one()))
    window = {"start": utc(2026, 11, 20), "end": utc(2027, 1, 20)}
    first = opened(operating_system, **window)
    assert first == opened(operating_system, **window)
    assert len({o.natural_key for o in first}) == len(first)


def test_the_digest_goes_to_each_leader_at_local_monday_eight_and_moves_off_a_holiday() -> None:
    digest = DigestSchedule(at=at(MON, "08:00"))
    operating_system = acme(cadences=(), digest=digest, holidays=frozenset({date(2026, 12, 7)}))
    found = {
        (d.leader, d.at)
        for d in digests_between(operating_system, start=utc(2026, 11, 29), end=utc(2026, 12, 12))
    }
    assert found == {
        ("vp@acme.example", utc(2026, 11, 30, 13, 0)),  # 08:00 EST
        ("lead@acme.example", utc(2026, 11, 30, 14, 0)),  # 08:00 CST
        ("vp@acme.example", utc(2026, 12, 8, 13, 0)),  # Tuesday: Monday was a holiday
        ("lead@acme.example", utc(2026, 12, 8, 14, 0)),
    }
