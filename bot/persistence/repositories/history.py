"""The history the digest's metrics are computed from, read in a few set-based queries.

Every query takes the people it is about as ``{person id: email}`` (one ``IN`` list, no query
per person) and a window of dates, so it reads the same handful of rows whether the database
holds one quarter or five years. Rows come back as the domain's plain types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, bindparam, select
from sqlalchemy.orm import Session

from bot.domain.adherence import OccurrenceOutcome
from bot.domain.cadence import Kind
from bot.domain.coaching import LoggedOneOnOne, RepRating
from bot.domain.forecast_results import Actual, ForecastDue, ForecastHistory
from bot.domain.forecast_rollup import ForecastEntry, LeaderAdjustment
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.outcome_tally import OutcomeTally
from bot.persistence.models import (
    Cadence,
    CoachingRating,
    ForecastActual,
    ForecastAdjustment,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
)
from bot.persistence.plain_rows import plain_rows

People = Mapping[int, str]
# A period starts on the subject's local date; its due instant is never more than this before
# that date's midnight in UTC. Bounding ``due_at`` lets the (subject, due_at) index do the work.
ZONE_SPREAD = timedelta(days=1)
# Ids per ``IN (...)`` list, to keep a statement short whatever the size of the organisation.
IN_CHUNK = 2000


def _due_from(first_day: date) -> datetime:
    return datetime.combine(first_day - ZONE_SPREAD, time.min, tzinfo=UTC)


def periods_starting(people: People, first_day: date, last_day: date) -> ColumnElement[bool]:
    """These subjects' occurrences whose period starts in ``[first_day, last_day]``."""
    return and_(
        Occurrence.subject_id.in_(people),
        Occurrence.due_at >= _due_from(first_day),
        Occurrence.period_start.between(first_day, last_day),
    )


def _rep_key(rep_id: int) -> str:
    # Aggregates only need to tell reps apart, not to know who they are.
    return f"rep:{rep_id}"


def outcomes(
    session: Session, *, people: People, first_day: date, last_day: date
) -> list[OccurrenceOutcome]:
    """Occurrences of these subjects whose period starts in ``[first_day, last_day]``."""
    rows = session.execute(
        select(
            Occurrence.subject_id,
            Occurrence.cadence_id,
            Occurrence.period_start,
            Occurrence.due_at,
            Occurrence.status,
            Occurrence.skip_reason,
        ).where(periods_starting(people, first_day, last_day))
    )
    return [
        OccurrenceOutcome(
            person=people[r.subject_id],
            cadence_id=r.cadence_id,
            period_start=r.period_start,
            due_at=r.due_at,
            status=r.status,
            skip_reason=r.skip_reason.value if r.skip_reason else None,
        )
        for r in rows
    ]


def forecasts(
    session: Session, *, people: People, first_day: date, last_day: date
) -> ForecastHistory:
    """These managers' forecast occurrences in the window, and every version submitted."""
    dues = plain_rows(
        session,
        select(
            Occurrence.id,
            Occurrence.subject_id,
            Occurrence.period_start,
            Occurrence.due_at,
            Occurrence.status,
        )
        .join(Cadence, Cadence.id == Occurrence.cadence_id)
        .where(Cadence.kind == Kind.FORECAST, periods_starting(people, first_day, last_day)),
    )
    return _with_versions(session, people, dues)


def outcomes_and_forecasts(
    session: Session, *, people: People, first_day: date, last_day: date
) -> tuple[OutcomeTally, ForecastHistory]:
    """``outcome_tally`` and ``forecasts`` of the same people and window, from one read of
    their occurrences: the forecast occurrences are among them, and reading the window twice
    was a sixth of a large digest's reads."""
    forecast_cadences = set(
        session.scalars(select(Cadence.id).where(Cadence.kind == Kind.FORECAST))
    )
    rows = plain_rows(
        session,
        select(
            Occurrence.id,
            Occurrence.subject_id,
            Occurrence.cadence_id,
            Occurrence.period_start,
            Occurrence.due_at,
            Occurrence.status,
            Occurrence.skip_reason,
        ).where(periods_starting(people, first_day, last_day)),
    )
    counted = OutcomeTally()
    counted.add(
        (people[subject_id], cadence_id, period_start, status, skip_reason and skip_reason.value)
        for _id, subject_id, cadence_id, period_start, _due_at, status, skip_reason in rows
    )
    dues = [
        (occurrence_id, subject_id, period_start, due_at, status)
        for occurrence_id, subject_id, cadence_id, period_start, due_at, status, _reason in rows
        if cadence_id in forecast_cadences
    ]
    return counted, _with_versions(session, people, dues)


