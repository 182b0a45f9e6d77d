"""Queries about one person's occurrences: what is theirs to do, and how they have done."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import BindParameter, ColumnElement, Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session, aliased, contains_eager, joinedload

from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.models import Cadence, Occurrence, Person

NOT_STARTED = (OccurrenceStatus.SCHEDULED, OccurrenceStatus.OPEN)
SUBMITTED = (OccurrenceStatus.DONE_ON_TIME, OccurrenceStatus.DONE_LATE)
SOONEST_DUE = (Occurrence.due_at, Occurrence.id)
LATEST_DUE = (Occurrence.due_at.desc(), Occurrence.id.desc())


def _opened_by(now: datetime | BindParameter[datetime]) -> ColumnElement[bool]:
    """Opened by ``now`` and not closed yet."""
    return and_(Occurrence.status.in_(NOT_STARTED), Occurrence.opens_at <= now)


def _submitted_by(now: datetime | BindParameter[datetime]) -> ColumnElement[bool]:
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


def _of_kind(when: ColumnElement[bool]) -> Select[Occurrence]:
    """The person's occurrences of a kind, ``when``, with their cadence."""
    return (
        select(Occurrence)
        .join(Cadence, Cadence.id == Occurrence.cadence_id)
        .where(
            Occurrence.subject_id == bindparam("person_id"),
            Cadence.kind == bindparam("kind"),
            when,
        )
        .options(contains_eager(Occurrence.cadence))
    )


# Built once (building costs more than running): they follow every `/cadence forecast`.
_OPEN_OF_KIND = _of_kind(_opened_by(bindparam("now"))).order_by(*SOONEST_DUE).limit(1)
_SUBMITTED_OF_KIND = _of_kind(_submitted_by(bindparam("now"))).order_by(*LATEST_DUE).limit(1)


def open_of_kind(
    session: Session, *, person_id: int, kind: Kind, now: datetime
) -> Occurrence | None:
    """The person's open occurrence of this kind due soonest, e.g. for ``/cadence forecast``."""
    return session.scalar(_OPEN_OF_KIND, {"person_id": person_id, "kind": kind, "now": now})


def submitted_of_kind(
    session: Session, *, person_id: int, kind: Kind, now: datetime
) -> Occurrence | None:
    """The person's latest submitted occurrence of this kind whose window is still running."""
    return session.scalar(_SUBMITTED_OF_KIND, {"person_id": person_id, "kind": kind, "now": now})


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


@dataclass(frozen=True)
class PastItem:
    """What an occurrence's adherence needs, read as a plain row."""

    subject_id: int
    cadence_id: str
    kind: Kind
    period_start: date
    due_at: datetime
    status: OccurrenceStatus
    skip_reason: str | None


# Built once: these follow every `/cadence status`, where building a statement costs more
# than running it.
_SINCE = (
    select(
        Occurrence.subject_id,
        Occurrence.cadence_id,
        Cadence.kind,
        Occurrence.period_start,
        Occurrence.due_at,
        Occurrence.status,
        Occurrence.skip_reason,
    )
    .join(Cadence, Cadence.id == Occurrence.cadence_id)
    .where(
        Occurrence.subject_id.in_(bindparam("person_ids", expanding=True)),
        Occurrence.period_start >= bindparam("first_day"),
    )
    .order_by(Occurrence.period_start, Occurrence.id)
)


def since(session: Session, *, person_ids: Collection[int], first_day: date) -> list[PastItem]:
    """Every occurrence of these people whose period starts on or after ``first_day``, oldest
    period first."""
    rows = session.execute(_SINCE, {"person_ids": list(person_ids), "first_day": first_day})
    return [PastItem(*row) for row in rows]


@dataclass(frozen=True)
class OpenItem:
    """An open occurrence as the person's status lists it, read as a plain row."""

    occurrence_id: int
    cadence_id: str
    kind: Kind
    cadence_title: str
    due_at: datetime
    counterpart_name: str | None


_COUNTERPART = aliased(Person)
_OPEN_ITEMS = (
    select(
        Occurrence.id,
        Occurrence.cadence_id,
        Cadence.kind,
        Cadence.title,
        Occurrence.due_at,
        _COUNTERPART.name,
    )
    .join(Cadence, Cadence.id == Occurrence.cadence_id)
    .outerjoin(_COUNTERPART, _COUNTERPART.id == Occurrence.counterpart_id)
    .where(Occurrence.subject_id == bindparam("person_id"), _opened_by(bindparam("now")))
    .order_by(*SOONEST_DUE)
)


def open_items(session: Session, *, person_id: int, now: datetime) -> list[OpenItem]:
    """The person's occurrences that have opened and are not closed yet, soonest due first."""
    rows = session.execute(_OPEN_ITEMS, {"person_id": person_id, "now": now})
    return [OpenItem(*row) for row in rows]


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
