"""Queries about occurrences and the cadences they belong to: planning inserts occurrences
idempotently, closing finds the overdue."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.orm import Session, selectinload

from bot.domain.occurrence import FINAL_STATUSES, OccurrenceStatus
from bot.persistence.database import dialect_insert
from bot.persistence.models import Cadence, Occurrence
from bot.persistence.models.occurrences import NO_COUNTERPART

# (cadence id, subject id, counterpart id or NO_COUNTERPART, period start): unique per row.
NaturalKey = tuple[str, int, int, date]

_NATURAL_KEY_COLUMNS = ["cadence_id", "subject_id", "counterpart_key", "period_start"]


def natural_key(
    *, cadence_id: str, subject_id: int, counterpart_id: int | None, period_start: date
) -> NaturalKey:
    return (cadence_id, subject_id, counterpart_id or NO_COUNTERPART, period_start)


def key_of(occurrence: Occurrence) -> NaturalKey:
    return (
        occurrence.cadence_id,
        occurrence.subject_id,
        occurrence.counterpart_key,
        occurrence.period_start,
    )


def insert_if_absent(
    session: Session,
    *,
    key: NaturalKey,
    window: tuple[datetime, datetime, datetime],
    tz: str,
    status: OccurrenceStatus,
    excused_reason: str | None = None,
) -> int | None:
    """Insert the occurrence unless its natural key exists; its id, or None when it existed.

    ``ON CONFLICT DO NOTHING`` makes a concurrent planner wait for the first one's commit and
    then skip the row instead of failing its whole transaction. ``window`` is
    ``(opens_at, due_at, closes_at)``.
    """
    cadence_id, subject_id, counterpart_key, period_start = key
    opens_at, due_at, closes_at = window
    statement = (
        dialect_insert(session, Occurrence)
        .values(
            cadence_id=cadence_id,
            subject_id=subject_id,
            counterpart_id=counterpart_key or None,
            counterpart_key=counterpart_key,
            period_start=period_start,
            opens_at=opens_at,
            due_at=due_at,
            closes_at=closes_at,
            tz=tz,
            status=status,
            excused_reason=excused_reason,
        )
        .on_conflict_do_nothing(index_elements=_NATURAL_KEY_COLUMNS)
        .returning(Occurrence.id)
    )
    return session.scalar(statement)


def window_overlaps(start: datetime, end: datetime) -> ColumnElement[bool]:
    """The occurrence's window [opens, closes) overlaps [start, end)."""
    return and_(Occurrence.opens_at < end, Occurrence.closes_at > start)


def overlapping(
    session: Session, *, start: datetime, end: datetime
) -> dict[NaturalKey, Occurrence]:
    """Every occurrence whose window overlaps [start, end), by natural key."""
    rows = session.scalars(select(Occurrence).where(window_overlaps(start, end)))
    return {key_of(row): row for row in rows}


def overdue(session: Session, *, now: datetime) -> list[Occurrence]:
    """Occurrences whose window has closed but which are not final yet, with their people."""
    return list(
        session.scalars(
            select(Occurrence)
            .options(selectinload(Occurrence.subject), selectinload(Occurrence.counterpart))
            .where(Occurrence.closes_at <= now, Occurrence.status.not_in(FINAL_STATUSES))
            .order_by(Occurrence.closes_at, Occurrence.id)
        )
    )


def open_scheduled(session: Session, *, now: datetime) -> int:
    """``scheduled → open`` for every occurrence whose window has opened; returns how many."""
    result = session.execute(
        update(Occurrence)
        .where(Occurrence.status == OccurrenceStatus.SCHEDULED, Occurrence.opens_at <= now)
        .values(status=OccurrenceStatus.OPEN)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def all_by_id(session: Session) -> dict[str, Cadence]:
    return {c.id: c for c in session.scalars(select(Cadence))}


def active_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Cadence.id).where(Cadence.active.is_(True))))
