"""Reading what a digest or a manager summary is computed from, for one person and one week.

The subtree's history feeds adherence and forecasts; coaching is read for the whole
organisation above the person, because every view cuts its coaching figures from the one
organisation-wide tree (see ``bot.domain.coaching_view``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.domain.actuals import quarter_of
from bot.domain.adherence import OccurrenceOutcome
from bot.domain.coaching import LoggedOneOnOne, RepRating
from bot.domain.digest_windows import DigestWindows
from bot.domain.forecast_results import Actual, ForecastHistory
from bot.domain.forecast_rollup import LeaderAdjustment
from bot.domain.roster import Person, Role, Roster
from bot.domain.targets import Target
from bot.persistence.repositories import history
from bot.persistence.repositories import people as people_rows
from bot.services import coaching_months
from bot.services.targets import targets_in_force


@dataclass(frozen=True)
class DigestInputs:
    outcomes: list[OccurrenceOutcome]
    forecasts: ForecastHistory
    actuals: list[Actual]
    adjustments: list[LeaderAdjustment]
    logged: list[LoggedOneOnOne]
    ratings: list[RepRating]
    targets: list[Target]


def read_inputs(
    session: Session,
    roster: Roster,
    *,
    person: str,
    windows: DigestWindows,
    configured: Iterable[Target] = (),
    lines: Roster | None = None,
) -> DigestInputs:
    """``configured``: the config's targets (imported ones replace them); ``lines``: the
    reporting lines the coaching month is grouped by (``coaching_months.lines_for``)."""
    rows = people_rows.all_by_email(session)

    def ids(persons: Iterable[Person]) -> dict[int, str]:
        found = (rows.get(p.email.lower()) for p in persons)
        return {row.id: row.email for row in found if row is not None}

    team = [roster[person], *roster.subtree(person)]
    managers = ids(p for p in team if Role.MANAGER in roster.roles(p.email))
    # Only leaders record adjustments (the reader's own are read whatever their role today).
    leaders = ids([team[0], *(p for p in team[1:] if Role.LEADER in roster.roles(p.email))])
    coaches = ids(coaching_months.coaches(roster, [] if lines is None else [lines], person))
    first, last = windows.chart_first, windows.reported_end
    # Attainment needs the whole quarter the reported week is in, which may begin before the chart.
    booked_from = min(first, quarter_of(windows.reported_week).start)
    coaching_first, coaching_end = windows.coaching
    return DigestInputs(
        outcomes=history.outcomes(session, people=managers, first_day=first, last_day=last),
        forecasts=history.forecasts(session, people=managers, first_day=first, last_day=last),
        actuals=history.actuals(session, people=managers, first_day=booked_from, last_day=last),
        adjustments=history.adjustments(session, people=leaders, first_day=first, last_day=last),
        logged=history.logged_one_on_ones(
            session, people=coaches, first_day=coaching_first, end=coaching_end
        ),
        ratings=history.ratings(
            session, people=coaches, first_day=coaching_first, end=coaching_end
        ),
        targets=targets_in_force(
            session,
            configured,
            people=managers,
            first_day=windows.reported_week,
            last_day=windows.reported_week,
        ),
    )
