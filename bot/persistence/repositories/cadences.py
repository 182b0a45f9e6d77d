"""Queries about the cadences synced from the config."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.persistence.models import Cadence


def all_by_id(session: Session) -> dict[str, Cadence]:
    return {c.id: c for c in session.scalars(select(Cadence))}


def active_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Cadence.id).where(Cadence.active.is_(True))))
