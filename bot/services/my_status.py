"""Where a person stands: what is open for them, their adherence, and (leaders) their managers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.domain.action_items import (
    FollowThrough,
    ItemState,
    follow_through_by_manager,
    item_state,
)
from bot.domain.adherence import (
    AdherenceSummary,
    OccurrenceOutcome,
    adherence,
    adherence_by_week,
    trailing_adherence,
    trailing_window,
    week_start,
)
from bot.domain.cadence import Kind
from bot.domain.operating_system import OperatingSystem
from bot.domain.recurrence import to_local
from bot.domain.roster import Role
from bot.persistence.models import Occurrence, Person
from bot.persistence.repositories import action_items, coaching_history, my_items, people
from bot.persistence.repositories.my_items import OpenItem, PastItem
from bot.services.errors import NotAllowed

WEEKS = 8


@dataclass(frozen=True)
class StatusItem:
    """One open occurrence; ``counterpart_name`` is the 1:1's rep or the pulse's manager."""

    occurrence_id: int
    cadence_id: str
    kind: Kind
    title: str
    due_at: datetime
    overdue: bool
    counterpart_name: str | None = None


@dataclass(frozen=True)
class ManagerStatus:
    """A manager in a leader's summary; ``forecast_submitted`` is None without a forecast due."""

    name: str
    summary: AdherenceSummary
    forecast_submitted: bool | None
    # Action items of the manager's 1:1s held in the same 8 weeks, judged as of today.
    follow_through: FollowThrough = field(default_factory=FollowThrough)


@dataclass(frozen=True)
class MyStatus:
    """``weeks`` holds the weeks with anything due, oldest first; ``team`` is for leaders only."""

    name: str
    tz: str
    open_items: tuple[StatusItem, ...]
    this_week: AdherenceSummary
    weeks: tuple[tuple[date, AdherenceSummary], ...]
    team: tuple[ManagerStatus, ...] | None = None
    # The person's own open action items, and how many of them are overdue.
    open_action_items: int = 0
    overdue_action_items: int = 0


def my_status(
    session: Session, *, person_id: int, operating_system: OperatingSystem, now: datetime
) -> MyStatus:
    # Plain rows throughout: the status follows every `/cadence status` and App Home opening.
    person = people.someone(session, person_id)
    if person is None:
        raise NotAllowed("You're not on the roster.")
    today = to_local(now, person.timezone).date()
    first_day, _ = trailing_window(today, WEEKS)
    history = [
        _outcome(o, person.email)
        for o in my_items.since(session, person_ids=[person_id], first_day=first_day)
    ]
    due_dates = action_items.open_due_dates(session, person_id)
    items = tuple(
        _item(o, operating_system, now=now, manager_name=person.manager_name)
        for o in my_items.open_items(session, person_id=person_id, now=now)
    )
    return MyStatus(
        name=person.name,
        tz=person.timezone,
        open_items=items,
        this_week=adherence(o for o in history if o.period_start >= week_start(today)),
        weeks=tuple(adherence_by_week(o for o in history if o.period_start <= today).items()),
        team=_team(session, person.email, operating_system, today=today, first_day=first_day),
        open_action_items=len(due_dates),
        overdue_action_items=sum(
            1
            for due_on in due_dates
            if item_state(due_on=due_on, done_on=None, today=today) is ItemState.OVERDUE
        ),
    )


NOT_ABOVE_THEM = "Only the people they report to, directly or up the line, can see that."


def report_status_subject(
    session: Session, *, viewer_email: str, occurrence_id: int, operating_system: OperatingSystem
) -> Person:
    """Whose status an escalation's button shows: the occurrence's subject, to someone they
    report to (directly or up the line); ``NotAllowed`` for anyone else."""
    occurrence = session.get(Occurrence, occurrence_id)
    if occurrence is None:
        raise NotAllowed(NOT_ABOVE_THEM)
    subject = occurrence.subject
    below = {p.email.lower() for p in operating_system.roster.subtree(viewer_email)}
    if subject.email.lower() not in below:
        raise NotAllowed(NOT_ABOVE_THEM)
    return subject


def _outcome(occurrence: PastItem, email: str) -> OccurrenceOutcome:
    return OccurrenceOutcome(
        person=email,
        cadence_id=occurrence.cadence_id,
        period_start=occurrence.period_start,
        due_at=occurrence.due_at,
        status=occurrence.status,
        skip_reason=occurrence.skip_reason,
    )


def title_of(occurrence: Occurrence, operating_system: OperatingSystem) -> str:
    return _title(occurrence.cadence_id, lambda: occurrence.cadence.title, operating_system)


def _title(
    cadence_id: str, stored_title: Callable[[], str], operating_system: OperatingSystem
) -> str:
    """The cadence's name in the operating system, else as stored (a cadence since removed)."""
    cadence = operating_system.cadence(cadence_id)
    return cadence.display_name if cadence else stored_title() or cadence_id


def _item(
    occurrence: OpenItem,
    operating_system: OperatingSystem,
    *,
    now: datetime,
    manager_name: str | None,
) -> StatusItem:
    kind = occurrence.kind
    return StatusItem(
        occurrence_id=occurrence.occurrence_id,
        cadence_id=occurrence.cadence_id,
        kind=kind,
        title=_title(occurrence.cadence_id, lambda: occurrence.cadence_title, operating_system),
        due_at=occurrence.due_at,
        overdue=occurrence.due_at < now,
        counterpart_name=manager_name
        if kind is Kind.COACHING_PULSE
        else occurrence.counterpart_name,
    )


@dataclass(frozen=True)
class _Manager:
    id: int
    email: str
    name: str


def _team(
    session: Session,
    leader_email: str,
    operating_system: OperatingSystem,
    *,
    today: date,
    first_day: date,
) -> tuple[ManagerStatus, ...] | None:
    roster = operating_system.roster
    if Role.LEADER not in roster.roles(leader_email):
        return None
    below = [
        p.email.lower()
        for p in roster.subtree(leader_email)
        if Role.MANAGER in roster.roles(p.email)
    ]
    on_roster = people.active_named(session, below)
    managers = [
        _Manager(on_roster[email][0], email, on_roster[email][1])
        for email in below
        if email in on_roster
    ]
    by_subject: dict[int, list[PastItem]] = {m.id: [] for m in managers}
    for row in my_items.since(session, person_ids=list(by_subject), first_day=first_day):
        by_subject[row.subject_id].append(row)
    items = coaching_history.action_items(
        session, people={m.id: m.email for m in managers}, first_day=first_day, last_day=today
    )
    follow = follow_through_by_manager(items, today=today)
    return tuple(
        replace(
            _manager_status(m, by_subject[m.id], today=today),
            follow_through=follow.get(m.email.lower(), FollowThrough()),
        )
        for m in managers
    )


def _manager_status(
    manager: _Manager, occurrences: Sequence[PastItem], *, today: date
) -> ManagerStatus:
    this_week = [
        o for o in occurrences if o.kind is Kind.FORECAST and o.period_start >= week_start(today)
    ]
    return ManagerStatus(
        name=manager.name,
        summary=trailing_adherence(
            (_outcome(o, manager.email) for o in occurrences), as_of=today, weeks=WEEKS
        ),
        forecast_submitted=any(o.status.is_done for o in this_week) if this_week else None,
    )
