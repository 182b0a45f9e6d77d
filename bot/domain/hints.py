"""Hints a leader can act on: explainable rules over the patterns Cadence measures.

Each rule looks at one manager's numbers and, when they cross its thresholds, says what would
help, *because* of what, with the numbers it rests on. Rules never guess: too little data is
silence, and the coaching rule never rests on fewer rep ratings than the anonymity threshold.
The thresholds live in the config (``hints:``); every rule can be turned off there.

Severity orders hints worst first: how far past its threshold the measure is (1.0 is right at
the threshold), so the digest shows the few that matter most.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Types only: the operating system imports these settings, and the calendar imports it.
    from bot.domain.action_items import FollowThrough
    from bot.domain.coaching import CoachingGap

MAX_HINTS = 3


class HintRule(StrEnum):
    FORECAST_BIAS = "forecast_bias"
    COACHING_QUALITY = "coaching_quality"
    RHYTHM_SLIPPING = "rhythm_slipping"
    FOLLOW_THROUGH = "follow_through"


@dataclass(frozen=True)
class ForecastBiasRule:
    """The commit missed the actual in the same direction by more than ``threshold`` (a share
    of the actual) in each of the last ``periods`` closed periods."""

    enabled: bool = True
    threshold: float = 0.15
    periods: int = 3


@dataclass(frozen=True)
class CoachingQualityRule:
    """The manager logged coaching in at least ``logged_at_least`` of their 1:1s while at most
    ``reported_at_most`` of their reps said they were coached (at least k ratings)."""

    enabled: bool = True
    logged_at_least: float = 0.6
    reported_at_most: float = 0.4


@dataclass(frozen=True)
class RhythmSlippingRule:
    """The on-time rate was below ``below`` in each of the last ``weeks`` weeks."""

    enabled: bool = True
    weeks: int = 3
    below: float = 0.8


@dataclass(frozen=True)
class FollowThroughRule:
    """At least ``late_at_least`` of the judged action items were done late or are overdue,
    over at least ``min_items`` items."""

    enabled: bool = True
    late_at_least: float = 0.5
    min_items: int = 4


@dataclass(frozen=True)
class HintSettings:
    forecast_bias: ForecastBiasRule = field(default_factory=ForecastBiasRule)
    coaching_quality: CoachingQualityRule = field(default_factory=CoachingQualityRule)
    rhythm_slipping: RhythmSlippingRule = field(default_factory=RhythmSlippingRule)
    follow_through: FollowThroughRule = field(default_factory=FollowThroughRule)


@dataclass(frozen=True)
class ManagerPatterns:
    """What the rules read about one manager.

    ``bias_by_period``: (forecast - actual) ÷ actual of each closed period, oldest first.
    ``weekly_on_time``: the on-time rate of each week, oldest first (None: nothing judged).
    ``coaching``: the manager's coaching gap as the digest shows it (suppressed below k).
    """

    email: str
    name: str
    bias_by_period: Sequence[float] = ()
    weekly_on_time: Sequence[float | None] = ()
    coaching: CoachingGap | None = None
    follow_through: FollowThrough | None = None


@dataclass(frozen=True)
class Hint:
    rule: HintRule
    manager: str
    manager_name: str
    suggestion: str
    because: str
    numbers: Mapping[str, float | int]
    severity: float


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def forecast_bias_hint(p: ManagerPatterns, rule: ForecastBiasRule) -> Hint | None:
    recent = list(p.bias_by_period)[-rule.periods :]
    if not rule.enabled or rule.periods < 1 or len(recent) < rule.periods:
        return None
    over = all(b > rule.threshold for b in recent)
    under = all(b < -rule.threshold for b in recent)
    if not (over or under):
        return None
    direction = "over" if over else "under"
    worst = min(abs(b) for b in recent)
    shown = ", ".join(f"{'+' if b > 0 else '-'}{_pct(abs(b))}" for b in recent)
    return Hint(
        rule=HintRule.FORECAST_BIAS,
        manager=p.email,
        manager_name=p.name,
        suggestion="Coach the forecast call: review the commit deal by deal before it is locked.",
        because=(
            f"the commit was {direction} the actual by more than {_pct(rule.threshold)} in each "
            f"of the last {rule.periods} periods ({shown})"
        ),
        numbers={
            "periods": rule.periods,
            "threshold": rule.threshold,
            **{f"bias_{n}": b for n, b in enumerate(recent, start=1)},
        },
        severity=worst / rule.threshold if rule.threshold else worst,
    )


def coaching_quality_hint(
    p: ManagerPatterns, rule: CoachingQualityRule, *, threshold: int
) -> Hint | None:
    gap = p.coaching
    if not rule.enabled or gap is None or gap.suppressed:
        return None
    if gap.responses is None or gap.responses < threshold:
        return None
    logged, reported = gap.logged_share, gap.reported_share
    if logged is None or reported is None:
        return None
    if logged < rule.logged_at_least or reported > rule.reported_at_most:
        return None
    return Hint(
        rule=HintRule.COACHING_QUALITY,
        manager=p.email,
        manager_name=p.name,
        suggestion="Look at the quality of the 1:1s: join one, or go on a ride-along.",
        because=(
            f"coaching was logged in {_pct(logged)} of {gap.logged_one_on_ones} 1:1s, but only "
            f"{_pct(reported)} of {gap.responses} reps who answered said they were coached"
        ),
        numbers={
            "logged_share": logged,
            "logged_one_on_ones": gap.logged_one_on_ones,
            "reported_share": reported,
            "responses": gap.responses,
        },
        severity=(logged - reported) / max(rule.logged_at_least - rule.reported_at_most, 0.01),
    )


def rhythm_slipping_hint(p: ManagerPatterns, rule: RhythmSlippingRule) -> Hint | None:
    recent = list(p.weekly_on_time)[-rule.weeks :]
    if not rule.enabled or rule.weeks < 1 or len(recent) < rule.weeks:
        return None
    rates = [r for r in recent if r is not None]
    if len(rates) < rule.weeks or not all(r < rule.below for r in rates):
        return None
    shown = ", ".join(_pct(r) for r in rates)
    return Hint(
        rule=HintRule.RHYTHM_SLIPPING,
        manager=p.email,
        manager_name=p.name,
        suggestion="Have a workload conversation: what is crowding out the rhythm?",
        because=(
            f"the on-time rate was below {_pct(rule.below)} for {rule.weeks} weeks running "
            f"({shown})"
        ),
        numbers={
            "weeks": rule.weeks,
            "below": rule.below,
            **{f"week_{n}": r for n, r in enumerate(rates, start=1)},
        },
        severity=rule.below / max(max(rates), 0.05),
    )


def follow_through_hint(p: ManagerPatterns, rule: FollowThroughRule) -> Hint | None:
    ft = p.follow_through
    if not rule.enabled or ft is None or ft.judged < rule.min_items:
        return None
    late = ft.late_share
    if late is None or late < rule.late_at_least:
        return None
    return Hint(
        rule=HintRule.FOLLOW_THROUGH,
        manager=p.email,
        manager_name=p.name,
        suggestion="Work on follow-through: agree fewer action items, and check them each 1:1.",
        because=(
            f"{ft.late + ft.overdue} of {ft.judged} action items due were done late or are still "
            f"open ({_pct(late)}; {ft.late} late, {ft.overdue} overdue)"
        ),
        numbers={
            "judged": ft.judged,
            "late": ft.late,
            "overdue": ft.overdue,
            "on_time": ft.on_time,
            "late_share": late,
        },
        severity=late / rule.late_at_least if rule.late_at_least else late,
    )


def hints_for(p: ManagerPatterns, settings: HintSettings, *, threshold: int) -> list[Hint]:
    """Every hint that fires for one manager, worst first. ``threshold`` is k, the anonymity
    threshold: the fewest rep ratings a hint may rest on."""
    found = [
        forecast_bias_hint(p, settings.forecast_bias),
        coaching_quality_hint(p, settings.coaching_quality, threshold=threshold),
        rhythm_slipping_hint(p, settings.rhythm_slipping),
        follow_through_hint(p, settings.follow_through),
    ]
    return worst_first(h for h in found if h is not None)


def worst_first(hints: Iterable[Hint], *, limit: int | None = None) -> list[Hint]:
    ordered = sorted(hints, key=lambda h: (-h.severity, h.manager_name.lower(), h.rule.value))
    return ordered if limit is None else ordered[:limit]


def digest_hints(
    patterns: Iterable[ManagerPatterns], settings: HintSettings, *, threshold: int
) -> list[Hint]:
    """The digest's hints: at most ``MAX_HINTS`` over all managers, worst first."""
    every = [h for p in patterns for h in hints_for(p, settings, threshold=threshold)]
    return worst_first(every, limit=MAX_HINTS)
