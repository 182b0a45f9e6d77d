from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.domain.forecast_rollup import (
    Bias,
    Figures,
    ForecastEntry,
    ForecastResult,
    LeaderAdjustment,
    accuracy_trend,
    forecast_accuracy,
    group_accuracy,
    latest_per_manager,
    locked_forecast,
    roll_up,
)
from bot.domain.roster import Person, Roster

THIS_WEEK = date(2026, 3, 2)
LAST_WEEK = date(2026, 2, 23)
D = Decimal


def person(email: str, reports_to: str | None = None) -> Person:
    return Person(email=email, name=email, timezone="UTC", reports_to=reports_to)


# vp ─┬─ lead ─┬─ m1 ── r1
#     │        └─ m2 ── r2
#     └─ m3 ── r3
ORG = Roster(
    [
        person("vp"),
        person("lead", "vp"),
        person("m1", "lead"),
        person("m2", "lead"),
        person("m3", "vp"),
        person("r1", "m1"),
        person("r2", "m2"),
        person("r3", "m3"),
    ]
)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def entry(
    manager: str,
    commit: int,
    *,
    best: int = 0,
    pipe: int = 0,
    period: date = THIS_WEEK,
    submitted: datetime | None = None,
) -> ForecastEntry:
    return ForecastEntry(manager, period, D(commit), D(best), D(pipe), submitted or at(2))


def test_latest_submission_per_manager_wins_and_other_periods_are_ignored() -> None:
    entries = [
        entry("m1", 100, submitted=at(2, 9)),
        entry("M1", 120, submitted=at(3, 9)),
        entry("m1", 999, period=LAST_WEEK, submitted=at(4, 9)),
    ]
    assert latest_per_manager(entries, THIS_WEEK)["m1"].commit == D(120)


def test_a_leaders_number_is_the_sum_of_the_managers_below() -> None:
    entries = [
        entry("m1", 100, best=150, pipe=300),
        entry("m2", 200, best=250, pipe=400),
        entry("m3", 50, best=60, pipe=70),
    ]
    tree = roll_up(
        ORG, leader="vp", entries=entries, period_start=THIS_WEEK, previous_period_start=LAST_WEEK
    )
    lead = next(c for c in tree.children if c.person == "lead")
    # lead = m1 + m2 = 300 / 400 / 700; vp = lead + m3 = 350 / 460 / 770
    assert lead.total == Figures(D(300), D(400), D(700))
    assert tree.total == Figures(D(350), D(460), D(770))
    assert tree.missing == ()


def test_change_is_against_the_previous_period() -> None:
    entries = [
        entry("m1", 100),
        entry("m2", 200),
        entry("m3", 50),
        entry("m1", 80, period=LAST_WEEK),
        entry("m2", 200, period=LAST_WEEK),
        entry("m3", 60, period=LAST_WEEK),
    ]
    tree = roll_up(
        ORG, leader="vp", entries=entries, period_start=THIS_WEEK, previous_period_start=LAST_WEEK
    )
    by_person = {n.person: n for n in tree.walk()}
    # lead: 300 - 280 = +20; m3: 50 - 60 = -10; vp: 350 - 340 = +10
    assert by_person["lead"].change == Figures(D(20), D(0), D(0))
    assert by_person["m3"].change == Figures(D(-10), D(0), D(0))
    assert tree.change is not None and tree.change.commit == D(10)


def test_managers_who_did_not_submit_are_listed_up_the_tree() -> None:
    entries = [entry("m1", 100), entry("m3", 50), entry("m2", 70, period=LAST_WEEK)]
    tree = roll_up(
        ORG, leader="vp", entries=entries, period_start=THIS_WEEK, previous_period_start=LAST_WEEK
    )
    by_person = {n.person: n for n in tree.walk()}
    assert by_person["m2"].total is None
    assert by_person["lead"].missing == ("m2",)
    assert tree.missing == ("m2",)
    assert by_person["lead"].total == Figures(D(100), D(0), D(0))  # m1 only


