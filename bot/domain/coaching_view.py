"""The coaching gaps every view shows, cut from one tree per organisation.

Each view (a leader's digest, a manager's summary, the detail modal, the CLI) reads its nodes
from the tree rooted at the top of the leader's organisation, never from a tree of its own:
suppression decided on different roots could differ, and two views that disagree about what is
hidden can be subtracted from each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.domain.coaching import CoachingGap, LoggedOneOnOne, RepRating
from bot.domain.coaching_tree import CoachingGapNode, coaching_gap_tree
from bot.domain.roster import Roster


def top_of(roster: Roster, email: str) -> str:
    """The person at the top of ``email``'s reporting line (a cycle stops where it repeats)."""
    seen = {email.lower()}
    top = roster[email]
    while (boss := roster.manager_of(top.email)) is not None and boss.email.lower() not in seen:
        seen.add(boss.email.lower())
        top = boss
    return top.email


def coaching_nodes(
    roster: Roster,
    person: str,
    *,
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    window: tuple[date, date],
    threshold: int,
) -> dict[str, CoachingGapNode]:
    """The org-wide tree's nodes for ``person`` and everyone below, by lower-case email."""
    root = coaching_gap_tree(
        roster,
        top_of(roster, person),
        logged=logged,
        ratings=ratings,
        period_start=window[0],
        period_end=window[1],
        threshold=threshold,
    )
    nodes = {n.person.lower(): n for n in root.walk()}
    below = {person.lower(), *(p.email.lower() for p in roster.subtree(person))}
    return {email: node for email, node in nodes.items() if email in below}


def team_gap(node: CoachingGapNode) -> CoachingGap:
    """A manager's own team: a leader who also manages reps has it apart from the subtree."""
    return node.team if node.team is not None else node.gap
