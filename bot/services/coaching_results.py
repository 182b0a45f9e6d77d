"""Coaching results fit to leave the building: aggregates per manager and rating period.

Each rating period (the ``period_start`` reps answered for) is its own window, and windows never
overlap, so no two exported figures cover "the same reps, minus one". Within a window the
figures are ``coaching_gap_tree``'s for every top of the reporting tree: a figure is shown only
for at least ``threshold`` answers, and no figure can be subtracted from another to isolate
fewer. Below it the result says "not enough responses". Individual answers never come out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from bot.domain.coaching import CoachingGap, RepRating
from bot.domain.coaching_tree import CoachingGapNode, coaching_gap_tree
from bot.domain.roster import Roster

DIRECT_REPS = "direct reps"
WHOLE_TEAM = "everyone below"


@dataclass(frozen=True)
class CoachingResult:
    """One aggregate: ``scope`` says whether it covers a person's direct reps or whole subtree."""

    period_start: date
    person: str
    scope: str
    gap: CoachingGap


def coaching_results(
    roster: Roster, ratings: Iterable[RepRating], *, threshold: int
) -> Iterator[CoachingResult]:
    """Results per period; ``ratings`` must come in period order (one period in memory)."""
    tops = [
        p.email for p in roster if roster.reports(p.email) and roster.manager_of(p.email) is None
    ]
    for period_start, answers in groupby(ratings, key=lambda rating: rating.period_start):
        window = list(answers)
        for top in tops:
            tree = coaching_gap_tree(
                roster,
                top,
                logged=(),
                ratings=window,
                period_start=period_start,
                period_end=period_start + timedelta(days=1),
                threshold=threshold,
            )
            for node in tree.walk():
                yield from _node_results(period_start, node)


def _node_results(period_start: date, node: CoachingGapNode) -> Iterator[CoachingResult]:
    if not node.children:
        # A plain manager: everything below them is their direct reps.
        yield CoachingResult(period_start, node.person, DIRECT_REPS, node.gap)
        return
    if node.team is not None:
        yield CoachingResult(period_start, node.person, DIRECT_REPS, node.team)
    yield CoachingResult(period_start, node.person, WHOLE_TEAM, node.gap)
