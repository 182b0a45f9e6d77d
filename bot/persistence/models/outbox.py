"""The outbox: every message the bot sends is a row here first."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.persistence.base import Base, CreatedAtMixin, UtcDateTime, enum_column_type


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class OutboxMessage(CreatedAtMixin, Base):
    """One DM, reminder, escalation, message update or digest to one recipient.

    Lifecycle: ``pending → sending → sent | failed``, or ``pending → cancelled`` (e.g. the
    reminders of an occurrence that got done). A dispatcher claims a due ``pending`` row by
    setting ``sending`` with a lease (``lease_owner``, ``lease_expires_at``); a row whose lease
    expired may be claimed again, so a crashed sender loses nothing. ``attempts`` counts sends.

    ``dedupe_key`` makes planning idempotent: ``occ:<occurrence id>:<key>`` (``key`` as in
    ``open`` or ``reminder:24h``) for occurrence messages, ``digest:<digest run id>`` for digests.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_messages_state_send_after", "state", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    purpose: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id"), index=True)
    digest_run_id: Mapped[int | None] = mapped_column(ForeignKey("digest_runs.id"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    send_after: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[OutboxState] = mapped_column(
        enum_column_type(OutboxState, "outbox_state"), default=OutboxState.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    slack_channel: Mapped[str | None] = mapped_column(String(32))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the message was given up on: `cadence-bot status` counts the last 24 h of failures.
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
