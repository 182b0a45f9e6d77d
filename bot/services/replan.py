"""Bring stored, not-final occurrences in line with today's plan (see ``planner``).

Decisions are collected per occurrence, then written at once by ``apply``: one executemany
for the excuses, one UPDATE per cancel reason, one executemany for the new nudges.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.messages import MessagePurpose, occurrence_excused
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedMessage, PlannedOccurrence
from bot.domain.replanning import cancel_reason, still_worth_sending, why_unplanned
from bot.persistence.models import OutboxState
from bot.persistence.repositories import nudges, outbox
from bot.persistence.repositories import occurrences as occurrence_rows
from bot.persistence.repositories.nudges import StoredNudge
from bot.persistence.repositories.occurrences import StoredWindow
from bot.persistence.repositories.outbox import NewNudge
from bot.persistence.repositories.people import PersonRecord

_UNSENT = (OutboxState.PENDING, OutboxState.CANCELLED, OutboxState.FAILED)


@dataclass
class PlanReport:
    occurrences_added: int = 0
    excused: int = 0  # stored excused, or excused by this re-plan
    opened: int = 0
    messages_enqueued: int = 0
    messages_cancelled: int = 0
    not_synced: set[str] = field(default_factory=set)  # emails and cadence ids: run the sync


class Replan:
    def __init__(
        self,
        operating_system: OperatingSystem,
        *,
        now: datetime,
        report: PlanReport,
        people: Iterable[PersonRecord],
    ) -> None:
        self._operating_system, self._now, self.report = operating_system, now, report
        self._people = {p.id: p for p in people}
        self._active = {p.email: p.id for p in self._people.values() if p.active}
        self._nudges: dict[int, list[StoredNudge]] = {}
        self._excused: dict[int, str] = {}
        self._cancelled: dict[str, list[int]] = {}
        self._enqueued: list[NewNudge] = []

    def load_nudges(self, stored: Iterable[StoredNudge]) -> None:
        for message in stored:
            self._nudges.setdefault(message.occurrence_id, []).append(message)

    def reconcile(
        self, row: StoredWindow, planned: PlannedOccurrence | None, *, first_planned: bool
    ) -> None:
        if planned is None:
            self._excuse(row, self._why_unplanned(row))
        elif planned.excused_reason is not None:
            self._excuse(row, planned.excused_reason)
        else:
            self._sync_nudges(row, planned, first_planned=first_planned)

    def apply(self, session: Session) -> None:
        """Write every decision taken since the last ``apply``."""
        occurrence_rows.excuse_many(session, self._excused, now=self._now)
        for reason, ids in self._cancelled.items():
            self.report.messages_cancelled += nudges.cancel(session, ids, reason=reason)
        self.report.messages_enqueued += outbox.enqueue_many(session, self._enqueued, now=self._now)
        self._excused, self._cancelled, self._enqueued = {}, {}, []

    def _why_unplanned(self, row: StoredWindow) -> str:
        cadence_id, subject_id, counterpart_id, _ = row.key
        subject = self._people[subject_id]
        counterpart = self._people[counterpart_id] if counterpart_id else None
        return why_unplanned(
            self._operating_system,
            cadence_id=cadence_id,
            subject=subject.email,
            counterpart=counterpart.email if counterpart else None,
            everyone_active=subject.active and (counterpart is None or counterpart.active),
        )

    def _excuse(self, row: StoredWindow, reason: str) -> None:
        self._excused[row.id] = reason
        self.report.excused += 1
        pending = [m.id for m in self._nudges.get(row.id, []) if m.state is OutboxState.PENDING]
        self._cancel(pending, reason=occurrence_excused(reason))

    def _cancel(self, message_ids: list[int], *, reason: str) -> None:
        if message_ids:
            self._cancelled.setdefault(reason, []).extend(message_ids)

    def _sync_nudges(
        self, row: StoredWindow, planned: PlannedOccurrence, *, first_planned: bool
    ) -> None:
        stored = self._nudges.get(row.id, ())
        wanted = self._wanted(row, planned)
        for row_message in stored:
            if row_message.state is OutboxState.PENDING and row_message.dedupe_key not in wanted:
                self._cancel([row_message.id], reason=cancel_reason(row_message.purpose))
        escalations = [m for m in stored if m.purpose == MessagePurpose.ESCALATION]
        replaces_unsent = bool(escalations) and all(m.state in _UNSENT for m in escalations)
        known = {m.dedupe_key for m in stored} if stored else frozenset()
        for dedupe_key, (message, recipient_id) in wanted.items():
            if dedupe_key in known or not still_worth_sending(
                message,
                now=self._now,
                due_at=row.due_at,
                first_planned=first_planned,
                replaces_unsent_escalation=replaces_unsent,
            ):
                continue
            self._enqueued.append(
                NewNudge(
                    dedupe_key=dedupe_key,
                    purpose=message.purpose,
                    key=message.key,
                    recipient_id=recipient_id,
                    send_after=message.at,
                    occurrence_id=row.id,
                )
            )

    def _wanted(
        self, row: StoredWindow, planned: PlannedOccurrence
    ) -> dict[str, tuple[PlannedMessage, int]]:
        """The planned messages by dedupe key; an escalation's key names its recipient."""
        wanted: dict[str, tuple[PlannedMessage, int]] = {}
        for message in planned.messages:
            recipient_id = self._active.get(message.recipient.lower())
            if recipient_id is None:
                self.report.not_synced.add(message.recipient)
                continue
            dedupe_key = f"occ:{row.id}:{message.key}"
            if message.purpose is MessagePurpose.ESCALATION:
                dedupe_key += f":{recipient_id}"
            wanted[dedupe_key] = (message, recipient_id)
        return wanted
