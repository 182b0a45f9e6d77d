"""Queries about occurrences and the cadences they belong to: planning inserts occurrences
idempotently, closing finds the overdue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.orm import Session, selectinload

from bot.domain.occurrence import FINAL_STATUSES, OccurrenceStatus
from bot.persistence import bulk
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


class StoredWindow(NamedTuple):
    """What planning reads of a stored occurrence: its key, window and state, no ORM object."""

    id: int
    key: NaturalKey
    opens_at: datetime
    due_at: datetime
    closes_at: datetime
    status: OccurrenceStatus


class NewOccurrence(NamedTuple):
    key: NaturalKey
    window: tuple[datetime, datetime, datetime]  # opens_at, due_at, closes_at
    tz: str
    status: OccurrenceStatus
    excused_reason: str | None


def insert_many_if_absent(
    session: Session, occurrences: Sequence[NewOccurrence], *, now: datetime
) -> dict[NaturalKey, int]:
    """Insert those occurrences whose natural key is not stored; the new ids by key.

    All at once (``bot.persistence.bulk``) instead of a statement per row, which was what made
    a large first plan slow. RETURNING names each row's key, so skipped rows are simply absent.
    """
    if not occurrences:
        return {}
    columns = [
        "cadence_id",
        "subject_id",
        "counterpart_id",
        "counterpart_key",
        "period_start",
        "opens_at",
        "due_at",
        "closes_at",
        "tz",
        "status",
        "excused_reason",
    ]
    rows = (
        (*key[:2], key[2] or None, *key[2:], *window, tz, status, excused_reason)
        for key, window, tz, status, excused_reason in occurrences
    )
    inserted = bulk.insert_if_absent(
        session,
        Occurrence,
        columns,
        rows,
        unique=_NATURAL_KEY_COLUMNS,
        returning=["id", *_NATURAL_KEY_COLUMNS],
        constants={"created_at": now, "updated_at": now},
    )
    return {(r[1], r[2], r[3], r[4]): r[0] for r in inserted}


def excuse_many(session: Session, reasons: Mapping[int, str], *, now: datetime) -> None:
    """Excuse these occurrences (by id), each with its reason, in one executemany."""
    if not reasons:
        return
    session.execute(
        update(Occurrence),
        [
            {
                "id": occurrence_id,
                "status": OccurrenceStatus.EXCUSED,
                "excused_reason": reason,
                "updated_at": now,
            }
            for occurrence_id, reason in reasons.items()
        ],
    )


def window_overlaps(start: datetime, end: datetime) -> ColumnElement[bool]:
    """The occurrence's window [opens, closes) overlaps [start, end)."""
    return and_(Occurrence.opens_at < end, Occurrence.closes_at > start)


def overlapping(
    session: Session, *, start: datetime, end: datetime
) -> dict[NaturalKey, StoredWindow]:
    """Every occurrence whose window overlaps [start, end), by natural key, as plain rows:
    planning reads tens of thousands of them."""
    c = Occurrence.__table__.c
    rows = session.execute(
        select(
            c.id,
            c.cadence_id,
            c.subject_id,
            c.counterpart_key,
            c.period_start,
            c.opens_at,
            c.due_at,
            c.closes_at,
            c.status,
        ).where(c.opens_at < end, c.closes_at > start)
    )
    stored: dict[NaturalKey, StoredWindow] = {}
    for row in rows:
        key = (row.cadence_id, row.subject_id, row.counterpart_key, row.period_start)
        stored[key] = StoredWindow(row.id, key, row.opens_at, row.due_at, row.closes_at, row.status)
    return stored


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
        # The planner, its only caller, expires the session's objects when it is done.
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def all_by_id(session: Session) -> dict[str, Cadence]:
    return {c.id: c for c in session.scalars(select(Cadence))}


def cadences_added_at(session: Session) -> dict[str, datetime]:
    """When each active cadence was first synced from the config, by id."""
    rows = session.execute(select(Cadence.id, Cadence.created_at).where(Cadence.active.is_(True)))
    return {cadence_id: added for cadence_id, added in rows}


def active_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Cadence.id).where(Cadence.active.is_(True))))
