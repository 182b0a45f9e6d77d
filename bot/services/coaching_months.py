"""The reporting lines a coaching month is grouped by: frozen as the month closes.

A closed month's ratings never change (``coaching_periods``), but the roster does: a manager
moves to another leader, a rep changes team, someone leaves. Grouped by today's roster, a
leader's total for an old month would change with the move, and the totals before and after
could be subtracted to isolate a team whose figures were withheld. So each closed month is
grouped by the lines it closed with, recorded once (the digest tick records the latest closed
month; whichever output reads a closed month first records it if the tick has not) and never
changed; every output reads closed months through ``lines_for``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.coaching_periods import CoachingPeriod, latest_closed, period_of
from bot.domain.coaching_view import top_of
from bot.domain.roster import Person, Roster
from bot.persistence.repositories import coaching_months


def lines_for(session: Session, roster: Roster, period: CoachingPeriod, *, now: datetime) -> Roster:
    """``period``'s reporting lines: today's ``roster`` while it is open (nothing from the reps
    is shown then), and from its close on the lines it closed with, frozen on first use."""
    if not period.closed(now):
        return roster
    stored = coaching_months.lines(session, period.start)
    if not stored:
        coaching_months.freeze(session, period.start, ((p.email, p.reports_to) for p in roster))
        stored = coaching_months.lines(session, period.start)
    return Roster(
        Person(email=email, name=email, timezone="UTC", reports_to=reports_to)
        for email, reports_to in stored
    )


def freeze_closed(session: Session, roster: Roster, *, now: datetime) -> None:
    """Record the lines of the latest closed month if nobody has yet (the close tick)."""
    lines_for(session, roster, latest_closed(now), now=now)


def closed_lines(
    session: Session, roster: Roster, *, now: datetime
) -> dict[CoachingPeriod, Roster]:
    """The lines of every closed month that has ratings (for the export)."""
    months = {period_of(day) for day in coaching_months.rated_days(session)}
    return {m: lines_for(session, roster, m, now=now) for m in sorted(months) if m.closed(now)}


def coaches(roster: Roster, lines: Iterable[Roster], person: str) -> list[Person]:
    """Everyone with reports in ``person``'s whole organisation, today and in each of ``lines``:
    the people whose 1:1s and ratings the org-wide trees of ``coaching_view`` are cut from."""
    found: dict[str, Person] = {}
    for tree in [roster, *lines]:
        if person not in tree:
            continue
        top = top_of(tree, person)
        for p in [tree[top], *tree.subtree(top)]:
            if tree.reports(p.email):
                found.setdefault(p.email.lower(), p)
    return list(found.values())
