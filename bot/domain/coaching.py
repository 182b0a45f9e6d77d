"""The coaching gap: coaching a manager logs vs coaching their reps say they received.

Privacy rule. Rep answers are only shown as aggregates of at least ``threshold`` reps, and no
combination of the aggregates shown lets anyone isolate fewer than ``threshold`` reps — not even
by subtracting children from their parent (complementary disclosure).

Every aggregate in the tree is a sum over disjoint "cells" (one manager's reps). What a reader
can derive from the shown nodes is exactly, for each shown node, its *remainder*: the responses
below it not covered by a shown descendant. So the rule is: every shown node has at least
``threshold`` responses and a remainder of 0 or at least ``threshold``. It is enforced bottom-up:
a node below the threshold is hidden; if its parent's remainder would then be between 1 and
``threshold - 1``, the smallest sibling that adds to the remainder is hidden as well (one is
always enough, since a shown sibling's remainder is itself 0 or ≥ threshold). Only when no sibling
can help is the parent hidden instead, pushing the remainder one level up. Hiding a sibling is
preferred to hiding the parent because it keeps the leader's total visible and costs the least.
Average usefulness goes through the same rule on its own answer counts (it is optional).

Caveat: within one period window; showing overlapping windows side by side (e.g. week and
trailing month) is another differencing channel that callers must not open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from bot.domain.occurrence import SolutionType
from bot.domain.roster import Role, Roster

# Field training is coaching in the field (the manager rides along and coaches on a live call);
# reps experience it as coaching, so it counts on the logged side too.
COACHING_SOLUTIONS = frozenset({SolutionType.COACHING, SolutionType.FIELD_TRAINING})


@dataclass(frozen=True)
class LoggedOneOnOne:
    manager: str
    rep: str
    period_start: date
    solution_type: SolutionType


@dataclass(frozen=True)
class RepRating:
    """One rep's private view of their manager's coaching in one period."""

    rep: str
    manager: str
    period_start: date
    received_coaching: bool
    usefulness: int | None = None


@dataclass(frozen=True)
class CoachingGap:
    """One aggregate; rep-derived fields are None when ``suppressed``.

    ``gap`` = ``logged_share`` - ``reported_share`` (positive: managers log more coaching than
    reps feel). ``average_usefulness`` can be None on its own when too few reps scored it.
    """

    logged_one_on_ones: int
    logged_share: float | None
    suppressed: bool
    responses: int | None
    reported_share: float | None
    average_usefulness: float | None

    @property
    def gap(self) -> float | None:
        if self.logged_share is None or self.reported_share is None:
            return None
        return self.logged_share - self.reported_share


def _in_window(day: date, start: date, end: date) -> bool:
    return start <= day < end


def _latest_per_rep(ratings: Iterable[RepRating]) -> list[RepRating]:
    # One answer per rep and manager: several answers from one rep must not count as several reps.
    latest: dict[tuple[str, str], RepRating] = {}
    for r in ratings:
        key = (r.rep.lower(), r.manager.lower())
        if key not in latest or r.period_start >= latest[key].period_start:
            latest[key] = r
    return list(latest.values())


@dataclass(frozen=True)
class _Cell:
    """The raw material of one aggregate, before any suppression."""

    logged: tuple[LoggedOneOnOne, ...]
    ratings: tuple[RepRating, ...]

    @property
    def responses(self) -> int:
        return len(self.ratings)

    @property
    def scored(self) -> int:
        return sum(1 for r in self.ratings if r.usefulness is not None)


def _gap(cell: _Cell, *, show_ratings: bool, show_usefulness: bool) -> CoachingGap:
    logged = len(cell.logged)
    coached = sum(1 for o in cell.logged if o.solution_type in COACHING_SOLUTIONS)
    scores = [r.usefulness for r in cell.ratings if r.usefulness is not None]
    said_yes = sum(1 for r in cell.ratings if r.received_coaching)
    return CoachingGap(
        logged_one_on_ones=logged,
        logged_share=coached / logged if logged else None,
        suppressed=not show_ratings,
        responses=cell.responses if show_ratings else None,
        reported_share=said_yes / cell.responses if show_ratings else None,
        average_usefulness=(
            sum(scores) / len(scores) if show_ratings and show_usefulness else None
        ),
    )


def _cell(
    managers: Iterable[str],
    *,
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    period_start: date,
    period_end: date,
) -> _Cell:
    keys = {m.lower() for m in managers}
    return _Cell(
        logged=tuple(
            o
            for o in logged
            if o.manager.lower() in keys and _in_window(o.period_start, period_start, period_end)
        ),
        ratings=tuple(
            _latest_per_rep(
                r
                for r in ratings
                if r.manager.lower() in keys
                and _in_window(r.period_start, period_start, period_end)
            )
        ),
    )


def coaching_gap(
    manager: str,
    *,
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    period_start: date,
    period_end: date,
    threshold: int,
) -> CoachingGap:
    """One manager's gap for periods starting in ``[period_start, period_end)`` (end exclusive).

    Safe alone; when several related aggregates are shown together use ``coaching_gap_tree``.
    """
    cell = _cell(
        [manager], logged=logged, ratings=ratings, period_start=period_start, period_end=period_end
    )
    return _gap(
        cell,
        show_ratings=cell.responses >= threshold,
        show_usefulness=cell.scored >= threshold,
    )


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
    cell: _Cell
    children: tuple[_Tree, ...]

    def walk(self) -> Iterator[_Tree]:
        yield self
        for child in self.children:
            yield from child.walk()


def _build(roster: Roster, email: str, cells: dict[str, _Cell]) -> _Tree:
    key = email.lower()
    sub = [_build(roster, r.email, cells) for r in roster.reports(email) if roster.reports(r.email)]
    roles = roster.roles(email)
    if not sub:
        return _Tree((key, "subtree"), cells[key], ())
    if Role.MANAGER in roles:
        sub.insert(0, _Tree((key, "team"), cells[key], ()))
    merged = _Cell(
        logged=tuple(o for s in sub for o in s.cell.logged),
        ratings=tuple(r for s in sub for r in s.cell.ratings),
    )
    return _Tree((key, "subtree"), merged, tuple(sub))


def _shown(
    tree: _Tree, *, count: Callable[[_Cell], int], threshold: int, eligible: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    """The keys that may be shown under the privacy rule (see module docstring)."""
    shown: set[tuple[str, str]] = set()
    remainder: dict[tuple[str, str], int] = {}

    def visit(node: _Tree) -> int:
        """Decide ``node``; return the responses below it that no shown node covers."""
        hidden = {c.key: visit(c) for c in node.children}
        rest = sum(hidden.values()) if node.children else count(node.cell)
        if count(node.cell) < threshold or node.key not in eligible:
            return rest
        if 0 < rest < threshold:
            helpers = [c for c in node.children if c.key in shown and remainder[c.key] > 0]
            if not helpers:
                return rest
            sibling = min(helpers, key=lambda c: (count(c.cell), c.key))
            shown.discard(sibling.key)
            rest += remainder.pop(sibling.key)
        shown.add(node.key)
        remainder[node.key] = rest
        return 0

    visit(tree)
    return shown


def coaching_gap_tree(
    roster: Roster,
    leader: str,
    *,
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    period_start: date,
    period_end: date,
    threshold: int,
) -> CoachingGapNode:
    """Per-manager and per-leader gaps under ``leader``, safe to show together."""
    if leader not in roster:
        raise KeyError(leader)
    logged, ratings = list(logged), list(ratings)
    people = [roster[leader], *roster.subtree(leader)]
    cells = {
        p.email.lower(): _cell(
            [p.email],
            logged=logged,
            ratings=ratings,
            period_start=period_start,
            period_end=period_end,
        )
        for p in people
    }
    tree = _build(roster, leader, cells)
    everyone = {n.key for n in tree.walk()}

    def responses(c: _Cell) -> int:
        return c.responses

    def scored(c: _Cell) -> int:
        return c.scored

    rated = _shown(tree, count=responses, threshold=threshold, eligible=everyone)
    useful = _shown(tree, count=scored, threshold=threshold, eligible=rated)
    return _to_node(roster, tree, rated=rated, useful=useful)


def _to_node(
    roster: Roster, tree: _Tree, *, rated: set[tuple[str, str]], useful: set[tuple[str, str]]
) -> CoachingGapNode:
    def gap(t: _Tree) -> CoachingGap:
        return _gap(t.cell, show_ratings=t.key in rated, show_usefulness=t.key in useful)

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
