"""The quarterly review of a leader's subtree: read the quarter, compose it, queue it once.

``schedule_reviews`` is part of the digest tick: a leader's review of a quarter is queued with
their first weekly digest sent at least ``REVIEW_AFTER`` after the quarter ended (time for the
quarter's actuals to be imported and its coaching ratings to settle). Its outbox row's dedupe
key is the leader and the quarter, so it is queued — and sent — once, however many processes
tick; the content is composed right before sending, like the digest's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain.actuals import Period
from bot.domain.coaching_view import coaching_nodes, team_gap, top_of
from bot.domain.digest_windows import RATINGS_SETTLE
from bot.domain.forecast_results import forecast_results
from bot.domain.operating_system import OperatingSystem
from bot.domain.review import Review, Share, compose_review
from bot.domain.roster import Person, Role
from bot.persistence.repositories import history
from bot.persistence.repositories import people as people_rows
from bot.services.targets import targets_in_force

# After a quarter ends: actuals are imported and the last coaching ratings are in.
REVIEW_AFTER = RATINGS_SETTLE


def build_review(
    session: Session,
    operating_system: OperatingSystem,
    *,
    leader_email: str,
    quarter: Period,
    now: datetime,
) -> Review:
    """The review of ``leader_email``'s subtree for ``quarter``, as the data stands ``now``."""
    roster = operating_system.roster
    rows = people_rows.all_by_email(session)

    def ids(persons: Iterable[Person]) -> dict[int, str]:
        found = (rows.get(p.email.lower()) for p in persons)
        return {row.id: row.email for row in found if row is not None}

    team = [roster[leader_email], *roster.subtree(leader_email)]
    managers = ids(p for p in team if Role.MANAGER in roster.roles(p.email))
    top = top_of(roster, leader_email)
    coaches = ids(p for p in [roster[top], *roster.subtree(top)] if roster.reports(p.email))
    first, last, end = quarter.start, quarter.end, quarter.end + timedelta(days=1)
    # Reps' answers only once the quarter's ratings are all in: a review read while they still
    # arrive could be subtracted from a later one to isolate the answers in between.
    settled = now.date() >= end + REVIEW_AFTER
    forecasts = history.forecasts(session, people=managers, first_day=first, last_day=last)
    actuals = history.actuals(session, people=managers, first_day=first, last_day=last)
    nodes = coaching_nodes(
        roster,
        leader_email,
        logged=history.logged_one_on_ones(session, people=coaches, first_day=first, end=end),
        ratings=history.ratings(session, people=coaches, first_day=first, end=end)
        if settled
        else [],
        window=(first, end),
        threshold=operating_system.organization.anonymity_threshold,
    )
    return compose_review(
        roster=roster,
        leader=leader_email,
        quarter=quarter,
        outcomes=history.outcomes(session, people=managers, first_day=first, last_day=last),
        results=forecast_results(forecasts, actuals),
        targets=targets_in_force(
            session, operating_system.targets, people=managers, first_day=first, last_day=last
        ),
        actuals=actuals,
        coaching={email: team_gap(node) for email, node in nodes.items()},
        checklists=checklist_completion(session, people=managers, quarter=quarter),
        coaching_settled=settled,
        now=now,
        currency=operating_system.organization.currency,
    )


def checklist_completion(
    session: Session, *, people: Mapping[int, str], quarter: Period
) -> dict[str, Share]:
    """Checklist items done ÷ items, per manager (lower-case email), for the quarter.

    Hook for cadence checklists: no cadence has a checklist yet, so nothing is returned and the
    review judges the rhythm on timeliness and coaching alone. Once checklists are recorded with
    their occurrences, read them here; ``compose_review`` already takes them into account.
    """
    del session, people, quarter
    return {}


def review_due(quarter: Period, *, digest_week: date) -> bool:
    """Whether a digest sent in the week of ``digest_week`` carries ``quarter``'s review."""
    return digest_week >= quarter.end + REVIEW_AFTER
