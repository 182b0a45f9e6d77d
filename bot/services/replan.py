"""Bring one stored, not-final occurrence in line with today's plan (see ``planner``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.messages import MessagePurpose, occurrence_excused
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedMessage, PlannedOccurrence
from bot.domain.replanning import cancel_reason, still_worth_sending, why_unplanned
from bot.persistence.models import Occurrence, OutboxMessage, OutboxState
from bot.persistence.repositories import nudges, outbox
from bot.persistence.repositories import people as people_rows

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
        session: Session,
        operating_system: OperatingSystem,
        *,
        now: datetime,
        report: PlanReport,
    ) -> None:
        self._session, self._operating_system, self._now, self.report = (
            session,
            operating_system,
            now,
            report,
        )
        everyone = people_rows.all_by_email(session)
        self._people = {p.id: p for p in everyone.values()}
        self._active = {email: p for email, p in everyone.items() if p.active}
        self._nudges: dict[int, list[OutboxMessage]] = {}

    def load_nudges(self, *, start: datetime, end: datetime) -> None:
        for message in nudges.of_occurrences_overlapping(self._session, start=start, end=end):
            assert message.occurrence_id is not None
            self._nudges.setdefault(message.occurrence_id, []).append(message)

    def reconcile(
        self, row: Occurrence, planned: PlannedOccurrence | None, *, first_planned: bool
    ) -> None:
        if planned is None:
            self._excuse(row, self._why_unplanned(row))
        elif planned.excused_reason is not None:
            self._excuse(row, planned.excused_reason)
        else:
            self._sync_nudges(row, planned, first_planned=first_planned)

    def _why_unplanned(self, row: Occurrence) -> str:
        subject = self._people[row.subject_id]
        counterpart = self._people[row.counterpart_id] if row.counterpart_id else None
        return why_unplanned(
            self._operating_system,
            cadence_id=row.cadence_id,
            subject=subject.email,
            counterpart=counterpart.email if counterpart else None,
            everyone_active=subject.active and (counterpart is None or counterpart.active),
        )

    def _excuse(self, row: Occurrence, reason: str) -> None:
        row.status, row.excused_reason = OccurrenceStatus.EXCUSED, reason
        self.report.excused += 1
        pending = [m.id for m in self._nudges.get(row.id, []) if m.state is OutboxState.PENDING]
        self.report.messages_cancelled += nudges.cancel(
            self._session, pending, reason=occurrence_excused(reason)
        )

    def _sync_nudges(
        self, row: Occurrence, planned: PlannedOccurrence, *, first_planned: bool
    ) -> None:
        stored = self._nudges.get(row.id, [])
        wanted = self._wanted(row, planned)
        for row_message in stored:
            if row_message.state is OutboxState.PENDING and row_message.dedupe_key not in wanted:
                self.report.messages_cancelled += nudges.cancel(
                    self._session, [row_message.id], reason=cancel_reason(row_message.purpose)
                )
        escalations = [m for m in stored if m.purpose == MessagePurpose.ESCALATION]
        replaces_unsent = bool(escalations) and all(m.state in _UNSENT for m in escalations)
        known = {m.dedupe_key for m in stored}
        for dedupe_key, (message, recipient_id) in wanted.items():
            if dedupe_key in known or not still_worth_sending(
                message,
                now=self._now,
                due_at=row.due_at,
                first_planned=first_planned,
                replaces_unsent_escalation=replaces_unsent,
            ):
                continue
            self.report.messages_enqueued += outbox.enqueue(
                self._session,
                dedupe_key=dedupe_key,
                purpose=message.purpose,
                key=message.key,
                recipient_id=recipient_id,
                send_after=message.at,
                occurrence_id=row.id,
            )

    def _wanted(
        self, row: Occurrence, planned: PlannedOccurrence
    ) -> dict[str, tuple[PlannedMessage, int]]:
        """The planned messages by dedupe key; an escalation's key names its recipient."""
        wanted: dict[str, tuple[PlannedMessage, int]] = {}
        for message in planned.messages:
            recipient = self._active.get(message.recipient.lower())
            if recipient is None:
                self.report.not_synced.add(message.recipient)
                continue
            dedupe_key = f"occ:{row.id}:{message.key}"
            if message.purpose is MessagePurpose.ESCALATION:
                dedupe_key += f":{recipient.id}"
            wanted[dedupe_key] = (message, recipient.id)
        return wanted
