"""Coaching results fit to leave the building: aggregates per manager and closed period.

The periods are the ones every output shares (calendar months, see ``coaching_periods``), and a
period appears only once it is closed, so an export taken later shows the same figures for it
and none for a period still taking answers. Within a period the figures are the published ones
(``coaching_view.published_nodes``) for every top of the reporting tree: shown only for at least
``threshold`` answers that are not all alike, and never so that one figure can be subtracted
from another to isolate fewer. Below it the result says "not enough responses". Individual
answers never come out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from bot.domain.coaching import CoachingGap, RepRating
from bot.domain.coaching_periods import CoachingPeriod, period_of
from bot.domain.coaching_tree import CoachingGapNode
from bot.domain.coaching_view import published_nodes
from bot.domain.roster import Roster

DIRECT_REPS = "direct reps"
WHOLE_TEAM = "everyone below"


@dataclass(frozen=True)
class CoachingResult:
    """One aggregate: ``scope`` says whether it covers a person's direct reps or whole subtree."""

    period: CoachingPeriod
    person: str
    scope: str
    gap: CoachingGap


def coaching_results(
    lines: Mapping[CoachingPeriod, Roster],
    ratings: Iterable[RepRating],
    *,
    threshold: int,
    now: datetime,
) -> Iterator[CoachingResult]:
    """Results per closed period, grouped by the reporting lines it closed with (``lines``,
    see ``coaching_months``: it must hold every closed period ``ratings`` touch); ``ratings``
    must come in period order (one period in memory)."""
    for period, answers in groupby(ratings, key=lambda rating: period_of(rating.period_start)):
        if not period.closed(now):
            continue
        window = list(answers)
        roster = lines[period]
        tops = [
            p.email
            for p in roster
            if roster.reports(p.email) and roster.manager_of(p.email) is None
        ]
        for top in tops:
            nodes = published_nodes(
                roster,
                top,
                lines=roster,
                period=period,
                logged=(),
                ratings=window,
                threshold=threshold,
                now=now,
            )
            for node in nodes[top.lower()].walk():
                yield from _node_results(period, node)


def _node_results(period: CoachingPeriod, node: CoachingGapNode) -> Iterator[CoachingResult]:
    if not node.children:
        # A plain manager: everything below them is their direct reps.
        yield CoachingResult(period, node.person, DIRECT_REPS, node.gap)
        return
    if node.team is not None:
        yield CoachingResult(period, node.person, DIRECT_REPS, node.team)
    yield CoachingResult(period, node.person, WHOLE_TEAM, node.gap)
