"""The building blocks of the reports' JSON (see docs/digest-schema.md).

Every figure a report's text shows is an object with its ``value``, the ``numerator`` and
``denominator`` it was computed from, and the ``window`` of days it covers, so an analyst can
check it or load it elsewhere. Money is a decimal string (``"190000.00"``), never a float.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bot.domain.actuals import Period
from bot.domain.adherence import AdherenceSummary
from bot.domain.attainment import Attainment, Pacing
from bot.domain.coaching import CoachingGap
from bot.domain.forecast_rollup import GroupAccuracy

Json = dict[str, Any]
CENT = Decimal("0.01")


def amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT))


def number(value: float | Decimal | None) -> float | None:
    """A ratio as a JSON number, rounded to 4 places (0.1234 is 12.34%)."""
    return None if value is None else round(float(value), 4)


def window(first_day: date, last_day: date, label: str | None = None) -> Json:
    """Both days included."""
    found: Json = {"first_day": first_day.isoformat(), "last_day": last_day.isoformat()}
    if label is not None:
        found["label"] = label
    return found


def period_window(period: Period) -> Json:
    return window(period.start, period.end, period.label)


def month_window(bounds: tuple[date, date]) -> Json:
    """A ``[first day, next month)`` window, as both days included."""
    return window(bounds[0], bounds[1] - timedelta(days=1), f"{bounds[0]:%Y-%m}")


def count_ratio(numerator: int, denominator: int, where: Json) -> Json:
    return {
        "value": number(numerator / denominator) if denominator else None,
        "numerator": numerator,
        "denominator": denominator,
        "window": where,
    }


def money_ratio(numerator: Decimal, denominator: Decimal, where: Json) -> Json:
    return {
        "value": number(numerator / denominator) if denominator else None,
        "numerator": amount(numerator),
        "denominator": amount(denominator),
        "window": where,
    }


def on_time(summary: AdherenceSummary, where: Json) -> Json:
    """On time ÷ judged (done on time, late or missed), with every count beside it."""
    figure = count_ratio(summary.on_time, summary.judged, where)
    figure["counts"] = {
        "on_time": summary.on_time,
        "late": summary.late,
        "missed": summary.missed,
        "skipped": summary.skipped,
        "excused": summary.excused,
        "still_open": summary.pending,
    }
    return figure


def attainment(result: Attainment) -> Json:
    figure = money_ratio(result.booked, result.target, period_window(result.period))
    if result.ratio is None:
        figure["value"] = None
    figure |= {
        "managers": result.managers,
        "managers_with_target": result.with_target,
        "managers_with_actuals": result.with_actuals,
    }
    return figure


def pacing(pace: Pacing) -> Json:
    where = period_window(pace.period)
    return {
        "as_of": pace.as_of.isoformat(),
        "time_gone": count_ratio(pace.days_gone, pace.days, where),
        "commit": money_ratio(pace.commit, pace.target, where),
        "best_case": money_ratio(pace.best_case, pace.target, where),
        "managers_with_target": pace.with_target,
        "managers_with_forecast": pace.with_forecast,
    }


def accuracy(result: GroupAccuracy, where: Json) -> Json:
    """``within``: Σ|forecast - actual| ÷ Σ actual; ``bias``: Σ(forecast - actual) ÷ Σ actual."""
    return {
        "forecasts": result.count,
        "within": money_ratio(result.abs_error_total, result.actual_total, where),
        "bias": money_ratio(
            result.forecast_total - result.actual_total, result.actual_total, where
        ),
        "direction": result.bias.value,
    }


def coaching(gap: CoachingGap, where: Json) -> Json:
    """Logged coaching and, when enough reps answered to show it, what the reps reported."""
    logged = gap.logged_one_on_ones
    coached = round((gap.logged_share or 0.0) * logged)
    shown = not gap.suppressed and gap.reported_share is not None and gap.responses
    reported = (
        count_ratio(round((gap.reported_share or 0.0) * gap.responses), gap.responses, where)
        if shown and gap.responses
        else None
    )
    return {
        "logged": count_ratio(coached, logged, where),
        "reported": reported,
        "reps_suppressed": gap.suppressed,
        "average_usefulness": number(gap.average_usefulness),
    }
