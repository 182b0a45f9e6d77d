"""The planner's mark: the digest of its last full plan's inputs and how far it planned."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.persistence.database import dialect_insert
from bot.persistence.models import PlanMark

_THE_MARK = 1


def get(session: Session) -> PlanMark | None:
    return session.get(PlanMark, _THE_MARK, populate_existing=True)


def save(
    session: Session, *, inputs_digest: str, planned_at: datetime, planned_until: datetime
) -> None:
    values = {
        "inputs_digest": inputs_digest,
        "planned_at": planned_at,
        "planned_until": planned_until,
    }
    session.execute(
        dialect_insert(session, PlanMark)
        .values(id=_THE_MARK, **values)
        .on_conflict_do_update(index_elements=["id"], set_=values)
    )


def forget(session: Session) -> None:
    """The next plan is a full one (inputs are incomplete, e.g. people not synced yet)."""
    session.execute(delete(PlanMark).execution_options(synchronize_session=False))
