from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.adherence import (
    OccurrenceOutcome,
    adherence,
    adherence_by_person,
    adherence_by_person_and_cadence,
    adherence_by_week,
    combined,
    frequent_skippers,
    trailing_adherence,
    trailing_window,
    week_start,
)
from bot.domain.occurrence import OccurrenceStatus, SkipReason

ON_TIME = OccurrenceStatus.DONE_ON_TIME
LATE = OccurrenceStatus.DONE_LATE
MISSED = OccurrenceStatus.MISSED
SKIPPED = OccurrenceStatus.SKIPPED
EXCUSED = OccurrenceStatus.EXCUSED
OPEN = OccurrenceStatus.OPEN
SCHEDULED = OccurrenceStatus.SCHEDULED


def outcome(
    status: OccurrenceStatus,
    *,
    person: str = "ana@acme.example",
    cadence: str = "weekly-forecast",
    period: date = date(2026, 1, 5),
    reason: str | None = None,
) -> OccurrenceOutcome:
    due = datetime(period.year, period.month, period.day, 17, tzinfo=UTC)
    return OccurrenceOutcome(person, cadence, period, due, status, reason)


def test_rate_is_on_time_over_closed_occurrences() -> None:
    # 3 on time, 1 late, 1 missed -> 3 / 5
    summary = adherence([outcome(ON_TIME)] * 3 + [outcome(LATE), outcome(MISSED)])
    assert (summary.on_time, summary.late, summary.missed) == (3, 1, 1)
    assert summary.rate == pytest.approx(0.6)


def test_skipped_and_excused_leave_the_denominator() -> None:
    # expected 6; denominator 6 - 2 skipped - 1 excused = 3; rate 2 / 3
    history = [outcome(ON_TIME), outcome(ON_TIME), outcome(MISSED)]
    history += [outcome(SKIPPED, reason=SkipReason.REP_OUT), outcome(SKIPPED, reason="other")]
    history += [outcome(EXCUSED)]
    summary = adherence(history)
    assert summary.expected == 6
    assert summary.judged == 3
    assert summary.rate == pytest.approx(2 / 3)


def test_open_and_scheduled_occurrences_are_not_judged_yet() -> None:
    # 1 on time, 2 still pending -> 1 / 1
    summary = adherence([outcome(ON_TIME), outcome(OPEN), outcome(SCHEDULED)])
    assert summary.pending == 2
    assert summary.expected == 3
    assert summary.rate == 1.0


def test_rate_is_none_when_nothing_can_be_judged() -> None:
    assert adherence([]).rate is None
    assert adherence([outcome(SKIPPED), outcome(EXCUSED), outcome(OPEN)]).rate is None


def test_skips_are_counted_by_reason_and_a_missing_reason_is_unspecified() -> None:
    summary = adherence(
        [
            outcome(SKIPPED, reason=SkipReason.REP_OUT),
            outcome(SKIPPED, reason=SkipReason.REP_OUT),
            outcome(SKIPPED, reason=SkipReason.CUSTOMER_EMERGENCY),
            outcome(SKIPPED),
        ]
    )
    assert summary.skipped_by_reason == {
        "customer_emergency": 1,
        "rep_out": 2,
        "unspecified": 1,
    }


def test_summaries_combined_are_the_summary_of_all_their_outcomes() -> None:
    first = [
        outcome(ON_TIME),
        outcome(MISSED),
        outcome(SKIPPED, reason=SkipReason.REP_OUT),
        outcome(OPEN),
    ]
    second = [
        outcome(LATE),
        outcome(EXCUSED),
        outcome(SKIPPED),
        outcome(SKIPPED, reason=SkipReason.CUSTOMER_EMERGENCY),
        outcome(SCHEDULED),
        outcome(OccurrenceStatus.NOT_NUDGED),
    ]
    together = combined([adherence(first), adherence(second), adherence([])])
    assert together == adherence(first + second)
    assert list(together.skipped_by_reason) == ["customer_emergency", "rep_out", "unspecified"]
    assert combined([]) == adherence([])


