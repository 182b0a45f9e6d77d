"""What closes an occurrence: forecasts, 1:1 and team-meeting notes, activity answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

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
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from bot.domain.occurrence import SolutionType
from bot.domain.submissions import Focus
from bot.persistence.base import MONEY, Base, UtcDateTime, enum_column_type

if TYPE_CHECKING:
    from bot.persistence.models.action_items import ActionItem


class _OccurrenceVersion:
    """Append-only versions of what closes an occurrence: an edit inserts the next ``version``
    (1, 2, …; unique per occurrence) and every version is kept."""

    # Key columns first, as in the tables the migrations built; a subclass's own columns follow.
    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"), sort_order=-1)
    version: Mapped[int] = mapped_column(sort_order=-1)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (
            UniqueConstraint("occurrence_id", "version"),
            CheckConstraint("version >= 1", name="version_positive"),
        )


class ForecastSubmission(_OccurrenceVersion, Base):
    """One version of a manager's forecast for a forecast occurrence.

    Append-only, like an activity's answers: every version is kept, so the forecast that stood at
    any moment — and the one locked for accuracy — can be read back.
    """

    __tablename__ = "forecast_submissions"

    commit: Mapped[Decimal] = mapped_column(MONEY)
    best_case: Mapped[Decimal] = mapped_column(MONEY)
    pipeline: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    changes: Mapped[str | None] = mapped_column(Text)
    key_deals: Mapped[str | None] = mapped_column(Text)
    risks: Mapped[str | None] = mapped_column(Text)


class OneOnOneNote(Base):
    """The current state of a manager's notes of a 1:1 with a rep, with its action items.

    At most one note per 1:1 occurrence; ``occurrence_id`` is empty for an ad hoc 1:1 logged
    outside the rhythm. Every read (forms, the rep's summary, the export, the previous 1:1's open
    items) uses this row. An edit updates it and, in the same transaction, appends the saved
    state to ``one_on_one_note_revisions`` (see ``OneOnOneNoteRevision``), so every version is
    kept. ``version`` counts saves (SQLAlchemy's version counter: of two concurrent saves the
    stale one fails) and is the version of the latest revision; a form carries the version it
    was opened on, and a save from an older one is refused. ``submitted_at`` is the latest save.
    """

    __tablename__ = "one_on_one_notes"
    __table_args__ = (
        UniqueConstraint("occurrence_id"),
        # A manager's 1:1s in a window (the digest's coaching month), or all of them.
        Index("ix_one_on_one_notes_manager_held_on", "manager_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    rep_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    topics: Mapped[str] = mapped_column(Text)
    performance_issue: Mapped[str | None] = mapped_column(Text)
    solution_type: Mapped[SolutionType] = mapped_column(
        enum_column_type(SolutionType, "solution_type")
    )
    focus: Mapped[Focus | None] = mapped_column(enum_column_type(Focus, "focus"))
    # The skill or mindset worked on, in the manager's words.
    focus_detail: Mapped[str | None] = mapped_column(Text)
    next_meeting_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column()
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)

    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="ActionItem.id"
    )

    __mapper_args__ = {"version_id_col": version}


class TeamMeetingNote(Base):
    """The current state of a manager's notes of a team meeting: who came, which agenda items
    were covered, decisions.

    One note per team-meeting occurrence, kept like a 1:1 note: reads use this row, every save
    also appends a ``TeamMeetingNoteRevision``, and ``version`` counts saves and rejects a stale
    edit. ``attendees`` is a list of person ids and ``agenda_covered`` the agenda items (from
    the cadence) that were covered.
    """

    __tablename__ = "team_meeting_notes"
    __table_args__ = (UniqueConstraint("occurrence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[list[int]] = mapped_column(JSON)
    agenda_covered: Mapped[list[str]] = mapped_column(JSON)
    notes: Mapped[str | None] = mapped_column(Text)
    decisions: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column()
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __mapper_args__ = {"version_id_col": version}


class _NoteRevision:
    """One saved version of a meeting note, append-only: never updated, never deleted.

    ``snapshot`` is the whole note as saved (JSON written and read by
    ``bot.services.note_history``); ``version`` equals the note's ``version`` after that save.
    Each kind of note has its own table of revisions; ``notes_table`` names the notes' table.
    """

    notes_table: ClassVar[str]

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    version: Mapped[int] = mapped_column()
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @declared_attr
    def note_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey(f"{cls.notes_table}.id"), sort_order=-1)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (
            UniqueConstraint("note_id", "version"),
            CheckConstraint("version >= 1", name="version_positive"),
        )


class OneOnOneNoteRevision(_NoteRevision, Base):
    """A saved version of a 1:1 note, append-only; its snapshot includes the action items."""

    __tablename__ = "one_on_one_note_revisions"
    notes_table = "one_on_one_notes"


class TeamMeetingNoteRevision(_NoteRevision, Base):
    """A saved version of a team-meeting note, append-only."""

    __tablename__ = "team_meeting_note_revisions"
    notes_table = "team_meeting_notes"


class ActivitySubmission(_OccurrenceVersion, Base):
    """One version of the answers to a custom activity's form, keyed by question id.

    Append-only like a forecast: an edit inserts the next ``version``.
    """

    __tablename__ = "activity_submissions"

    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
