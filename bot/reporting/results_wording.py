"""Results in plain words — attainment, pacing, forecast accuracy — for every report.

A VP reads "forecasts landed within 10% of actuals, under-called by 3%", not "WAPE 10%, bias
-3%". The digest, its manager rows, the quarterly review and the terminal all use these phrases,
so one figure is said one way everywhere.
"""

from __future__ import annotations

from bot.domain.attainment import Attainment, Pacing
from bot.domain.forecast_rollup import Bias, GroupAccuracy
from bot.slack.blocks.text import money, percent


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def called(accuracy: GroupAccuracy) -> str:
    """``under-called by 3%``: the net error of the calls against what was booked."""
    if accuracy.bias is Bias.EXACT or accuracy.bias_ratio is None:
        return "called exactly"
    side = "over" if accuracy.bias is Bias.OVER else "under"
    return f"{side}-called by {percent(abs(accuracy.bias_ratio))}"


def accuracy_phrase(accuracy: GroupAccuracy) -> str:
    """``forecasts landed within 10% of actuals (29 forecasts), under-called by 3%``."""
    if accuracy.wape is None:
        return "no forecast could be checked against actuals yet"
    return (
        f"forecasts landed within {percent(accuracy.wape)} of actuals "
        f"({plural(accuracy.count, 'forecast')}), {called(accuracy)}"
    )


def attainment_phrase(result: Attainment, currency: str) -> str:
    """``95% of the 2026-Q4 target ($190,000 booked of $200,000; 2 of 3 managers have one)``."""
    label = result.period.label
    if not result.with_target:
        return f"no target for {label}"
    if result.ratio is None:
        return f"no actuals imported for {label} yet (target {money(result.target, currency)})"
    coverage = (
        f"; {result.with_target} of {plural(result.managers, 'manager')} have one"
        if result.with_target < result.managers
        else ""
    )
    return (
        f"{percent(result.ratio)} of the {label} target "
        f"({money(result.booked, currency)} booked of {money(result.target, currency)}{coverage})"
    )


def pacing_phrase(pace: Pacing, currency: str) -> str:
    """``46% of 2026-Q4 gone; latest commit $300,000 is 75% of target, best case …``."""
    gone = f"{percent(pace.time_gone)} of {pace.period.label} gone"
    if not pace.with_target:
        return gone
    if not pace.with_forecast:
        return f"{gone}; no forecast submitted in it yet"
    coverage = (
        f" ({pace.with_forecast} of {pace.with_target} forecasts in)"
        if pace.with_forecast < pace.with_target
        else ""
    )
    return (
        f"{gone}; latest commit {money(pace.commit, currency)} is {percent(pace.commit_ratio)} "
        f"of target, best case {money(pace.best_case, currency)} is "
        f"{percent(pace.best_case_ratio)}{coverage}"
    )
