"""The coaching figures every output shows: one rule, one tree, one set of periods.

Each output (a leader's digest, a manager's summary, the detail modal, the export, the CLI,
App Home, any JSON) reads its figures through ``published_nodes`` and nowhere else:

- only for a closed period (``coaching_periods``): a period still taking answers shows nothing
  from the reps, so two copies taken before and after one more answer cannot be subtracted;
- always whole calendar-month periods, so no two outputs cover overlapping sets of answers;
- from the tree rooted at the top of the person's organisation, never a tree of their own:
  suppression decided on different roots could differ, and two outputs that disagree about
  what is hidden can be subtracted from each other;
- suppressed by ``coaching_gap_tree``: at least ``threshold`` answers, never all alike, and no
  difference of shown figures that isolates fewer.

An output about a longer span (a quarter, a year) shows the published figures of its months,
or sums of them; it never builds a window of its own (the tree only takes a ``CoachingPeriod``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.domain.coaching import CoachingGap, LoggedOneOnOne, RepRating
from bot.domain.coaching_periods import CoachingPeriod
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


def published_nodes(
    roster: Roster,
    person: str,
    *,
    period: CoachingPeriod,
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    threshold: int,
    now: datetime,
) -> dict[str, CoachingGapNode]:
    """The org-wide tree's nodes for ``person`` and everyone below, by lower-case email, for
    ``period`` as it may be shown at ``now`` (the reps' side only once the period is closed)."""
    root = coaching_gap_tree(
        roster,
        top_of(roster, person),
        logged=logged,
        ratings=ratings if period.closed(now) else (),
        period=period,
        threshold=threshold,
    )
    nodes = {n.person.lower(): n for n in root.walk()}
    below = {person.lower(), *(p.email.lower() for p in roster.subtree(person))}
    return {email: node for email, node in nodes.items() if email in below}


def team_gap(node: CoachingGapNode) -> CoachingGap:
    """A manager's own team: a leader who also manages reps has it apart from the subtree."""
    return node.team if node.team is not None else node.gap
