"""Occurrences: the expected instances of each cadence, one per subject and period."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.domain.occurrence import OccurrenceStatus, SkipReason
from bot.persistence.base import Base, TimestampMixin, UtcDateTime, enum_column_type
from bot.persistence.models.cadences import Cadence
from bot.persistence.models.people import Person

# No person has id 0, so 0 stands for "no counterpart" in the natural key.
NO_COUNTERPART = 0


def _counterpart_key(context: DefaultExecutionContext) -> Any:
    # SQLAlchemy leaves get_current_parameters unannotated.
    parameters = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return parameters.get("counterpart_id") or NO_COUNTERPART


class Occurrence(TimestampMixin, Base):
    """One expected instance of a cadence for a subject (and counterpart, for a 1:1) in a period.

    Lifecycle: ``scheduled → open → done_on_time | done_late | skipped | excused | missed``; the
    last five are final. A skip always carries a reason, an excuse always says why, and a done
    occurrence records when it was completed.

    The natural key ``(cadence, subject, counterpart, period_start)`` is unique so planning is
    idempotent: a second plan run, or a second replica, inserts nothing new. SQL treats NULLs as
    distinct in a unique constraint (on SQLite and PostgreSQL alike), so the key uses
    ``counterpart_key`` — the counterpart's id, or 0 for none — instead of the nullable
    ``counterpart_id``. It is filled from ``counterpart_id`` on insert and a CHECK keeps the two
    in step.

    A manager's snooze is ``snoozed_until``: reminders due before it wait; nothing else changes.
    """

    __tablename__ = "occurrences"
    __table_args__ = (
        UniqueConstraint(
            "cadence_id",
            "subject_id",
            "counterpart_key",
            "period_start",
            name="uq_occurrences_natural_key",
        ),
        CheckConstraint(
            f"counterpart_key = coalesce(counterpart_id, {NO_COUNTERPART})",
            name="counterpart_key_matches",
        ),
        CheckConstraint("status != 'skipped' OR skip_reason IS NOT NULL", name="skip_has_reason"),
        CheckConstraint(
            "status != 'excused' OR excused_reason IS NOT NULL", name="excuse_has_reason"
        ),
        CheckConstraint(
            "status NOT IN ('done_on_time', 'done_late') OR completed_at IS NOT NULL",
            name="done_has_completed_at",
        ),
        CheckConstraint("opens_at <= due_at AND due_at <= closes_at", name="window_in_order"),
        Index("ix_occurrences_subject_due", "subject_id", "due_at"),
        Index("ix_occurrences_status_closes", "status", "closes_at"),
        Index("ix_occurrences_cadence_period", "cadence_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cadence_id: Mapped[str] = mapped_column(ForeignKey("cadences.id"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    counterpart_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    counterpart_key: Mapped[int] = mapped_column(default=_counterpart_key)
    period_start: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime)
    tz: Mapped[str] = mapped_column(String(64))
    status: Mapped[OccurrenceStatus] = mapped_column(
        enum_column_type(OccurrenceStatus, "occurrence_status"),
        default=OccurrenceStatus.SCHEDULED,
    )
    skip_reason: Mapped[SkipReason | None] = mapped_column(
        enum_column_type(SkipReason, "skip_reason")
    )
    skip_note: Mapped[str | None] = mapped_column(Text)
    excused_reason: Mapped[str | None] = mapped_column(String(200))
    snoozed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # The cadence's checklist when it was submitted, and what was ticked:
    # ``{"items": [...], "done": [...]}``; empty for a cadence without a checklist.
    checklist: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)

    cadence: Mapped[Cadence] = relationship()
    subject: Mapped[Person] = relationship(foreign_keys=[subject_id])
    counterpart: Mapped[Person | None] = relationship(foreign_keys=[counterpart_id])