def test_leader_adjustments_are_kept_apart_from_the_managers_sum() -> None:
    entries = [entry("m1", 100), entry("m2", 200), entry("m3", 50)]
    adjustments = [
        LeaderAdjustment("lead", THIS_WEEK, D(-30), "Globex deal slips to Q3"),
        LeaderAdjustment("lead", LAST_WEEK, D(500), "old period, ignored"),
    ]
    tree = roll_up(
        ORG,
        leader="vp",
        entries=entries,
        period_start=THIS_WEEK,
        previous_period_start=LAST_WEEK,
        adjustments=adjustments,
    )
    lead = {n.person: n for n in tree.walk()}["lead"]
    assert lead.total is not None and lead.total.commit == D(300)  # managers' 100 + 200
    assert lead.adjustment == D(-30)
    assert lead.leader_commit == D(270)  # shown beside, 300 - 30
    assert [a.note for a in lead.adjustments] == ["Globex deal slips to Q3"]
    assert tree.total is not None and tree.total.commit == D(350)  # not 320
    assert tree.adjustments == ()


def test_a_leader_who_also_manages_reps_adds_their_own_submission() -> None:
    org = Roster([person("lead"), person("m1", "lead"), person("r1", "m1"), person("r0", "lead")])
    entries = [entry("lead", 40), entry("m1", 100)]
    tree = roll_up(
        org, leader="lead", entries=entries, period_start=THIS_WEEK, previous_period_start=LAST_WEEK
    )
    assert tree.own == Figures(D(40), D(0), D(0))
    assert tree.total == Figures(D(140), D(0), D(0))  # 40 + 100


def test_locked_forecast_ignores_versions_after_the_due_instant() -> None:
    due = at(4, 17)
    versions = [
        entry("m1", 100, submitted=at(2, 9)),
        entry("m1", 110, submitted=due),  # exactly at the due instant still counts
        entry("m1", 500, submitted=at(4, 18)),  # an edit after the deadline
    ]
    locked = locked_forecast(versions, due)
    assert locked is not None and locked.commit == D(110)
    assert locked_forecast(versions[2:], due) is None


def test_locked_forecast_refuses_a_mix_of_managers() -> None:
    with pytest.raises(ValueError, match="one manager"):
        locked_forecast([entry("m1", 1), entry("m2", 2)], at(4))


def test_accuracy_of_one_forecast_is_error_ape_and_bias() -> None:
    over = forecast_accuracy(D(110), D(100))  # +10 / 100
    assert (over.error, over.abs_pct_error, over.bias) == (D(10), D("0.1"), Bias.OVER)
    under = forecast_accuracy(D(90), D(120))  # |-30| / 120 = 0.25
    assert (under.error, under.abs_pct_error, under.bias) == (D(-30), D("0.25"), Bias.UNDER)
    assert forecast_accuracy(D(50), D(50)).bias is Bias.EXACT


def test_ape_is_undefined_when_the_actual_is_zero() -> None:
    accuracy = forecast_accuracy(D(20), D(0))
    assert accuracy.abs_pct_error is None
    assert accuracy.bias is Bias.OVER


def test_wape_weighs_errors_by_the_size_of_the_actuals() -> None:
    # |110-100| + |150-200| + |140-100| = 10 + 50 + 40 = 100; sum of actuals 400 -> WAPE 0.25
    # net error +10 - 50 + 40 = 0 -> no bias
    group = group_accuracy([(D(110), D(100)), (D(150), D(200)), (D(140), D(100))])
    assert group.wape == D("0.25")
    assert group.bias_ratio == D(0)
    assert group.bias is Bias.EXACT


def test_group_bias_is_net_error_over_total_actual() -> None:
    # (110 - 100) + (330 - 300) = 40; 40 / 400 = 0.1, over-forecasting
    group = group_accuracy([(D(110), D(100)), (D(330), D(300))])
    assert group.bias_ratio == D("0.1")
    assert group.bias is Bias.OVER
    assert group.wape == D("0.1")


def test_group_accuracy_of_nothing_is_undefined() -> None:
    group = group_accuracy([])
    assert (group.wape, group.bias_ratio, group.count) == (None, None, 0)


def test_accuracy_trend_keeps_the_last_periods_up_to_as_of_oldest_first() -> None:
    weeks = [date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 16), date(2026, 2, 23)]
    results = [ForecastResult("m1", w, D(100 + 10 * i), D(100)) for i, w in enumerate(weeks)]
    trend = accuracy_trend(results, as_of=date(2026, 2, 20), periods=2)
    # 02-23 is after as_of; the last two before are 02-09 (WAPE 10/100) and 02-16 (20/100)
    assert [(p.period_start, p.accuracy.wape) for p in trend] == [
        (date(2026, 2, 9), D("0.1")),
        (date(2026, 2, 16), D("0.2")),
    ]


def test_naive_submission_times_are_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ForecastEntry("m1", THIS_WEEK, D(1), D(1), D(1), datetime(2026, 3, 2, 9))
