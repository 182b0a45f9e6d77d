"""Reading what digests or a manager summary are computed from, for some people and one week.

The subtrees' history feeds adherence and forecasts; coaching is read for the whole
organisation above each person, because every view cuts its coaching figures from the one
organisation-wide tree (see ``bot.domain.coaching_view``). Read for several leaders at once
(the Monday run), each query reads the union of their subtrees once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.domain.actuals import quarter_of
from bot.domain.coaching import LoggedOneOnOne, RepRating
from bot.domain.coaching_view import top_of
from bot.domain.digest_windows import DigestWindows
from bot.domain.forecast_results import Actual, ForecastHistory
from bot.domain.forecast_rollup import LeaderAdjustment
from bot.domain.outcome_tally import OutcomeTally
from bot.domain.roster import Person, Role, Roster
from bot.domain.targets import Target
from bot.persistence.repositories import history
from bot.persistence.repositories import people as people_rows
from bot.services import coaching_months
from bot.services.targets import targets_in_force


@dataclass(frozen=True)
class DigestInputs:
    tally: OutcomeTally
    # The managers read, by person id: what the coaching loop's history is read for.
    managers: dict[int, str]
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
    people: Sequence[str],
    windows: DigestWindows,
    configured: Iterable[Target] = (),
    lines: Roster | None = None,
) -> DigestInputs:
    """What the digests (or summaries) of ``people`` need, each input read once for all of them.
    ``configured``: the config's targets (imported ones replace them); ``lines``: the
    reporting lines the coaching month is grouped by (``coaching_months.lines_for``)."""
    id_of = people_rows.ids_by_email(session)

    def ids(persons: Iterable[Person]) -> dict[int, str]:
        found = ((p.email.lower(), id_of.get(p.email.lower())) for p in persons)
        return {person_id: email for email, person_id in found if person_id is not None}

    teams = {p.lower(): [roster[p], *roster.subtree(p)] for p in people}
    everyone = {p.email.lower(): p for team in teams.values() for p in team}.values()
    managers = ids(p for p in everyone if Role.MANAGER in roster.roles(p.email))
    # Only leaders record adjustments (the reader's own are read whatever their role today).
    leaders = ids(
        [
            *(team[0] for team in teams.values()),
            *(p for p in everyone if Role.LEADER in roster.roles(p.email)),
        ]
    )
    trees = [] if lines is None else [lines]
    # Whose 1:1s and ratings a person's coaching tree needs depends only on the tops of their
    # organisation: read once for each distinct pair, not once per leader.
    by_tops = {
        tuple(top_of(t, who).lower() if who in t else None for t in [roster, *trees]): who
        for who in people
    }
    coaches = ids(
        {
            p.email.lower(): p
            for who in by_tops.values()
            for p in coaching_months.coaches(roster, trees, who)
        }.values()
    )
    first, last = windows.chart_first, windows.reported_end
    # Attainment needs the whole quarter the reported week is in, which may begin before the chart.
    booked_from = min(first, quarter_of(windows.reported_week).start)
    coaching_first, coaching_end = windows.coaching
    tally, forecasts = history.outcomes_and_forecasts(
        session, people=managers, first_day=first, last_day=last
    )
    return DigestInputs(
        tally=tally,
        managers=managers,
        forecasts=forecasts,
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
