"""Reps' ratings of the coaching they received."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.persistence.base import Base, UtcDateTime


class CoachingRating(Base):
    """A rep's view of the coaching their manager gave in one period.

    One rating per rep, manager and period: answering again replaces the answer. Private: a
    manager never sees an individual row; aggregates are shown only when enough reps answered.
    ``usefulness`` (1 to 5) is empty when no coaching was received.
    """

    __tablename__ = "coaching_ratings"
    __table_args__ = (
        UniqueConstraint("rep_id", "manager_id", "period_start"),
        CheckConstraint("usefulness BETWEEN 1 AND 5", name="usefulness_range"),
        # A manager's ratings in a window (the digest's coaching month); the unique constraint
        # leads with rep_id and cannot serve it.
        Index("ix_coaching_ratings_manager_period", "manager_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id"))
    rep_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    period_start: Mapped[date] = mapped_column(Date)
    received_coaching: Mapped[bool]
    usefulness: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CoachingMonthLine(Base):
    """One person's place in the reporting lines a coaching month closed with.

    Written once per month (natural key: month and person), as the month closes (the digest
    tick) or when an output first reads it after, and never changed: every output groups that
    month's ratings by these lines, not by today's roster, so a later move or departure cannot
    regroup (and so reveal) what was published. Emails, not person ids: someone who left keeps
    their place.
    """

    __tablename__ = "coaching_month_lines"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    reports_to: Mapped[str | None] = mapped_column(String(320))
