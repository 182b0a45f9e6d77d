"""Claiming due outbox rows with a lease, and recording what became of each one.

A claim sets ``sending``, the lease and ``attempts + 1`` in one statement per engine, so two
dispatchers (threads or processes) can never both win a row. Every later write is conditional on
still holding the lease: a dispatcher whose lease expired and was taken over changes nothing.
The reads at the end are what a claimed message needs to be written: its occurrence, the people,
the submission.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Table, and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session, joinedload

from bot.domain.cadence import Kind
from bot.domain.messages import MessagePurpose
from bot.persistence.database import on_postgresql
from bot.persistence.models import (
    ActivitySubmission,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    OutboxMessage,
    OutboxState,
    Person,
    TeamMeetingNote,
)

_NO_LEASE: dict[str, Any] = {"lease_owner": None, "lease_expires_at": None}
# What composing a message reads of an occurrence; built once (building options costs).
_WITH_CADENCE_AND_PEOPLE = (
    joinedload(Occurrence.cadence),
    joinedload(Occurrence.subject),
    joinedload(Occurrence.counterpart),
)
# session.info key: each loaded occurrence's latest submission id (see load_for_delivery).
_LATEST_SUBMISSIONS = "outbox_dispatch.latest_submissions"


class Claim(NamedTuple):
    """A row this dispatcher now holds; ``attempts`` includes the current one."""

    id: int
    attempts: int
    send_after: datetime
    purpose: str


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.send_after <= now),
        and_(OutboxMessage.state == OutboxState.SENDING, OutboxMessage.lease_expires_at < now),
    )


def claim_due(
    session: Session, *, owner: str, now: datetime, lease: timedelta, limit: int
) -> list[Claim]:
    """Lease up to ``limit`` due rows (pending, or left by an expired lease), earliest first."""
    due = (
        select(OutboxMessage.id)
        .where(_due(now))
        .order_by(OutboxMessage.send_after, OutboxMessage.id)
        .limit(limit)
    )
    if on_postgresql(session):
        # Rows another dispatcher is claiming right now are skipped, not waited for.
        ids = list(session.scalars(due.with_for_update(skip_locked=True)))
        if not ids:
            return []
        target: Any = ids
    else:
        # SQLite has one writer at a time: the UPDATE below takes the write lock before its
        # sub-select runs, and repeats the due condition, so a row claimed meanwhile is not won.
        target = due.scalar_subquery()
    claimed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(target), _due(now))
        .values(
            state=OutboxState.SENDING,
            lease_owner=owner,
            lease_expires_at=now + lease,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(
            OutboxMessage.id,
            OutboxMessage.attempts,
            OutboxMessage.send_after,
            OutboxMessage.purpose,
        )
        .execution_options(synchronize_session=False)
    )
    return sorted((Claim(*row) for row in claimed), key=lambda c: (c.send_after, c.id))


def _finish(session: Session, claim_id: int, *, owner: str, **values: Any) -> bool:
    """End the claim with ``values`` if this owner still holds it; False when the lease was lost."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == claim_id,
            OutboxMessage.state == OutboxState.SENDING,
            OutboxMessage.lease_owner == owner,
        )
        .values(**values, **_NO_LEASE)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_sent_many(
    session: Session, sent: list[tuple[int, str, str]], *, owner: str, now: datetime
) -> set[int]:
    """Record a batch of sent rows, each ``(claim_id, channel, ts)``, in one statement run for
    every row; returns the ids recorded (those whose lease this owner still held)."""
    held = _held(session, [claim_id for claim_id, _, _ in sent], owner=owner) if sent else set()
    if not held:
        return held
    table: Table = OutboxMessage.__table__  # type: ignore[assignment]
    session.execute(
        update(table)
        .where(
            table.c.id == bindparam("claim_id"),
            # Repeated in the statement itself: a lease taken over meanwhile is not written.
            table.c.state == OutboxState.SENDING,
            table.c.lease_owner == owner,
        )
        .values(
            state=OutboxState.SENT,
            slack_channel=bindparam("sent_channel"),
            slack_ts=bindparam("sent_ts"),
            sent_at=now,
            error=None,
            **_NO_LEASE,
        ),
        [
            {"claim_id": claim_id, "sent_channel": channel, "sent_ts": ts}
            for claim_id, channel, ts in sent
            if claim_id in held
        ],
    )
    return held


def _held(session: Session, claim_ids: list[int], *, owner: str) -> set[int]:
    """Which of ``claim_ids`` this owner still holds, locked on PostgreSQL until the commit."""
    held = select(OutboxMessage.id).where(
        OutboxMessage.id.in_(claim_ids),
        OutboxMessage.state == OutboxState.SENDING,
        OutboxMessage.lease_owner == owner,
    )
    if on_postgresql(session):
        held = held.with_for_update()
    return set(session.scalars(held))


def mark_failed(session: Session, claim_id: int, *, owner: str, reason: str, now: datetime) -> bool:
    return _finish(
        session,
        claim_id,
        owner=owner,
        state=OutboxState.FAILED,
        error=reason,
        failed_at=now,
    )