def test_adherence_per_person_and_per_person_and_cadence() -> None:
    history = [
        outcome(ON_TIME, person="Ana@acme.example"),
        outcome(MISSED, person="ana@acme.example", cadence="rep-1on1"),
        outcome(LATE, person="ben@acme.example"),
    ]
    by_person = adherence_by_person(history)
    assert by_person["ana@acme.example"].rate == 0.5  # 1 on time / 2 judged
    assert by_person["ben@acme.example"].rate == 0.0  # late is not on time
    by_pair = adherence_by_person_and_cadence(history)
    assert by_pair["ana@acme.example", "weekly-forecast"].rate == 1.0
    assert by_pair["ana@acme.example", "rep-1on1"].rate == 0.0


def test_weeks_start_on_monday_and_group_by_period_start() -> None:
    sunday, monday = date(2026, 1, 11), date(2026, 1, 12)
    assert week_start(sunday) == date(2026, 1, 5)
    assert week_start(monday) == monday
    weekly = adherence_by_week(
        [
            outcome(ON_TIME, period=date(2026, 1, 5)),
            outcome(MISSED, period=sunday),
            outcome(ON_TIME, period=monday),
        ]
    )
    assert list(weekly) == [date(2026, 1, 5), date(2026, 1, 12)]
    assert weekly[date(2026, 1, 5)].rate == 0.5
    assert weekly[date(2026, 1, 12)].rate == 1.0


def test_trailing_eight_weeks_runs_from_the_monday_seven_weeks_back_to_as_of() -> None:
    # as_of Wed 2026-03-04 -> its week starts Mon 03-02; 7 weeks earlier is Mon 2026-01-12
    as_of = date(2026, 3, 4)
    assert trailing_window(as_of) == (date(2026, 1, 12), as_of)
    history = [
        outcome(MISSED, period=date(2026, 1, 11)),  # Sunday before the window: out
        outcome(ON_TIME, period=date(2026, 1, 12)),  # first day: in
        outcome(LATE, period=as_of),  # as_of itself: in
        outcome(MISSED, period=date(2026, 3, 5)),  # after as_of: out
    ]
    summary = trailing_adherence(history, as_of=as_of)
    assert (summary.on_time, summary.late, summary.missed) == (1, 1, 0)
    assert summary.rate == 0.5


def test_trailing_window_length_is_a_parameter() -> None:
    as_of = date(2026, 3, 4)
    history = [outcome(ON_TIME, period=date(2026, 2, 23)), outcome(MISSED, period=date(2026, 3, 2))]
    assert trailing_adherence(history, as_of=as_of, weeks=1).rate == 0.0  # only 03-02
    assert trailing_adherence(history, as_of=as_of, weeks=2).rate == 0.5  # both


def test_frequent_skippers_are_flagged_by_skip_share_most_first() -> None:
    history = (
        [outcome(SKIPPED, person="ana@x")] * 2
        + [outcome(ON_TIME, person="ana@x")] * 2  # 2/4
        + [outcome(SKIPPED, person="ben@x")]
        + [outcome(ON_TIME, person="ben@x")] * 3  # 1/4
        + [outcome(ON_TIME, person="cy@x")] * 4  # 0/4
        + [outcome(SKIPPED, person="dee@x")]  # 1/1 but too few to judge
    )
    assert [s.person for s in frequent_skippers(history, threshold=0.3)] == ["ana@x"]
    flagged = frequent_skippers(history, threshold=0.25)
    assert [(s.person, s.skip_share) for s in flagged] == [("ana@x", 0.5), ("ben@x", 0.25)]


def test_time_away_does_not_dilute_a_skip_share() -> None:
    # 2 skipped, 2 on time, 6 excused -> 2 / (2 + 2) = 0.5, not 2 / 10
    history = [outcome(SKIPPED)] * 2 + [outcome(ON_TIME)] * 2 + [outcome(EXCUSED)] * 6
    assert frequent_skippers(history, threshold=0.5)[0].skip_share == 0.5


def test_naive_due_instants_are_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        OccurrenceOutcome("ana@x", "c", date(2026, 1, 5), datetime(2026, 1, 5, 9), ON_TIME)
