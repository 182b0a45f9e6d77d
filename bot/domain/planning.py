"""What the schedule engine produces: expected occurrences and the messages each one implies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.cadence import Kind
from bot.domain.messages import MessagePurpose


@dataclass(frozen=True)
class PlannedMessage:
    """One message to one recipient at one instant (UTC), planned in the recipient's zone.

    ``key`` is unique within an occurrence (``open``, ``reminder:24h``, ``escalation``) so a
    re-plan can match the message it already stored.
    """

    purpose: MessagePurpose
    key: str
    recipient: str
    at: datetime
    tz: str


@dataclass(frozen=True)
class PlannedOccurrence:
    """One expected instance of a cadence for a subject (and counterpart) in one period.

    Natural key: ``(cadence_id, subject, counterpart, period_start)``; ``period_start`` is the
    subject's local date the period begins on. ``excused`` occurrences carry no nudges and never
    count as missed.
    """

    cadence_id: str
    kind: Kind
    subject: str
    counterpart: str | None
    period_start: date
    opens_at: datetime
    due_at: datetime
    closes_at: datetime
    tz: str
    excused_reason: str | None = None
    messages: tuple[PlannedMessage, ...] = field(default=())

    @property
    def excused(self) -> bool:
        return self.excused_reason is not None

    @property
    def natural_key(self) -> tuple[str, str, str | None, date]:
        return (self.cadence_id, self.subject, self.counterpart, self.period_start)


@dataclass(frozen=True)
class PlannedDigest:
    """The weekly digest for one leader; ``week_start`` is the Monday of the leader's local week."""

    leader: str
    week_start: date
    at: datetime
    tz: str