def _with_versions(
    session: Session,
    people: People,
    dues: Sequence[tuple[int, int, date, datetime, OccurrenceStatus]],
) -> ForecastHistory:
    """The forecast history of these occurrences ``(id, subject id, period start, due at,
    status)``: each with every version submitted for it."""
    # Each occurrence's manager and period, by its id.
    due_of = {
        occurrence_id: (people[subject_id], period_start)
        for occurrence_id, subject_id, period_start, _due_at, _status in dues
    }
    # Versions are read by the occurrences just found (only forecast occurrences have any), not
    # by joining the window again: PostgreSQL misestimates that window and merge-joins every
    # forecast submission ever made. The ids are integers read from the database, rendered
    # inline: binding a thousand parameters costs more than the query.
    occurrence_ids = sorted(due_of)
    entries: list[ForecastEntry] = []
    for first in range(0, len(occurrence_ids), IN_CHUNK):
        chunk = occurrence_ids[first : first + IN_CHUNK]
        versions = plain_rows(
            session,
            select(
                ForecastSubmission.occurrence_id,
                ForecastSubmission.commit,
                ForecastSubmission.best_case,
                ForecastSubmission.pipeline,
                ForecastSubmission.submitted_at,
            )
            .where(
                ForecastSubmission.occurrence_id.in_(
                    bindparam("occurrence_ids", chunk, expanding=True, literal_execute=True)
                )
            )
            .order_by(ForecastSubmission.occurrence_id, ForecastSubmission.version),
        )
        entries += (
            ForecastEntry(*due_of[occurrence_id], commit, best_case, pipeline, submitted_at)
            for occurrence_id, commit, best_case, pipeline, submitted_at in versions
        )
    return ForecastHistory(
        dues=tuple(
            ForecastDue(people[subject_id], period_start, due_at, status)
            for _id, subject_id, period_start, due_at, status in dues
        ),
        entries=tuple(entries),
    )


def actuals(session: Session, *, people: People, first_day: date, last_day: date) -> list[Actual]:
    """These managers' actuals for periods overlapping ``[first_day, last_day]``."""
    rows = session.execute(
        select(
            ForecastActual.manager_id,
            ForecastActual.period_start,
            ForecastActual.period_end,
            ForecastActual.amount,
        ).where(
            ForecastActual.manager_id.in_(people),
            ForecastActual.period_end >= first_day,
            ForecastActual.period_start <= last_day,
        )
    )
    return [Actual(people[a.manager_id], a.period_start, a.period_end, a.amount) for a in rows]


def adjustments(
    session: Session, *, people: People, first_day: date, last_day: date
) -> list[LeaderAdjustment]:
    """Each of these leaders' standing adjustment per period: the latest one they recorded."""
    rows = session.execute(
        select(
            ForecastAdjustment.leader_id,
            ForecastAdjustment.period_start,
            ForecastAdjustment.amount,
            ForecastAdjustment.note,
        )
        .where(
            ForecastAdjustment.leader_id.in_(people),
            ForecastAdjustment.period_start.between(first_day, last_day),
        )
        .order_by(ForecastAdjustment.created_at, ForecastAdjustment.id)
    )
    latest = {(a.leader_id, a.period_start): a for a in rows}
    return [
        LeaderAdjustment(people[a.leader_id], a.period_start, a.amount, a.note)
        for a in latest.values()
    ]


def logged_one_on_ones(
    session: Session, *, people: People, first_day: date, end: date
) -> list[LoggedOneOnOne]:
    """1:1 notes these managers logged, held in ``[first_day, end)``, as of the day held."""
    rows = plain_rows(
        session,
        select(
            OneOnOneNote.manager_id,
            OneOnOneNote.rep_id,
            OneOnOneNote.held_on,
            OneOnOneNote.solution_type,
        ).where(
            OneOnOneNote.manager_id.in_(people),
            OneOnOneNote.held_on >= first_day,
            OneOnOneNote.held_on < end,
        ),
    )
    return [
        LoggedOneOnOne(people[manager_id], _rep_key(rep_id), held_on, solution_type)
        for manager_id, rep_id, held_on, solution_type in rows
    ]


def ratings(session: Session, *, people: People, first_day: date, end: date) -> list[RepRating]:
    """Ratings of these managers for periods starting in ``[first_day, end)``.

    For aggregation only (``coaching_gap_tree`` decides what may be shown); comments are not
    read, they are the rep's words and no aggregate shows them.
    """
    rows = plain_rows(
        session,
        select(
            CoachingRating.rep_id,
            CoachingRating.manager_id,
            CoachingRating.period_start,
            CoachingRating.received_coaching,
            CoachingRating.usefulness,
        ).where(
            CoachingRating.manager_id.in_(people),
            CoachingRating.period_start >= first_day,
            CoachingRating.period_start < end,
        ),
    )
    return [
        RepRating(
            rep=_rep_key(rep_id),
            manager=people[manager_id],
            period_start=period_start,
            received_coaching=received_coaching,
            usefulness=usefulness,
        )
        for rep_id, manager_id, period_start, received_coaching, usefulness in rows
    ]
