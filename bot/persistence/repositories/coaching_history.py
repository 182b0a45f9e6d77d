"""The history the coaching loop is computed from: action items, diagnoses, checklists.

Like ``history``, each query takes the managers it is about as ``{person id: email}`` and a
window of dates, and returns the domain's plain types.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from bot.domain.action_items import ActionItemRecord
from bot.domain.checklists import ChecklistMark
from bot.domain.coaching_focus import Diagnosis
from bot.persistence.models import ActionItem, Occurrence, OneOnOneNote, Person
from bot.persistence.plain_rows import plain_rows
from bot.persistence.repositories.history import periods_starting

People = Mapping[int, str]


def action_items(
    session: Session, *, people: People, first_day: date, last_day: date
) -> list[ActionItemRecord]:
    """Items agreed in these managers' 1:1s held in ``[first_day, last_day]``; an item is done
    on its owner's local date."""
    owner, rep = aliased(Person), aliased(Person)
    rows = plain_rows(
        session,
        select(
            OneOnOneNote.manager_id,
            OneOnOneNote.held_on,
            ActionItem.due_on,
            ActionItem.done_at,
            owner.email.label("owner"),
            owner.timezone,
            rep.email.label("rep"),
        )
        .join(ActionItem.note)
        .join(owner, owner.id == ActionItem.owner_id)
        .join(rep, rep.id == OneOnOneNote.rep_id)
        .where(
            OneOnOneNote.manager_id.in_(people),
            OneOnOneNote.held_on.between(first_day, last_day),
        ),
    )
    return [
        ActionItemRecord(
            manager=people[manager_id],
            rep=rep,
            owner=owner,
            held_on=held_on,
            due_on=due_on,
            done_on=done_at.astimezone(ZoneInfo(timezone)).date() if done_at else None,
        )
        for manager_id, held_on, due_on, done_at, owner, timezone, rep in rows
    ]


def diagnoses(
    session: Session, *, people: People, first_day: date, last_day: date
) -> list[Diagnosis]:
    """These managers' 1:1s held in ``[first_day, last_day]``: what was diagnosed and chosen."""
    rows = plain_rows(
        session,
        select(
            OneOnOneNote.manager_id,
            Person.email,
            OneOnOneNote.held_on,
            OneOnOneNote.solution_type,
            OneOnOneNote.focus,
            OneOnOneNote.focus_detail,
            OneOnOneNote.performance_issue,
        )
        .join(Person, Person.id == OneOnOneNote.rep_id)
        .where(
            OneOnOneNote.manager_id.in_(people),
            OneOnOneNote.held_on.between(first_day, last_day),
        ),
    )
    return [
        Diagnosis(people[manager_id], rep, held_on, solution, focus, area, performance_issue)
        for manager_id, rep, held_on, solution, focus, area, performance_issue in rows
    ]


def checklist_marks(
    session: Session, *, people: People, first_day: date, last_day: date
) -> list[ChecklistMark]:
    """What these subjects ticked on occurrences whose period starts in the window."""
    rows = session.execute(
        select(Occurrence.subject_id, Occurrence.cadence_id, Occurrence.checklist).where(
            # Bounded by due date too, so the (subject, due_at) index reads only the window.
            periods_starting(people, first_day, last_day),
            Occurrence.checklist.is_not(None),
        )
    )
    return [
        ChecklistMark(
            person=people[r.subject_id],
            cadence_id=r.cadence_id,
            items=tuple(r.checklist.get("items", ())),
            done=tuple(r.checklist.get("done", ())),
        )
        for r in rows
        if isinstance(r.checklist, dict)
    ]
