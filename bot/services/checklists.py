"""Recording what a person ticked on a cadence's checklist when they submitted its form."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy.orm import Session

from bot.domain.checklists import ticked
from bot.persistence.models import Occurrence


def record_checklist(
    session: Session,
    *,
    occurrence_id: int,
    person_id: int,
    checklist: Sequence[str],
    chosen: Collection[str],
) -> None:
    """Keep the checklist as it stood and what was ticked; only on the person's own item, and
    only for a cadence that has a checklist (a form without one leaves nothing behind)."""
    occurrence = session.get(Occurrence, occurrence_id)
    if not checklist or occurrence is None or occurrence.subject_id != person_id:
        return
    occurrence.checklist = {"items": list(checklist), "done": list(ticked(checklist, chosen))}
