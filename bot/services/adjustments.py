"""A leader's own call on the forecast: an adjustment with a note, kept apart from the managers'
numbers.

The roll-up of a leader's subtree is always the sum of what the managers submitted; the
leader's adjustment is stored on its own (append-only, the latest per period stands) and the
digest shows it beside that sum, as "your call", never inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.domain.adherence import week_start
from bot.domain.recurrence import to_local
from bot.domain.roster import Role, Roster
from bot.domain.submissions import fits_money_column
from bot.persistence.models import Person
from bot.persistence.repositories import actuals
from bot.persistence.repositories import people as people_rows
from bot.persistence.repositories.people import stored_roster
from bot.services.errors import InvalidSubmission, NotAllowed

LEADERS_ONLY = (
    "Only leaders (whose reports manage teams) can adjust the forecast roll-up; "
    "managers submit their own forecast."
)
NOTE_REQUIRED = "Add a note: say why your call differs from your managers' numbers."
AMOUNT_RULE = "The amount must be a number with at most 2 decimals and fewer than 13 digits."


@dataclass(frozen=True)
class RecordedAdjustment:
    period_start: date
    amount: Decimal
    note: str


def check_leader(session: Session, *, leader_id: int) -> Person:
    """The leader, or ``NotAllowed`` for anyone whose reports do not manage teams."""
    return _leader_in(stored_roster(session), session, leader_id=leader_id)


def _leader_in(roster: Roster, session: Session, *, leader_id: int) -> Person:
    leader = session.get(Person, leader_id)
    if leader is None or not leader.active or Role.LEADER not in roster.roles(leader.email):
        raise NotAllowed(LEADERS_ONLY)
    return leader


def adjustable_period(session: Session, *, leader_id: int, now: datetime) -> date:
    """The forecast period a leader adjusts today: the latest one their managers' forecasts
    have begun (in the leader's local date), else the current week."""
    roster = stored_roster(session)
    leader = _leader_in(roster, session, leader_id=leader_id)
    today = to_local(now, leader.timezone).date()
    team = {p.email.lower() for p in roster.subtree(leader.email)}
    ids = [row.id for email, row in people_rows.all_by_email(session).items() if email in team]
    found = actuals.latest_forecast_period(session, subject_ids=ids, on_or_before=today)
    return found or week_start(today)


def record_adjustment(
    session: Session,
    *,
    leader_id: int,
    period_start: date,
    amount: Decimal,
    note: str,
    now: datetime,
) -> RecordedAdjustment:
    """Store the leader's call for the period; the latest one per leader and period stands."""
    check_leader(session, leader_id=leader_id)
    text = note.strip()
    if not text:
        raise InvalidSubmission(NOTE_REQUIRED)
    # Signed: a leader may raise the call (pull-ins) or cut it (a haircut on risky deals).
    if not amount.is_finite() or not fits_money_column(amount):
        raise InvalidSubmission(AMOUNT_RULE)
    actuals.add(
        session,
        leader_id=leader_id,
        period_start=period_start,
        amount=amount,
        note=text,
        created_at=now,
    )
    return RecordedAdjustment(period_start, amount, text)


def standing_adjustment(
    session: Session, *, leader_id: int, period_start: date
) -> RecordedAdjustment | None:
    """The leader's call that stands for the period, to show when they change it."""
    row = actuals.latest(session, leader_id=leader_id, period_start=period_start)
    return RecordedAdjustment(row.period_start, row.amount, row.note) if row else None
