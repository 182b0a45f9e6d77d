"""The periods coaching results are published for: calendar months, final two weeks after."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.domain.coaching_periods import CoachingPeriod, accepts_ratings, latest_closed, period_of

NOVEMBER = CoachingPeriod(date(2026, 11, 1))


def test_a_rating_counts_in_the_calendar_month_its_period_starts_in() -> None:
    # A pulse period starting on 30 November is November's, though it is answered in December.
    assert period_of(date(2026, 11, 30)) == NOVEMBER
    assert NOVEMBER.window == (date(2026, 11, 1), date(2026, 12, 1))
    assert CoachingPeriod(date(2026, 12, 1)).end == date(2027, 1, 1)
    assert CoachingPeriod(date(2027, 2, 1)).end == date(2027, 3, 1)


def test_a_month_closes_fourteen_days_after_it_ends_in_utc() -> None:
    last_open = datetime(2026, 12, 14, 23, 59, tzinfo=UTC)
    assert not NOVEMBER.closed(last_open)
    assert NOVEMBER.closed(last_open + timedelta(minutes=1))
    # The same instant seen from another zone is the same answer.
    tokyo = last_open.astimezone(timezone(timedelta(hours=9)))
    assert not NOVEMBER.closed(tokyo)


def test_the_latest_closed_month_and_whether_a_period_still_takes_ratings() -> None:
    assert latest_closed(datetime(2026, 12, 14, tzinfo=UTC)) == CoachingPeriod(date(2026, 10, 1))
    assert latest_closed(datetime(2026, 12, 15, tzinfo=UTC)) == NOVEMBER
    assert accepts_ratings(date(2026, 11, 30), now=datetime(2026, 12, 14, 12, tzinfo=UTC))
    assert not accepts_ratings(date(2026, 11, 2), now=datetime(2026, 12, 15, tzinfo=UTC))


def test_a_period_starts_on_the_first_and_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="1st"):
        CoachingPeriod(date(2026, 11, 2))
    with pytest.raises(ValueError, match="timezone-aware"):
        NOVEMBER.closed(datetime(2026, 12, 20))