def mark_cancelled(session: Session, claim_id: int, *, owner: str, reason: str) -> bool:
    return _finish(
        session,
        claim_id,
        owner=owner,
        state=OutboxState.CANCELLED,
        error=reason,
    )


def retry_later(
    session: Session, claim_id: int, *, owner: str, send_after: datetime, reason: str
) -> bool:
    """Back to pending after a failed try that counts as an attempt (it may have arrived)."""
    return _finish(
        session,
        claim_id,
        owner=owner,
        state=OutboxState.PENDING,
        send_after=send_after,
        error=reason,
    )


def release(
    session: Session, claim_ids: list[int], *, owner: str, send_after: datetime | None = None
) -> None:
    """Hand rows back untried (throttled, or waiting for a snooze): the attempt is refunded."""
    values: dict[str, Any] = {
        "state": OutboxState.PENDING,
        "attempts": OutboxMessage.attempts - 1,
        **_NO_LEASE,
    }
    if send_after is not None:
        values["send_after"] = send_after
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(claim_ids),
            OutboxMessage.state == OutboxState.SENDING,
            OutboxMessage.lease_owner == owner,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def sent_nudges(
    session: Session, *, occurrence_id: int, recipient_id: int
) -> list[tuple[str, str]]:
    """(channel, ts) of the open and reminder DMs this person got about the occurrence."""
    rows = session.execute(
        select(OutboxMessage.slack_channel, OutboxMessage.slack_ts)
        .where(
            OutboxMessage.occurrence_id == occurrence_id,
            OutboxMessage.recipient_id == recipient_id,
            OutboxMessage.state == OutboxState.SENT,
            OutboxMessage.purpose.in_([MessagePurpose.OPEN, MessagePurpose.REMINDER]),
        )
        .order_by(OutboxMessage.send_after)
    )
    return [(channel, ts) for channel, ts in rows if channel and ts]


def occurrence(session: Session, occurrence_id: int) -> Occurrence | None:
    """The occurrence with its cadence and people; no query when the session already holds it."""
    return session.get(Occurrence, occurrence_id, options=_WITH_CADENCE_AND_PEOPLE)


def load_for_delivery(session: Session, claim_ids: list[int]) -> list[object]:
    """Load a claimed batch into the session in a few queries: the rows, their occurrences
    (with cadence and people), every person a message names, and each occurrence's latest
    submission. ``session.get`` and ``latest_submission_id`` then answer from memory for the
    rest of the transaction, while the caller keeps the returned list (the session holds
    loaded objects weakly)."""
    rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(claim_ids))))
    occurrence_ids = {r.occurrence_id for r in rows if r.occurrence_id is not None}
    occurrences = (
        list(
            session.scalars(
                select(Occurrence)
                .where(Occurrence.id.in_(occurrence_ids))
                .options(*_WITH_CADENCE_AND_PEOPLE)
            ).unique()
        )
        if occurrence_ids
        else []
    )
    people_ids = {r.recipient_id for r in rows if r.recipient_id is not None} | {
        o.completed_by_id for o in occurrences if o.completed_by_id is not None
    }
    people = list(session.scalars(select(Person).where(Person.id.in_(people_ids))))
    latest: dict[int, int | None] = {o.id: None for o in occurrences}
    for kind in {o.cadence.kind for o in occurrences}:
        model = _submission_model(kind)
        if model is None:
            continue
        of_kind = [o.id for o in occurrences if o.cadence.kind == kind]
        for occurrence_id, submission_id in session.execute(
            select(model.occurrence_id, func.max(model.id))
            .where(model.occurrence_id.in_(of_kind))
            .group_by(model.occurrence_id)
        ):
            if occurrence_id is not None:
                latest[occurrence_id] = submission_id
    session.info[_LATEST_SUBMISSIONS] = latest
    return [*rows, *occurrences, *people]


def person(session: Session, person_id: int | None) -> Person | None:
    return session.get(Person, person_id) if person_id is not None else None


def latest_submission_id(session: Session, occurrence_id: int, kind: Kind) -> int | None:
    """The submission a done message's Edit button opens; None for kinds with nothing to edit."""
    loaded: dict[int, int | None] = session.info.get(_LATEST_SUBMISSIONS, {})
    if occurrence_id in loaded:
        return loaded[occurrence_id]
    model = _submission_model(kind)
    if model is None:
        return None
    found = session.scalar(select(func.max(model.id)).where(model.occurrence_id == occurrence_id))
    return int(found) if found is not None else None


def _submission_model(
    kind: Kind,
) -> type[ForecastSubmission | ActivitySubmission | OneOnOneNote | TeamMeetingNote] | None:
    match kind:
        case Kind.FORECAST:
            return ForecastSubmission
        case Kind.ACTIVITY:
            return ActivitySubmission
        case Kind.ONE_ON_ONE:
            return OneOnOneNote
        case Kind.TEAM_MEETING:
            return TeamMeetingNote
        case _:
            return None
