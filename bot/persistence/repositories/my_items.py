"""Queries about one person's occurrences: what is theirs to do, and how they have done."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, joinedload

from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.models import Cadence, Occurrence

NOT_STARTED = (OccurrenceStatus.SCHEDULED, OccurrenceStatus.OPEN)
SUBMITTED = (OccurrenceStatus.DONE_ON_TIME, OccurrenceStatus.DONE_LATE)
SOONEST_DUE = (Occurrence.due_at, Occurrence.id)
LATEST_DUE = (Occurrence.due_at.desc(), Occurrence.id.desc())


def _opened_by(now: datetime) -> ColumnElement[bool]:
    """Opened by ``now`` and not closed yet."""
    return and_(Occurrence.status.in_(NOT_STARTED), Occurrence.opens_at <= now)


def _submitted_by(now: datetime) -> ColumnElement[bool]:
    """Submitted, and its window still running: the answer may still be revised."""
    return and_(
        Occurrence.status.in_(SUBMITTED), Occurrence.opens_at <= now, Occurrence.closes_at > now
    )


def _involving(person_id: int) -> ColumnElement[bool]:
    return or_(Occurrence.subject_id == person_id, Occurrence.counterpart_id == person_id)


def locked_occurrence(session: Session, occurrence_id: int) -> Occurrence | None:
    """The occurrence, row-locked until commit so two saves of it run one after the other.

    SQLite ignores ``FOR UPDATE``; it has a single writer anyway.
    """
    return session.scalar(
        select(Occurrence)
        .where(Occurrence.id == occurrence_id)
        .options(joinedload(Occurrence.cadence), joinedload(Occurrence.counterpart))
        .with_for_update(of=Occurrence)
    )


def open_items(session: Session, *, person_id: int, now: datetime) -> Sequence[Occurrence]:
    """The person's occurrences that have opened and are not closed yet, soonest due first."""
    return session.scalars(
        select(Occurrence)
        .where(Occurrence.subject_id == person_id, _opened_by(now))
        .options(joinedload(Occurrence.cadence), joinedload(Occurrence.counterpart))
        .order_by(*SOONEST_DUE)
    ).all()


def open_of_kind(
    session: Session, *, person_id: int, kind: Kind, now: datetime
) -> Occurrence | None:
    """The person's open occurrence of this kind due soonest, e.g. for ``/cadence forecast``."""
    return session.scalar(
        select(Occurrence)
        .join(Cadence, Cadence.id == Occurrence.cadence_id)
        .where(Occurrence.subject_id == person_id, Cadence.kind == kind, _opened_by(now))
        .order_by(*SOONEST_DUE)
        .limit(1)
    )


def submitted_of_kind(
    session: Session, *, person_id: int, kind: Kind, now: datetime
) -> Occurrence | None:
    """The person's latest submitted occurrence of this kind whose window is still running."""
    return session.scalar(
        select(Occurrence)
        .join(Cadence, Cadence.id == Occurrence.cadence_id)
        .where(Occurrence.subject_id == person_id, Cadence.kind == kind, _submitted_by(now))
        .order_by(*LATEST_DUE)
        .limit(1)
    )


def submitted_one_on_one(
    session: Session, *, manager_id: int, rep_id: int, now: datetime
) -> Occurrence | None:
    """This manager's latest logged 1:1 with this rep whose window is still running."""
    return session.scalar(
        select(Occurrence)
        .where(
            Occurrence.subject_id == manager_id,
            Occurrence.counterpart_id == rep_id,
            _submitted_by(now),
        )
        .order_by(*LATEST_DUE)
        .limit(1)
    )


def open_one_on_one(
    session: Session, *, manager_id: int, rep_id: int, now: datetime
) -> Occurrence | None:
    """The open 1:1 occurrence of this manager with this rep, due soonest."""
    return session.scalar(
        select(Occurrence)
        .where(
            Occurrence.subject_id == manager_id,
            Occurrence.counterpart_id == rep_id,
            _opened_by(now),
        )
        .order_by(*SOONEST_DUE)
        .limit(1)
    )


def since(
    session: Session, *, person_ids: Collection[int], first_day: date
) -> Sequence[Occurrence]:
    """Every occurrence of these people whose period starts on or after ``first_day``."""
    return session.scalars(
        select(Occurrence)
        .where(Occurrence.subject_id.in_(person_ids), Occurrence.period_start >= first_day)
        .options(joinedload(Occurrence.cadence))
        .order_by(Occurrence.period_start, Occurrence.id)
    ).all()


def involving_between(
    session: Session, *, person_id: int, start: datetime, end: datetime
) -> Sequence[Occurrence]:
    """Not-yet-closed occurrences the person is subject or counterpart of, due in [start, end)."""
    return session.scalars(
        select(Occurrence)
        .where(
            _involving(person_id),
            Occurrence.status.in_(NOT_STARTED),
            Occurrence.due_at >= start,
            Occurrence.due_at < end,
        )
        .order_by(*SOONEST_DUE)
        .with_for_update()
    ).all()


def excused_after(
    session: Session, *, person_id: int, after: datetime, reasons: Collection[str]
) -> Sequence[Occurrence]:
    """Occurrences involving the person, excused for one of ``reasons``, due after ``after``."""
    return session.scalars(
        select(Occurrence)
        .where(
            _involving(person_id),
            Occurrence.status == OccurrenceStatus.EXCUSED,
            Occurrence.excused_reason.in_(reasons),
            Occurrence.due_at > after,
        )
        .with_for_update()
    ).all()
