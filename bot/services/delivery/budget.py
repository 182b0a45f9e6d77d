"""Never overdone: merge a person's due nudges into one DM when they would pass the budget.

Runs right before the dispatcher claims its batch. For each person with several opens or
reminders due now, it counts the DMs already sent to them today (their local day); if sending
the due ones separately would take them past ``daily_budget``, the due rows are cancelled
("merged") and one ``merged_nudges`` message lists every item with its buttons.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.dm_budget import merge_plan
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.recurrence import to_local
from bot.persistence.models import Person
from bot.persistence.repositories import nudge_budget as rows
from bot.persistence.repositories import outbox
from bot.services.delivery.hours import send_at

# An escalation is about someone else's item, so it never merges (it still counts as a DM).
MERGEABLE = (MessagePurpose.OPEN, MessagePurpose.REMINDER)
MERGED = "merged into one DM"


def merge_over_budget(
    session: Session,
    *,
    budget: int,
    now: datetime,
    operating_system: OperatingSystem | None = None,
) -> int:
    """Queue a merged DM for each person over budget; returns how many were queued."""
    due: dict[int, list[rows.DueNudge]] = {}
    for nudge in rows.due_nudges(session, purposes=MERGEABLE, now=now):
        due.setdefault(nudge.recipient_id, []).append(nudge)
    queued = 0
    for recipient_id, nudges in due.items():
        if len(nudges) < 2:
            continue  # one nudge merges with nothing
        person = session.get(Person, recipient_id)
        if person is None:
            continue
        local = to_local(now, person.timezone)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        sent = rows.sent_since(session, recipient_id, midnight)
        for group in merge_plan(nudges, sent_today=sent, budget=budget):
            if len(group) > 1:
                at = send_at(
                    operating_system, recipient=person, purpose=MessagePurpose.MERGED_NUDGES, at=now
                )
                queued += _merge(session, recipient_id, group, at=at or now)
    return queued


def _merge(
    session: Session, recipient_id: int, group: list[rows.DueNudge], *, at: datetime
) -> bool:
    absorbed = rows.absorb(session, [n.id for n in group], reason=MERGED)
    if not absorbed:
        return False
    # An item with an open and a reminder both due is listed once.
    occurrence_ids = list(dict.fromkeys(n.occurrence_id for n in absorbed))
    key = f"merged:{absorbed[0].id}"
    outbox.enqueue(
        session,
        dedupe_key=key,
        purpose=MessagePurpose.MERGED_NUDGES,
        key=MessagePurpose.MERGED_NUDGES.value,
        recipient_id=recipient_id,
        send_after=at,
        payload={"occurrence_ids": occurrence_ids, "outbox_ids": [n.id for n in absorbed]},
    )
    merged_id = outbox.id_of(session, key)
    if merged_id is None:
        return False
    rows.mark_merged(session, [n.id for n in absorbed], merged_id=merged_id)
    return True
