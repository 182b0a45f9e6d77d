"""The organisation's go-live instant: read it, or record it at the first plan."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.persistence.database import dialect_insert
from bot.persistence.models import GoLive


def went_live_at(session: Session) -> datetime | None:
    return session.scalar(select(GoLive.went_live_at).where(GoLive.id == 1))


def go_live(session: Session, *, now: datetime) -> datetime:
    """The go-live instant, recording ``now`` if this is the first plan (concurrency-safe)."""
    session.execute(
        dialect_insert(session, GoLive)
        .values(id=1, went_live_at=now)
        .on_conflict_do_nothing(index_elements=["id"])
    )
    stored = went_live_at(session)
    assert stored is not None
    return stored
