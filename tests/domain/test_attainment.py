"""Attainment and pacing, pooled over managers the same way for a manager, a leader, a group."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from bot.domain.actuals import parse_period
from bot.domain.attainment import attainment, pacing
from bot.domain.forecast_results import Actual
from bot.domain.forecast_rollup import ForecastEntry
from bot.domain.targets import Target, booked_in, merged_targets, target_period

Q4 = parse_period("2026-Q4")
D = Decimal


def actual(manager: str, label: str, amount: int) -> Actual:
    period = parse_period(label)
    return Actual(manager, period.start, period.end, D(amount))


def entry(manager: str, week: date, commit: int, best: int, day: int) -> ForecastEntry:
    return ForecastEntry(
        manager, week, D(commit), D(best), D(best), datetime(2026, 11, day, 12, tzinfo=UTC)
    )


def test_an_imported_target_replaces_the_configured_one_for_that_manager_and_period() -> None:
    configured = [Target("a@x", Q4, D(100)), Target("b@x", Q4, D(200))]
    imported = [Target("A@x", Q4, D(150))]

    merged = merged_targets(configured=configured, imported=imported)

    assert sorted((t.manager.lower(), t.amount) for t in merged) == [("a@x", 150), ("b@x", 200)]


def test_the_narrowest_target_period_holding_a_day_is_measured() -> None:
    november = parse_period("2026-11")
    targets = [Target("a@x", Q4, D(1)), Target("a@x", november, D(1))]

    assert target_period(targets, date(2026, 11, 9)) == november
    assert target_period(targets, date(2026, 12, 9)) == Q4
    assert target_period(targets, date(2027, 1, 9)) is None


def test_booked_is_the_exact_period_else_the_widest_disjoint_periods_inside_it() -> None:
    months = [actual("a@x", "2026-10", 10), actual("a@x", "2026-11", 20)]
    weeks = [actual("a@x", "2026-W45", 7)]  # inside November: not counted twice

    assert booked_in([*months, *weeks], Q4) == D(30)
    assert booked_in([*months, actual("a@x", "2026-Q4", 99)], Q4) == D(99)
    assert booked_in([actual("a@x", "2026-Q3", 5)], Q4) is None


def test_a_leader_attains_the_sum_of_their_managers_booked_over_the_sum_of_their_targets() -> None:
    targets = [Target("a@x", Q4, D(100)), Target("b@x", Q4, D(300))]
    actuals = [actual("a@x", "2026-Q4", 120)]  # b@x booked nothing (no row)

    team = attainment(["a@x", "b@x", "c@x"], targets=targets, actuals=actuals, period=Q4)
    alone = attainment(["a@x"], targets=targets, actuals=actuals, period=Q4)

    assert (team.booked, team.target, team.ratio) == (D(120), D(400), D("0.3"))
    assert (team.managers, team.with_target, team.with_actuals) == (3, 2, 1)
    assert alone.ratio == D("1.2")


def test_without_any_actual_there_is_no_attainment_figure() -> None:
    targets = [Target("a@x", Q4, D(100))]

    assert attainment(["a@x"], targets=targets, actuals=[], period=Q4).ratio is None


def test_pacing_sets_the_latest_commit_and_best_case_against_the_targets_of_who_forecast() -> None:
    targets = [Target("a@x", Q4, D(100)), Target("b@x", Q4, D(300)), Target("c@x", Q4, D(50))]
    entries = [
        entry("a@x", date(2026, 11, 2), 80, 100, 3),
        entry("a@x", date(2026, 11, 9), 90, 110, 10),  # the latest period: it stands
        entry("a@x", date(2026, 11, 16), 999, 999, 17),  # after as_of: not yet
        entry("b@x", date(2026, 11, 2), 150, 280, 3),
        entry("b@x", date(2026, 11, 2), 210, 290, 4),  # a later version of the same period
    ]

    pace = pacing(
        ["a@x", "b@x", "c@x"], targets=targets, entries=entries, period=Q4, as_of=date(2026, 11, 15)
    )

    assert (pace.commit, pace.best_case, pace.target) == (D(300), D(400), D(400))
    assert (pace.commit_ratio, pace.best_case_ratio) == (D("0.75"), D(1))
    assert (pace.with_target, pace.with_forecast) == (3, 2)
    assert (pace.days_gone, pace.days) == (46, 92)
