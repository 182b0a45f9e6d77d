"""Counting outcomes per person and week judges them exactly as ``adherence`` does one by one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.adherence import OccurrenceOutcome, adherence
from bot.domain.occurrence import OccurrenceStatus as S
from bot.domain.outcome_tally import summary, tally

MONDAY = date(2026, 9, 7)


def outcome(person: str, day: date, status: S, reason: str | None = None) -> OccurrenceOutcome:
    due = datetime(day.year, day.month, day.day, 17, tzinfo=UTC)
    return OccurrenceOutcome(person, "team-meeting", day, due, status, reason)


OUTCOMES = [
    outcome("Ana@x", MONDAY, S.DONE_ON_TIME),
    outcome("ana@x", date(2026, 9, 9), S.MISSED),  # a Wednesday: the week of 7 Sep
    outcome("ana@x", date(2026, 9, 13), S.SKIPPED, "customer_meeting"),
    outcome("ana@x", date(2026, 9, 14), S.SKIPPED),  # no reason given
    outcome("ana@x", date(2026, 9, 14), S.NOT_NUDGED),
    outcome("ana@x", date(2026, 9, 15), S.EXCUSED),
    outcome("ana@x", date(2026, 9, 16), S.OPEN),
    outcome("ben@x", MONDAY, S.DONE_LATE),
]


def test_a_person_s_weeks_are_keyed_by_monday_whatever_the_case_of_the_email() -> None:
    weeks = tally(OUTCOMES).weeks_of("ANA@x")

    assert sorted(weeks) == [MONDAY, date(2026, 9, 14)]
    assert summary([weeks[MONDAY]]) == adherence(OUTCOMES[:3])


def test_summing_counts_gives_what_adherence_gives_for_the_same_outcomes() -> None:
    counted = tally(OUTCOMES)
    every_week = [c for p in ("ana@x", "ben@x") for c in counted.weeks_of(p).values()]

    together = summary(every_week)

    assert together == adherence(OUTCOMES)
    assert together.skipped_by_reason == {"customer_meeting": 1, "unspecified": 1}
    assert (together.not_nudged, together.excused, together.pending) == (1, 1, 1)
    assert summary([]) == adherence([])
