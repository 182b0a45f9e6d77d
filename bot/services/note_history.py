"""Every saved version of a 1:1 or team-meeting note: written on each save, read back typed.

A note row holds the current state; each save also appends a revision whose ``snapshot`` is the
whole note as saved (JSON: dates as ISO strings, enums as their values, action items inline).
This module is the only one that writes or reads that JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.domain.occurrence import SolutionType
from bot.domain.submissions import Focus
from bot.persistence.models import (
    OneOnOneNote,
    OneOnOneNoteRevision,
    TeamMeetingNote,
    TeamMeetingNoteRevision,
)
from bot.persistence.repositories import submissions


@dataclass(frozen=True)
class ActionItemVersion:
    owner_id: int
    text: str
    due_on: date | None = None
    done_at: datetime | None = None


@dataclass(frozen=True)
class OneOnOneVersion:
    version: int
    saved_by_id: int
    saved_at: datetime
    rep_id: int
    held_on: date
    topics: str
    solution: SolutionType
    performance_issue: str | None
    focus: Focus | None
    focus_detail: str | None
    next_meeting_on: date | None
    action_items: tuple[ActionItemVersion, ...]


@dataclass(frozen=True)
class TeamMeetingVersion:
    version: int
    saved_by_id: int
    saved_at: datetime
    held_on: date
    attendees: tuple[int, ...]
    agenda_covered: tuple[str, ...]
    notes: str | None
    decisions: str | None


def keep_one_on_one(session: Session, note: OneOnOneNote, *, saved_by_id: int) -> None:
    """Append the note as just saved (flushed: its ``version`` is final) to its history."""
    snapshot = {
        "rep_id": note.rep_id,
        "held_on": note.held_on.isoformat(),
        "topics": note.topics,
        "performance_issue": note.performance_issue,
        "solution_type": note.solution_type.value,
        "focus": note.focus.value if note.focus else None,
        "focus_detail": note.focus_detail,
        "next_meeting_on": _iso(note.next_meeting_on),
        "action_items": [
            {
                "owner_id": item.owner_id,
                "text": item.text,
                "due_on": _iso(item.due_on),
                "done_at": _iso(item.done_at),
            }
            for item in note.action_items
        ],
    }
    session.add(
        OneOnOneNoteRevision(
            note_id=note.id,
            version=note.version,
            snapshot=snapshot,
            saved_by_id=saved_by_id,
            saved_at=note.submitted_at,
        )
    )


def keep_team_meeting(session: Session, note: TeamMeetingNote, *, saved_by_id: int) -> None:
    snapshot = {
        "held_on": note.held_on.isoformat(),
        "attendees": list(note.attendees),
        "agenda_covered": list(note.agenda_covered),
        "notes": note.notes,
        "decisions": note.decisions,
    }
    session.add(
        TeamMeetingNoteRevision(
            note_id=note.id,
            version=note.version,
            snapshot=snapshot,
            saved_by_id=saved_by_id,
            saved_at=note.submitted_at,
        )
    )


def one_on_one_versions(session: Session, note_id: int) -> list[OneOnOneVersion]:
    """Every saved version of the 1:1 note, oldest first."""
    return [_one_on_one(r) for r in submissions.one_on_one_revisions(session, note_id)]


def team_meeting_versions(session: Session, note_id: int) -> list[TeamMeetingVersion]:
    """Every saved version of the team-meeting note, oldest first."""
    return [_team_meeting(r) for r in submissions.team_meeting_revisions(session, note_id)]


def _one_on_one(revision: OneOnOneNoteRevision) -> OneOnOneVersion:
    s = revision.snapshot
    return OneOnOneVersion(
        version=revision.version,
        saved_by_id=revision.saved_by_id,
        saved_at=revision.saved_at,
        rep_id=s["rep_id"],
        held_on=date.fromisoformat(s["held_on"]),
        topics=s["topics"],
        solution=SolutionType(s["solution_type"]),
        performance_issue=s.get("performance_issue"),
        focus=Focus(s["focus"]) if s.get("focus") else None,
        focus_detail=s.get("focus_detail"),
        next_meeting_on=_date(s.get("next_meeting_on")),
        action_items=tuple(
            ActionItemVersion(
                owner_id=item["owner_id"],
                text=item["text"],
                due_on=_date(item.get("due_on")),
                done_at=datetime.fromisoformat(item["done_at"]) if item.get("done_at") else None,
            )
            for item in s.get("action_items", ())
        ),
    )


def _team_meeting(revision: TeamMeetingNoteRevision) -> TeamMeetingVersion:
    s = revision.snapshot
    return TeamMeetingVersion(
        version=revision.version,
        saved_by_id=revision.saved_by_id,
        saved_at=revision.saved_at,
        held_on=date.fromisoformat(s["held_on"]),
        attendees=tuple(s.get("attendees", ())),
        agenda_covered=tuple(s.get("agenda_covered", ())),
        notes=s.get("notes"),
        decisions=s.get("decisions"),
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(raw: Any) -> date | None:
    return date.fromisoformat(raw) if isinstance(raw, str) else None
