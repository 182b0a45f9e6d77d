"""Each hint fires on the pattern it is built for, with its numbers, and is silent otherwise."""

from __future__ import annotations

import pytest

from bot.domain.action_items import FollowThrough
from bot.domain.coaching import CoachingGap
from bot.domain.hints import (
    MAX_HINTS,
    ForecastBiasRule,
    HintRule,
    HintSettings,
    ManagerPatterns,
    digest_hints,
    hints_for,
)

K = 3
DEFAULTS = HintSettings()


def _gap(*, logged: float, reported: float | None, responses: int | None) -> CoachingGap:
    return CoachingGap(
        logged_one_on_ones=10,
        logged_share=logged,
        suppressed=responses is None,
        responses=responses,
        reported_share=reported,
        average_usefulness=None,
    )


def _rules(p: ManagerPatterns, settings: HintSettings = DEFAULTS) -> set[HintRule]:
    return {h.rule for h in hints_for(p, settings, threshold=K)}


def test_a_forecast_over_by_more_than_15_percent_three_periods_running_hints_the_call() -> None:
    p = ManagerPatterns("m@x", "Mo", bias_by_period=[0.05, 0.2, 0.3, 0.25])
    [hint] = hints_for(p, DEFAULTS, threshold=K)
    assert hint.rule is HintRule.FORECAST_BIAS
    assert hint.numbers == {
        "periods": 3,
        "threshold": 0.15,
        "bias_1": 0.2,
        "bias_2": 0.3,
        "bias_3": 0.25,
    }
    assert "over the actual by more than 15%" in hint.because
    assert "+20%, +30%, +25%" in hint.because


@pytest.mark.parametrize(
    "biases",
    [
        [0.2, 0.3],  # too few periods
        [0.2, -0.3, 0.25],  # not one direction
        [0.2, 0.1, 0.25],  # one period within the threshold
    ],
)
def test_the_forecast_hint_is_silent_without_a_steady_bias(biases: list[float]) -> None:
    assert _rules(ManagerPatterns("m@x", "Mo", bias_by_period=biases)) == set()


def test_an_under_forecast_fires_too_and_the_rule_can_be_turned_off() -> None:
    p = ManagerPatterns("m@x", "Mo", bias_by_period=[-0.2, -0.3, -0.4])
    assert _rules(p) == {HintRule.FORECAST_BIAS}
    off = HintSettings(forecast_bias=ForecastBiasRule(enabled=False))
    assert _rules(p, off) == set()


def test_coaching_logged_often_but_rarely_felt_hints_at_1on1_quality() -> None:
    p = ManagerPatterns("m@x", "Mo", coaching=_gap(logged=0.8, reported=0.25, responses=4))
    [hint] = hints_for(p, DEFAULTS, threshold=K)
    assert hint.rule is HintRule.COACHING_QUALITY
    assert hint.numbers["responses"] == 4
    assert hint.numbers["reported_share"] == 0.25
    assert "80% of 10 1:1s" in hint.because


def test_the_coaching_hint_never_rests_on_fewer_ratings_than_k() -> None:
    too_few = ManagerPatterns("m@x", "Mo", coaching=_gap(logged=0.9, reported=0.0, responses=2))
    hidden = _gap(logged=0.9, reported=None, responses=None)
    suppressed = ManagerPatterns("m@x", "Mo", coaching=hidden)
    felt = ManagerPatterns("m@x", "Mo", coaching=_gap(logged=0.8, reported=0.7, responses=5))
    assert _rules(too_few) == _rules(suppressed) == _rules(felt) == set()


def test_three_weeks_below_80_percent_on_time_hints_a_workload_conversation() -> None:
    p = ManagerPatterns("m@x", "Mo", weekly_on_time=[1.0, 0.5, 0.6, 0.7])
    [hint] = hints_for(p, DEFAULTS, threshold=K)
    assert hint.rule is HintRule.RHYTHM_SLIPPING
    assert hint.numbers == {"weeks": 3, "below": 0.8, "week_1": 0.5, "week_2": 0.6, "week_3": 0.7}


@pytest.mark.parametrize("weeks", [[0.5, 0.9, 0.5], [0.5, None, 0.5], [0.5, 0.5]])
def test_the_rhythm_hint_is_silent_unless_three_judged_weeks_slipped(
    weeks: list[float | None],
) -> None:
    assert _rules(ManagerPatterns("m@x", "Mo", weekly_on_time=weeks)) == set()


def test_action_items_mostly_late_hint_follow_through() -> None:
    p = ManagerPatterns("m@x", "Mo", follow_through=FollowThrough(on_time=1, late=2, overdue=2))
    [hint] = hints_for(p, DEFAULTS, threshold=K)
    assert hint.rule is HintRule.FOLLOW_THROUGH
    assert hint.numbers["late_share"] == 0.8
    assert hint.numbers["judged"] == 5


def test_the_follow_through_hint_needs_enough_items_mostly_late() -> None:
    few = ManagerPatterns("m@x", "Mo", follow_through=FollowThrough(late=3))
    fine = ManagerPatterns("m@x", "Mo", follow_through=FollowThrough(on_time=4, late=2, open=5))
    assert _rules(few) == _rules(fine) == set()


def test_a_digest_shows_at_most_three_hints_worst_first() -> None:
    patterns = [
        ManagerPatterns("a@x", "Ann", bias_by_period=[0.2, 0.2, 0.2]),
        ManagerPatterns("b@x", "Bo", bias_by_period=[0.6, 0.6, 0.6]),
        ManagerPatterns("c@x", "Cy", weekly_on_time=[0.0, 0.1, 0.1]),
        ManagerPatterns("d@x", "Di", follow_through=FollowThrough(late=3, overdue=3)),
    ]
    hints = digest_hints(patterns, DEFAULTS, threshold=K)
    assert len(hints) == MAX_HINTS
    assert [h.manager_name for h in hints] == ["Cy", "Bo", "Di"]
