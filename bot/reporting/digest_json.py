"""``cadence-bot digest --format json``: every figure of the weekly digest with its counts.

The schema is documented in docs/digest-schema.md; ``figures_json`` builds each figure.
"""

from __future__ import annotations

from bot.domain.attention import ManagerRow
from bot.domain.digest import Digest
from bot.domain.digest_windows import DigestWindows
from bot.reporting import figures_json as fig
from bot.reporting.coaching_json import coaching_loop_json

SCHEMA = "cadence.digest/1"


def digest_json(digest: Digest) -> fig.Json:
    windows = DigestWindows(digest.week_start)
    week = fig.window(windows.reported_week, windows.reported_end)
    trailing = fig.window(windows.trailing_first, windows.reported_end)
    chart = fig.window(windows.chart_first, windows.reported_end)
    coaching = fig.month_window(digest.coaching_window)
    headline = digest.headline
    forecast = headline.forecast
    results = digest.results
    return {
        "schema": SCHEMA,
        "leader": {"email": digest.leader, "name": digest.leader_name},
        "sent_in_week_of": digest.week_start.isoformat(),
        "generated_at": digest.generated_at.isoformat(),
        "currency": digest.currency,
        "windows": {"week": week, "trailing": trailing, "chart": chart, "coaching": coaching},
        "rhythm": {
            "state": headline.rhythm.name.lower(),
            "week": fig.on_time(headline.week, week),
            "trailing": fig.on_time(headline.trailing, trailing),
        },
        "forecast": {
            "period_start": forecast.period_start.isoformat() if forecast.period_start else None,
            "commit": fig.amount(forecast.commit),
            "change": fig.amount(forecast.change),
            "leader_adjustment": fig.amount(forecast.adjustment),
            "leader_call": fig.amount(forecast.leader_commit),
            "adjustment_notes": list(forecast.adjustment_notes),
            "not_submitted": list(forecast.not_submitted),
        },
        "accuracy": fig.accuracy(headline.accuracy, chart),
        "coaching": fig.coaching(headline.coaching, coaching),
        "results": None
        if results is None
        else {
            "period": fig.period_window(results.period),
            "attainment": fig.attainment(results.attainment),
            "pacing": fig.pacing(results.pacing),
        },
        "managers": [
            _manager(row, digest, week, trailing, chart, coaching) for row in digest.managers
        ],
        "coaching_loop": coaching_loop_json(digest.coaching),
        "chart": {
            "drawn": not digest.grid.empty,
            "weeks": [w.isoformat() for w in digest.grid.weeks],
            "rows": [
                {"email": row.email, "cells": [c.name.lower() if c else None for c in row.cells]}
                for row in digest.grid.rows
            ],
        },
    }


def _manager(
    row: ManagerRow,
    digest: Digest,
    week: fig.Json,
    trailing: fig.Json,
    chart: fig.Json,
    coaching: fig.Json,
) -> fig.Json:
    summary = row.trailing
    results = digest.results
    return {
        "email": row.email,
        "name": row.name,
        "needs_attention": row.needs_attention,
        "week": fig.on_time(row.week, week),
        "trailing": fig.on_time(summary, trailing),
        "missed_last_week": [
            {"cadence": m.cadence_id, "title": m.title, "count": m.count} for m in row.missed
        ],
        "skips": fig.count_ratio(summary.skipped, summary.judged + summary.skipped, trailing),
        "frequent_skipper": row.frequent_skipper,
        "forecast": {
            "commit": fig.amount(row.commit),
            "change": fig.amount(row.forecast.change),
            "not_submitted": row.forecast.missing,
        },
        "accuracy": fig.accuracy(row.accuracy, chart),
        "coaching": fig.coaching(row.coaching, coaching),
        "attainment": None if results is None else fig.attainment(results.of(row.email)),
    }
