"""The digest's sentences, in plain text: the Slack message, the modal and the terminal
(``cadence-bot digest``) all say the same thing in the same words. Results are said in plain
words ("forecasts landed within 10% of actuals"), from ``bot.reporting.results_wording``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from bot.domain.adherence import AdherenceSummary
from bot.domain.attainment import Attainment
from bot.domain.attention import ManagerRow
from bot.domain.coaching import CoachingGap
from bot.domain.digest import NOT_ENOUGH_RESPONSES, Digest, Headline, Rhythm
from bot.domain.digest_forecast import ForecastHeadline
from bot.domain.digest_results import DigestResults
from bot.domain.forecast_rollup import GroupAccuracy
from bot.reporting.results_wording import (
    accuracy_phrase,
    attainment_phrase,
    called,
    pacing_phrase,
)
from bot.slack.blocks.text import day, money, percent

# A sentence naming people names this many, then counts the rest: a large subtree stays readable
# and within Slack's limits.
MAX_NAMES = 8


def names(people: Sequence[str]) -> str:
    """``Ann, Ben and 3 more``."""
    if len(people) <= MAX_NAMES:
        return ", ".join(people)
    return f"{', '.join(people[:MAX_NAMES])} and {len(people) - MAX_NAMES} more"


def signed(amount: Decimal, currency: str) -> str:
    return ("+" if amount >= 0 else "") + money(amount, currency)


def rhythm_line(headline: Headline) -> str:
    week, trailing = percent(headline.week.rate), percent(headline.trailing.rate)
    if headline.rhythm is Rhythm.HELD:
        return f"Rhythm held: {week} on time last week (8-week average {trailing})."
    if headline.rhythm is Rhythm.SLIPPED:
        return f"Rhythm slipped: {week} on time last week, below the 8-week average of {trailing}."
    return "Rhythm: nothing was due last week."


def forecast_line(forecast: ForecastHeadline, currency: str) -> str:
    if forecast.commit is None or forecast.period_start is None:
        return "Forecast: nothing submitted yet."
    line = (
        f"Forecast for the week of {day(forecast.period_start)}: {money(forecast.commit, currency)}"
    )
    if forecast.change is not None:
        line += f" ({signed(forecast.change, currency)} on the period before)"
    if forecast.adjustment and forecast.leader_commit is not None:
        why = "; ".join(forecast.adjustment_notes)
        line += (
            f"; your call {money(forecast.leader_commit, currency)}"
            f" ({signed(forecast.adjustment, currency)}: {why})"
        )
    missing = f" Not submitted: {names(forecast.not_submitted)}." if forecast.not_submitted else ""
    return f"{line}.{missing}"


def accuracy_line(accuracy: GroupAccuracy) -> str:
    if accuracy.wape is None:
        return "Forecasts: none could be checked against actuals in the last 12 weeks yet."
    phrase = accuracy_phrase(accuracy)
    return f"Over the last 12 weeks, {phrase}."


def results_lines(results: DigestResults | None, currency: str) -> list[str]:
    """Attainment and pacing for the target period of the reported week; none without targets."""
    if results is None:
        return []
    return [
        f"Attainment: {attainment_phrase(results.attainment, currency)}.",
        f"Pacing: {pacing_phrase(results.pacing, currency)}.",
    ]


def attainment_short(result: Attainment | None) -> str | None:
    """``110% of the 2026-Q3 target`` for a manager's row; None when they have no target."""
    if result is None or not result.with_target:
        return None
    if result.ratio is None:
        return f"no {result.period.label} actuals yet"
    return f"{percent(result.ratio)} of the {result.period.label} target"


def reps_side(gap: CoachingGap) -> str:
    if gap.suppressed or gap.reported_share is None:
        return f"reps: {NOT_ENOUGH_RESPONSES}"
    useful = f", usefulness {gap.average_usefulness:.1f}/5" if gap.average_usefulness else ""
    return f"reps say {percent(gap.reported_share)} coached ({gap.responses} answers{useful})"


def coaching_line(gap: CoachingGap, window: tuple[date, date]) -> str:
    logged = (
        f"{percent(gap.logged_share)} of {gap.logged_one_on_ones} logged 1:1s were coaching"
        if gap.logged_one_on_ones
        else "no 1:1s logged"
    )
    # The window is one calendar month (see ``DigestWindows.coaching``).
    return f"Coaching in {window[0]:%B %Y}: {logged}; {reps_side(gap)}."


def missed_text(row: ManagerRow) -> str:
    return ", ".join(m.title + (f" x{m.count}" if m.count > 1 else "") for m in row.missed)


def manager_line(row: ManagerRow, currency: str, attainment: Attainment | None = None) -> str:
    """One manager's figures on one line (the name is shown apart)."""
    parts = [
        f"{percent(row.week.rate)} on time last week",
        f"{percent(row.trailing.rate)} over 8 weeks",
    ]
    if (booked := attainment_short(attainment)) is not None:
        parts.append(booked)
    if row.missed:
        parts.append(f"missed {missed_text(row)}")
    if row.week.not_nudged:
        # Not held against them: Cadence never reached them before it was due.
        parts.append(f"{row.week.not_nudged} not nudged")
    if row.frequent_skipper:
        parts.append(f"skips {percent(row.trailing.skip_share)}")
    parts.append(forecast_text(row, currency))
    parts.append(f"coaching logged {percent(row.coaching.logged_share)}, {reps_side(row.coaching)}")
    return " · ".join(parts)


def forecast_text(row: ManagerRow, currency: str) -> str:
    """The manager's latest forecast and how accurate their forecasts were."""
    if row.forecast.missing:
        standing = "forecast not submitted"
    elif row.commit is None:
        standing = "no forecast due"
    else:
        change = row.forecast.change
        moved = f" ({signed(change, currency)})" if change else ""
        standing = f"forecast {money(row.commit, currency)}{moved}"
    if row.accuracy.wape is None:
        return standing
    return (
        f"{standing} · forecasts within {percent(row.accuracy.wape)} of actuals, "
        f"{called(row.accuracy)}"
    )


def counts(summary: AdherenceSummary) -> str:
    """``3 on time, 1 late, 1 missed, 1 skipped (rep out)`` — nothing for an empty stretch."""
    parts = [
        f"{n} {label}"
        for n, label in (
            (summary.on_time, "on time"),
            (summary.late, "late"),
            (summary.missed, "missed"),
            (summary.skipped, "skipped"),
            (summary.excused, "excused"),
            (summary.not_nudged, "not nudged"),
            (summary.pending, "still open"),
        )
        if n
    ]
    if summary.skipped_by_reason:
        reasons = ", ".join(
            f"{r.replace('_', ' ')} {n}" for r, n in summary.skipped_by_reason.items()
        )
        parts.append(f"skip reasons: {reasons}")
    return ", ".join(parts) or "nothing due"


def headline_lines(digest: Digest) -> list[str]:
    """The headline, in the order a leader reads it: rhythm, results, forecast, coaching."""
    headline = digest.headline
    return [
        rhythm_line(headline),
        *results_lines(digest.results, digest.currency),
        forecast_line(headline.forecast, digest.currency),
        accuracy_line(headline.accuracy),
        coaching_line(headline.coaching, digest.coaching_window),
    ]


def row_line(digest: Digest, row: ManagerRow) -> str:
    """A manager's line in ``digest``, with their attainment when there are targets."""
    attainment = digest.results.of(row.email) if digest.results is not None else None
    return manager_line(row, digest.currency, attainment)
