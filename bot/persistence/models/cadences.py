"""The cadences of the operating system, as last synced from the config file."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.cadence import Kind
from bot.persistence.base import Base, TimestampMixin, enum_column_type


class Cadence(TimestampMixin, Base):
    """One rhythm from ``cadence_config.yaml``, keyed by its config id.

    The config file is the source of truth: sync upserts a row per cadence with the definition it
    read and its hash (to notice edits). A cadence removed from the config is deactivated, not
    deleted, because its occurrences still point at it.
    """

    __tablename__ = "cadences"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[Kind] = mapped_column(enum_column_type(Kind, "cadence_kind"))
    title: Mapped[str] = mapped_column(String(200))
    config_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)
