"""Best practice, not just on time: a cadence's checklist and how much of it gets done.

A cadence may declare a checklist (for a 1:1: reviewed pipeline, agreed next steps, coached one
skill…). Its form shows the items as checkboxes; what is ticked is kept with the occurrence.
The share of checklist items done is reported per manager beside timeliness.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChecklistMark:
    """What was ticked on one submitted occurrence, out of the cadence's checklist then."""

    person: str
    cadence_id: str
    items: tuple[str, ...]
    done: tuple[str, ...]


def ticked(checklist: Sequence[str], chosen: Collection[str]) -> tuple[str, ...]:
    """The checklist items ticked, in the checklist's order; unknown items are dropped."""
    return tuple(item for item in checklist if item in chosen)


@dataclass(frozen=True)
class ChecklistSummary:
    submitted: int = 0
    items: int = 0
    done: int = 0

    @property
    def share(self) -> float | None:
        return self.done / self.items if self.items else None


def checklist_summary(marks: Iterable[ChecklistMark]) -> ChecklistSummary:
    listed = [m for m in marks if m.items]
    return ChecklistSummary(
        submitted=len(listed),
        items=sum(len(m.items) for m in listed),
        done=sum(len(set(m.done) & set(m.items)) for m in listed),
    )


def checklist_by_person(marks: Iterable[ChecklistMark]) -> dict[str, ChecklistSummary]:
    grouped: dict[str, list[ChecklistMark]] = {}
    for mark in marks:
        grouped.setdefault(mark.person.lower(), []).append(mark)
    return {person: checklist_summary(group) for person, group in grouped.items()}
