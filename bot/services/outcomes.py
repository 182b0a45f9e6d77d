"""What closing an occurrence implies: its status, its pending nudges, and its original DM.

Every way an occurrence closes (done, skipped, excused) cancels the nudges that lost their point
and queues a ``done_update`` so the dispatcher edits the original nudge in place.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.messages import NUDGE_PURPOSES, CancelReason, MessagePurpose
from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.models import ActivitySubmission, ForecastSubmission, Occurrence
from bot.persistence.repositories import my_items, outbox
from bot.services.errors import AlreadyClosed, NotAllowed

NOT_YOURS = "This isn't one of your items, so you can't change it."


@dataclass(frozen=True)
class Recorded:
    """What a saved submission became: its row, its version and the occurrence's status."""

    submission_id: int
    version: int
    status: OccurrenceStatus | None


def own_occurrence(
    session: Session, *, occurrence_id: int, person_id: int, kinds: Collection[Kind]
) -> Occurrence:
    """The person's own occurrence of one of ``kinds``, locked for the rest of the transaction."""
    occurrence = my_items.locked_occurrence(session, occurrence_id)
    if occurrence is None or occurrence.subject_id != person_id:
        raise NotAllowed(NOT_YOURS)
    if occurrence.cadence.kind not in kinds:
        raise NotAllowed(f"“{occurrence.cadence.title or occurrence.cadence_id}” is not that form.")
    return occurrence


def completion_status(*, due_at: datetime, now: datetime) -> OccurrenceStatus:
    return OccurrenceStatus.DONE_ON_TIME if now <= due_at else OccurrenceStatus.DONE_LATE


def mark_done(
    session: Session,
    occurrence: Occurrence,
    *,
    by_id: int,
    now: datetime,
    submission_key: str,
) -> None:
    """Done on time or late; an edit keeps the first completion (editing is not redoing).

    A skipped, excused or missed occurrence that gets submitted anyway becomes done: the work
    happened, and that is what adherence should show.
    """
    if not occurrence.status.is_done:
        occurrence.status = completion_status(due_at=occurrence.due_at, now=now)
        occurrence.completed_at = now
        occurrence.completed_by_id = by_id
        occurrence.skip_reason = occurrence.skip_note = occurrence.excused_reason = None
    announce(
        session,
        occurrence,
        key=f"done:{submission_key}",
        now=now,
        payload={"outcome": "done"},
        reason=CancelReason.OCCURRENCE_DONE,
    )


def record_submission(
    session: Session,
    occurrence: Occurrence,
    submission: ForecastSubmission | ActivitySubmission,
    *,
    by_id: int,
    now: datetime,
) -> Recorded:
    """Add ``submission`` (the occurrence's next version) and close the occurrence with it."""
    session.add(submission)
    session.flush()
    mark_done(session, occurrence, by_id=by_id, now=now, submission_key=str(submission.version))
    return Recorded(submission.id, submission.version, occurrence.status)


def ensure_not_closed(occurrence: Occurrence) -> None:
    if occurrence.status.is_final:
        raise AlreadyClosed(f"This item is already {occurrence.status.value.replace('_', ' ')}.")


def announce(
    session: Session,
    occurrence: Occurrence,
    *,
    key: str,
    now: datetime,
    payload: dict[str, Any],
    reason: CancelReason,
) -> None:
    """Cancel the occurrence's pending nudges and queue the edit of its original DM."""
    session.flush()
    outbox.cancel_pending(
        session,
        occurrence_id=occurrence.id,
        purposes=NUDGE_PURPOSES,
        reason=reason,
    )
    outbox.enqueue(
        session,
        dedupe_key=f"occ:{occurrence.id}:{key}",
        purpose=MessagePurpose.DONE_UPDATE,
        key=key,
        recipient_id=occurrence.subject_id,
        send_after=now,
        occurrence_id=occurrence.id,
        payload=payload,
    )
