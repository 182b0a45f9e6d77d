"""The coaching-loop section of a leader's digest, read and composed beside the digest itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.orm import Session

from bot.domain.coaching_loop import FOCUS_MONTHS, CoachingLoop, compose_coaching_loop, month_starts
from bot.domain.digest import Digest
from bot.domain.digest_windows import DigestWindows
from bot.domain.forecast_rollup import ForecastResult
from bot.domain.operating_system import OperatingSystem
from bot.persistence.repositories import coaching_history
from bot.persistence.repositories import people as people_rows


def forecast_biases(results: Iterable[ForecastResult]) -> dict[str, list[float]]:
    """Each manager's (forecast - actual) ÷ actual per closed period, oldest first."""
    biases: dict[str, list[tuple[date, float]]] = {}
    for r in results:
        if r.actual:
            share = float((r.forecast - r.actual) / r.actual)
            biases.setdefault(r.manager.lower(), []).append((r.period_start, share))
    return {m: [b for _, b in sorted(periods)] for m, periods in biases.items()}


def build_coaching_loop(
    session: Session,
    operating_system: OperatingSystem,
    *,
    digest: Digest,
    results: Iterable[ForecastResult],
) -> CoachingLoop:
    """``results`` are the closed forecast periods the digest read for its managers."""
    windows = DigestWindows(digest.week_start)
    first, last = windows.trailing_first, windows.reported_end
    rows = people_rows.all_by_email(session)
    managers = {
        rows[m.email.lower()].id: rows[m.email.lower()].email
        for m in digest.managers
        if m.email.lower() in rows
    }
    focus_first = min(first, month_starts(last, FOCUS_MONTHS)[0])
    return compose_coaching_loop(
        rows=digest.managers,
        first_day=first,
        last_day=last,
        items=coaching_history.action_items(
            session, people=managers, first_day=first, last_day=last
        ),
        diagnoses=coaching_history.diagnoses(
            session, people=managers, first_day=focus_first, last_day=last
        ),
        checklists=coaching_history.checklist_marks(
            session, people=managers, first_day=first, last_day=last
        ),
        biases=forecast_biases(results),
        skips_by_reason=digest.headline.week.skipped_by_reason,
        settings=operating_system.hints,
        threshold=operating_system.organization.anonymity_threshold,
    )
