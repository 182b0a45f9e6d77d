"""Action items agreed in a 1:1."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.persistence.base import Base, CreatedAtMixin, UtcDateTime

if TYPE_CHECKING:
    from bot.persistence.models.submissions import OneOnOneNote


class ActionItem(CreatedAtMixin, Base):
    """Something someone agreed to do in a 1:1, with an owner and an optional due date.

    Open while ``done_at`` is empty; marking it done sets ``done_at``. It lives and dies with its
    note.
    """

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    one_on_one_note_id: Mapped[int] = mapped_column(
        ForeignKey("one_on_one_notes.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    note: Mapped[OneOnOneNote] = relationship(back_populates="action_items")
