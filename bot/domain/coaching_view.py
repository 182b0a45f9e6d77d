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
  difference of shown figures that isolates fewer;
- grouped by the reporting ``lines`` the period closed with (``bot.services.coaching_months``
  freezes them), never by today's roster: a manager who moves to another leader, a rep who
  moves team or someone who leaves would otherwise regroup a closed month, and a leader's total
  before and after the move could be subtracted to isolate a team that was withheld. Ratings
  of a closed month never change either, so a closed month's figures are fixed for good.

An output about a longer span (a quarter, a year) shows the published figures of its months,
or sums of them; it never builds a window of its own (the tree only takes a ``CoachingPeriod``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from bot.domain.coaching import Cell, CoachingGap, LoggedOneOnOne, RepRating, gap_of
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
    lines: Roster,
    period: CoachingPeriod,
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    threshold: int,
    now: datetime,
) -> dict[str, CoachingGapNode]:
    """The nodes for ``person`` and everyone below them on today's ``roster``, by lower-case
    email, for ``period`` as it may be shown at ``now`` (the reps' side only once the period is
    closed). The figures come from the org-wide tree of ``lines``, the reporting lines
    ``period`` closed with (today's roster while it is open): someone who was not a manager in
    those lines has a node with nothing from the reps in it."""
    nodes = organisation_nodes(
        lines,
        person,
        period=period,
        logged=logged,
        ratings=ratings,
        threshold=threshold,
        now=now,
    )
    return nodes_below(roster, person, nodes)


def organisation_nodes(
    lines: Roster,
    person: str,
    *,
    period: CoachingPeriod,
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    threshold: int,
    now: datetime,
) -> dict[str, CoachingGapNode]:
    """Every node of the org-wide tree ``person`` belongs to in ``lines``, by lower-case email
    (none when ``person`` is not in ``lines``). The same for everyone under the same top: the
    digests of one week can share it (``nodes_below`` cuts each one's part)."""
    if person not in lines:
        return {}
    root = coaching_gap_tree(
        lines,
        top_of(lines, person),
        logged=logged,
        ratings=ratings if period.closed(now) else (),
        period=period,
        threshold=threshold,
    )
    return {n.person.lower(): n for n in root.walk()}


def nodes_below(
    roster: Roster, person: str, nodes: Mapping[str, CoachingGapNode]
) -> dict[str, CoachingGapNode]:
    """``person``'s and their subtree's nodes on today's ``roster``, cut from
    ``organisation_nodes``; someone absent from them has a withheld node."""
    below = [roster[person], *roster.subtree(person)]
    return {p.email.lower(): node_of(p.email, nodes) for p in below}


def node_of(email: str, nodes: Mapping[str, CoachingGapNode]) -> CoachingGapNode:
    """``email``'s node in ``organisation_nodes``, or a withheld one."""
    return nodes.get(email.lower()) or _withheld(email)


def _withheld(email: str) -> CoachingGapNode:
    nothing = gap_of(Cell(), show_ratings=False, show_usefulness=False)
    return CoachingGapNode(person=email, gap=nothing, team=None, children=())


def team_gap(node: CoachingGapNode) -> CoachingGap:
    """A manager's own team: a leader who also manages reps has it apart from the subtree."""
    return node.team if node.team is not None else node.gap
