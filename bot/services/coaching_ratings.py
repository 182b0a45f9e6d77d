"""A rep's rating of the coaching their own manager gave them in a period.

Who may rate whom: a rep (someone nobody reports to) rates the person they report to, and no
one else. Managers and leaders do not rate their own leader (see SECURITY.md): the coaching gap
is about the coaching reps get, and a leader's few managers would blur it.

One rating per rep, manager and period; answering again replaces the answer until the period
closes (``coaching_periods``): a closed period takes no new or changed answer, so what was
published for it never changes. Nothing here reads anyone's rating but the rep's own:
aggregates are the analytics' business, above a threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.domain.adherence import week_start
from bot.domain.cadence import Kind
from bot.domain.coaching_periods import accepts_ratings, period_of
from bot.domain.recurrence import to_local
from bot.domain.submissions import USEFULNESS_SCALE, CoachingRatingInput, usefulness_required
from bot.persistence.models import CoachingRating, Occurrence, Person
from bot.persistence.repositories import my_items, people, ratings
from bot.services.errors import InvalidSubmission, NotAllowed
from bot.services.outcomes import mark_done, own_occurrence

NO_MANAGER = "You have no manager on the roster, so there is no coaching to rate."
NOT_YOUR_MANAGER = "You can only rate the coaching of your own manager."
NOT_A_REP = (
    "Coaching ratings are how reps rate their own manager. You lead a team, so your reps rate "
    "you; Cadence does not ask managers to rate their leader."
)
PERIOD_CLOSED = (
    "The coaching results for {month} are final, so that period takes no more answers. "
    "Type `/rate-coaching` to rate the coaching you get now."
)


@dataclass(frozen=True)
class RatingPeriod:
    """The period a rating is about: the coaching pulse's (the given one, else the rep's open
    one), or without a pulse the rep's current week."""

    start: date
    end: date
    occurrence: Occurrence | None = None


@dataclass(frozen=True)
class RatingForm:
    """What the rep's form opens with: whom and which period they rate, and their own answer."""

    manager_name: str
    period: RatingPeriod
    own_answer: CoachingRating | None


def rating_form(
    session: Session, *, rep_id: int, now: datetime, occurrence_id: int | None = None
) -> RatingForm:
    rep = _rep(session, rep_id)
    manager = _own_manager(rep)
    period = _open_period(session, rep=rep, now=now, occurrence_id=occurrence_id)
    answer = ratings.own_rating(
        session, rep_id=rep.id, manager_id=manager.id, period_start=period.start
    )
    return RatingForm(manager.name, period, answer)


def rate_coaching(
    session: Session,
    *,
    rep_id: int,
    input: CoachingRatingInput,
    now: datetime,
    occurrence_id: int | None = None,
    manager_id: int | None = None,
) -> int:
    """Store the rep's answer about their manager (``manager_id``, if given, must be them).

    Returns the rating's id. Answering a coaching pulse also closes it.
    """
    _check(input)
    rep = _rep(session, rep_id)
    manager = _own_manager(rep, manager_id)
    period = _open_period(session, rep=rep, now=now, occurrence_id=occurrence_id)
    rating_id = ratings.save(
        session,
        rep_id=rep.id,
        manager_id=manager.id,
        period_start=period.start,
        occurrence_id=period.occurrence.id if period.occurrence else None,
        received_coaching=input.received_coaching,
        # Without coaching there is nothing to rate.
        usefulness=input.usefulness if input.received_coaching else None,
        comment=input.comment,
        submitted_at=now,
    )
    if period.occurrence is not None:
        # A changed answer needs no new "done" DM: the first one already thanked the rep.
        mark_done(session, period.occurrence, by_id=rep.id, now=now, submission_key="rating")
    return rating_id


def _rep(session: Session, rep_id: int) -> Person:
    rep = session.get(Person, rep_id)
    if rep is None or not rep.active:
        raise NotAllowed(NO_MANAGER)
    if rep.reports_to is not None and people.direct_reports(session, rep.id):
        raise NotAllowed(NOT_A_REP)
    return rep


def _own_manager(rep: Person, manager_id: int | None = None) -> Person:
    if rep.reports_to is None:
        raise NotAllowed(NO_MANAGER)
    if manager_id is not None and manager_id != rep.reports_to.id:
        raise NotAllowed(NOT_YOUR_MANAGER)
    return rep.reports_to


def _open_period(
    session: Session, *, rep: Person, now: datetime, occurrence_id: int | None
) -> RatingPeriod:
    """The period rated, refused once its results are final."""
    period = _period(session, rep=rep, now=now, occurrence_id=occurrence_id)
    if not accepts_ratings(period.start, now=now):
        month = period_of(period.start).start
        raise NotAllowed(PERIOD_CLOSED.format(month=f"{month:%B %Y}"))
    return period


def _period(
    session: Session, *, rep: Person, now: datetime, occurrence_id: int | None
) -> RatingPeriod:
    if occurrence_id is None:
        pulse = my_items.open_of_kind(session, person_id=rep.id, kind=Kind.COACHING_PULSE, now=now)
        if pulse is None:
            today = to_local(now, rep.timezone).date()
            return RatingPeriod(week_start(today), today)
        occurrence_id = pulse.id
    occurrence = own_occurrence(
        session, occurrence_id=occurrence_id, person_id=rep.id, kinds={Kind.COACHING_PULSE}
    )
    end = to_local(occurrence.due_at, occurrence.tz).date()
    return RatingPeriod(occurrence.period_start, end, occurrence)


def _check(input: CoachingRatingInput) -> None:
    if input.usefulness is not None and input.usefulness not in USEFULNESS_SCALE:
        raise InvalidSubmission("Usefulness is rated from 1 to 5.")
    if usefulness_required(received_coaching=input.received_coaching, usefulness=input.usefulness):
        raise InvalidSubmission("Say how useful the coaching was, from 1 to 5.")
