"""Coaching gaps of a whole reporting tree, suppressed so they are safe to show together.

Privacy rule. Rep answers are only shown as aggregates that give no single answer away (at
least ``threshold`` answers, not all alike: ``answers_safe`` / ``scores_safe``), and no
combination of the aggregates shown gives fewer answers, or answers all alike, away — not even
by subtracting children from their parent (complementary disclosure).

Every aggregate in the tree is a sum over disjoint "cells" (one manager's reps). What a reader
can derive from the shown nodes is exactly, for each shown node, its *remainder*: the answers
below it not covered by a shown descendant. So the rule is: every shown node is safe and its
remainder is empty or safe. It is enforced bottom-up: an unsafe node is hidden; if its
parent's remainder would then be non-empty and unsafe, the smallest sibling that adds to the
remainder is hidden as well (one is always enough: a shown sibling's remainder is safe, and a
safe group stays safe whatever is added to it). Only when no sibling can help is the parent
hidden instead, pushing the remainder one level up. Hiding a sibling is preferred to hiding the
parent because it keeps the leader's total visible and costs the least. Average usefulness goes
through the same rule on its own scores (it is optional).

The rule holds within one period; ``coaching_view`` makes every output use the same closed
periods (``coaching_periods``), so no two outputs or two moments show overlapping windows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from bot.domain.coaching import (
    Cell,
    CoachingGap,
    LoggedOneOnOne,
    RepRating,
    answers_safe,
    cells_by_manager,
    gap_of,
    scores_safe,
)
from bot.domain.coaching_periods import CoachingPeriod
from bot.domain.roster import Role, Roster


@dataclass(frozen=True)
class CoachingGapNode:
    """A manager or leader: ``gap`` covers every rep below them; ``team`` only their direct reps
    (set for a leader who also manages reps; for a plain manager ``gap`` already is the team)."""

    person: str
    gap: CoachingGap
    team: CoachingGap | None
    children: tuple[CoachingGapNode, ...]

    def walk(self) -> Iterator[CoachingGapNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class _Tree:
    """The aggregates as a tree whose leaves are disjoint cells (``team`` is a leaf child)."""

    key: tuple[str, str]
    cell: Cell
    children: tuple[_Tree, ...]

    def walk(self) -> Iterator[_Tree]:
        yield self
        for child in self.children:
            yield from child.walk()


def _build(roster: Roster, email: str, cells: dict[str, Cell]) -> _Tree:
    key = email.lower()
    own = cells.get(key, Cell())
    sub = [_build(roster, r.email, cells) for r in roster.reports(email) if roster.reports(r.email)]
    roles = roster.roles(email)
    if not sub:
        return _Tree((key, "subtree"), own, ())
    if Role.MANAGER in roles:
        sub.insert(0, _Tree((key, "team"), own, ()))
    merged = Cell(
        logged=tuple(o for s in sub for o in s.cell.logged),
        ratings=tuple(r for s in sub for r in s.cell.ratings),
    )
    return _Tree((key, "subtree"), merged, tuple(sub))


def _shown(
    tree: _Tree,
    *,
    count: Callable[[Cell], int],
    safe: Callable[[Cell], bool],
    eligible: set[tuple[str, str]],
) -> set[tuple[str, str]]:
    """The keys that may be shown under the privacy rule (see module docstring)."""
    shown: set[tuple[str, str]] = set()
    remainder: dict[tuple[str, str], Cell] = {}

    def visit(node: _Tree) -> Cell:
        """Decide ``node``; return the answers below it that no shown node covers."""
        hidden = [visit(c) for c in node.children]
        rest = _merged(hidden) if node.children else node.cell
        if not safe(node.cell) or node.key not in eligible:
            return rest
        if count(rest) and not safe(rest):
            helpers = [c for c in node.children if c.key in shown and count(remainder[c.key])]
            if not helpers:
                return rest
            sibling = min(helpers, key=lambda c: (count(c.cell), c.key))
            shown.discard(sibling.key)
            rest = _merged([rest, remainder.pop(sibling.key)])
        shown.add(node.key)
        remainder[node.key] = rest
        return Cell()

    visit(tree)
    return shown


def _merged(cells: Iterable[Cell]) -> Cell:
    return Cell(ratings=tuple(r for c in cells for r in c.ratings))


def coaching_gap_tree(
    roster: Roster,
    leader: str,
    *,
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    period: CoachingPeriod,
    threshold: int,
) -> CoachingGapNode:
    """Per-manager and per-leader gaps under ``leader`` for ``period``, safe to show together."""
    if leader not in roster:
        raise KeyError(leader)
    cells = cells_by_manager(logged=logged, ratings=ratings, period=period)
    tree = _build(roster, leader, cells)
    everyone = {n.key for n in tree.walk()}

    rated = _shown(
        tree,
        count=lambda c: c.responses,
        safe=lambda c: answers_safe(c, threshold),
        eligible=everyone,
    )
    useful = _shown(
        tree,
        count=lambda c: c.scored,
        safe=lambda c: scores_safe(c, threshold),
        eligible=rated,
    )
    return _to_node(roster, tree, rated=rated, useful=useful)


def _to_node(
    roster: Roster, tree: _Tree, *, rated: set[tuple[str, str]], useful: set[tuple[str, str]]
) -> CoachingGapNode:
    def gap(t: _Tree) -> CoachingGap:
        return gap_of(t.cell, show_ratings=t.key in rated, show_usefulness=t.key in useful)

    team = next((c for c in tree.children if c.key[1] == "team"), None)
    return CoachingGapNode(
        person=roster[tree.key[0]].email,
        gap=gap(tree),
        team=gap(team) if team is not None else None,
        children=tuple(
            _to_node(roster, c, rated=rated, useful=useful)
            for c in tree.children
            if c.key[1] == "subtree"
        ),
    )
