"""Skipping an occurrence with a reason: it leaves the adherence denominator, visibly."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.messages import CancelReason
from bot.domain.occurrence import OccurrenceStatus, SkipReason
from bot.domain.submissions import SkipInput, skip_note_required
from bot.services.errors import InvalidSubmission
from bot.services.outcomes import announce, ensure_not_closed, own_occurrence

# A coaching pulse is the rep's to answer or ignore; there is nothing to excuse.
SKIPPABLE = frozenset(Kind) - {Kind.COACHING_PULSE}


def skip(
    session: Session,
    *,
    occurrence_id: int,
    person_id: int,
    input: SkipInput,
    now: datetime,
    accepted: Collection[SkipReason] = tuple(SkipReason),
) -> OccurrenceStatus:
    """``accepted``: the reasons the config accepts (``nudges.skip_reasons``); a skip with one
    never counts against the person."""
    if input.reason not in accepted:
        raise InvalidSubmission("That reason is not one of the accepted ones.")
    if skip_note_required(input.reason, input.note):
        raise InvalidSubmission("Say what happened when the reason is Other.")
    occurrence = own_occurrence(
        session, occurrence_id=occurrence_id, person_id=person_id, kinds=SKIPPABLE
    )
    ensure_not_closed(occurrence)
    occurrence.status = OccurrenceStatus.SKIPPED
    occurrence.skip_reason = input.reason
    occurrence.skip_note = input.note
    announce(
        session,
        occurrence,
        key="skipped",
        now=now,
        payload={"outcome": "skipped"},
        reason=CancelReason.OCCURRENCE_SKIPPED,
    )
    return occurrence.status
