"""The quarterly review of a leader's subtree: read the quarter, compose it, queue it once.

``queue_reviews`` is part of the digest tick: a leader's review of a quarter goes out with
their first weekly digest sent at least ``REVIEW_AFTER`` after the quarter ended (time for the
quarter's actuals to be imported and its coaching ratings to settle), or with one of the next
digests within ``REVIEW_WINDOW`` if the bot was down. Its outbox row's dedupe key is the leader
and the quarter, so it is queued — and sent — once, however many processes tick; the content is
composed right before sending, like the digest's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain.actuals import Period, quarter_of
from bot.domain.checklists import checklist_by_person
from bot.domain.coaching_periods import RATINGS_SETTLE
from bot.domain.coaching_view import published_nodes, team_gap
from bot.domain.forecast_results import forecast_results
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedDigest
from bot.domain.review import Review, Share, compose_review, quarter_gap, quarter_months
from bot.domain.roster import Person, Role
from bot.persistence.models import Person as PersonRow
from bot.persistence.repositories import coaching_history, history
from bot.persistence.repositories import people as people_rows
from bot.persistence.repositories.outbox import enqueue
from bot.services import coaching_months
from bot.services.coaching_months import lines_for
from bot.services.targets import targets_in_force

# After a quarter ends: actuals are imported and its last month of coaching ratings is closed.
REVIEW_AFTER = RATINGS_SETTLE
# A review the bot was down for still goes out with a later digest, within four weeks.
REVIEW_WINDOW = timedelta(weeks=4)


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
    # The quarter's coaching is its three months exactly as every output publishes them (each
    # only once closed, grouped by the lines it closed with), added up: nothing a month's own
    # figures do not already show.
    months = quarter_months(quarter)
    lines = [lines_for(session, roster, month, now=now) for month in months]
    coaches = ids(coaching_months.coaches(roster, lines, leader_email))
    first, last, end = quarter.start, quarter.end, quarter.end + timedelta(days=1)
    forecasts = history.forecasts(session, people=managers, first_day=first, last_day=last)
    actuals = history.actuals(session, people=managers, first_day=first, last_day=last)
    logged = history.logged_one_on_ones(session, people=coaches, first_day=first, end=end)
    ratings = history.ratings(session, people=coaches, first_day=first, end=end)
    published = [
        published_nodes(
            roster,
            leader_email,
            lines=month_lines,
            period=month,
            logged=logged,
            ratings=ratings,
            threshold=operating_system.organization.anonymity_threshold,
            now=now,
        )
        for month, month_lines in zip(months, lines, strict=True)
    ]
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
        coaching={
            email: quarter_gap([team_gap(nodes[email]) for nodes in published])
            for email in published[0]
        },
        checklists=checklist_completion(session, people=managers, quarter=quarter),
        coaching_settled=all(month.closed(now) for month in months),
        now=now,
        currency=operating_system.organization.currency,
    )


def checklist_completion(
    session: Session, *, people: Mapping[int, str], quarter: Period
) -> dict[str, Share]:
    """Checklist items done ÷ items, per manager (lower-case email), for the quarter.

    The same marks and the same count as the digest's per-manager checklist share, over the
    quarter's occurrences; a manager none of whose cadences has a checklist has no entry, so
    the review judges their rhythm on timeliness and coaching alone.
    """
    marks = coaching_history.checklist_marks(
        session, people=people, first_day=quarter.start, last_day=quarter.end
    )
    return {
        email: Share(summary.done, summary.items)
        for email, summary in checklist_by_person(marks).items()
        if summary.items
    }


def reviewed_quarter(week_start: date) -> Period | None:
    """The quarter whose review goes out with a digest sent in the week of ``week_start``."""
    previous = quarter_of(quarter_of(week_start).start - timedelta(days=1))
    due = previous.end + timedelta(days=1) + REVIEW_AFTER
    return previous if due <= week_start < due + REVIEW_WINDOW else None


def queue_reviews(
    session: Session, planned: Iterable[PlannedDigest], *, people: Mapping[str, PersonRow]
) -> int:
    """Queue the review that goes with each of these digests; returns how many were new."""
    queued = 0
    for digest in planned:
        quarter = reviewed_quarter(digest.week_start)
        leader = people.get(digest.leader.lower())
        if quarter is None or leader is None:
            continue
        queued += enqueue(
            session,
            dedupe_key=f"review:{leader.id}:{quarter.label}",
            purpose=MessagePurpose.REVIEW,
            key=MessagePurpose.REVIEW.value,
            recipient_id=leader.id,
            send_after=digest.at,
            payload={"quarter": quarter.label},
        )
    return queued
