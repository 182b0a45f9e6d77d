"""What managers are working on with their reps: the diagnosed areas and the solutions chosen.

Read from the 1:1 notes managers log: each names the solution type (coaching, field training,
feedback, training…), whether the work is on a skill or a mindset, and the area in the
manager's words. Areas are compared case- and space-insensitively, so "Discovery" and
"discovery " are one area. These are the managers' own notes, not the reps' answers, so no
anonymity threshold applies; they are shown to the manager and the leaders above them only.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.domain.occurrence import SolutionType
from bot.domain.submissions import Focus

TOP_AREAS = 3


@dataclass(frozen=True)
class Diagnosis:
    """One logged 1:1: who, when, what was diagnosed and what was chosen about it."""

    manager: str
    rep: str
    held_on: date
    solution: SolutionType
    focus: Focus | None = None
    area: str | None = None
    performance_issue: str | None = None


def area_key(area: str) -> str:
    return " ".join(area.lower().split())


@dataclass(frozen=True)
class FocusMix:
    """Counts over a set of 1:1s: solution types, skill vs mindset, and the areas named."""

    one_on_ones: int = 0
    solutions: Mapping[SolutionType, int] = field(default_factory=dict)
    focus: Mapping[Focus, int] = field(default_factory=dict)
    areas: tuple[tuple[str, int], ...] = ()

    def share(self, solution: SolutionType) -> float | None:
        return self.solutions.get(solution, 0) / self.one_on_ones if self.one_on_ones else None

    @property
    def top_areas(self) -> tuple[tuple[str, int], ...]:
        return self.areas[:TOP_AREAS]


def focus_mix(diagnoses: Iterable[Diagnosis]) -> FocusMix:
    listed = list(diagnoses)
    solutions = Counter(d.solution for d in listed)
    focus = Counter(d.focus for d in listed if d.focus is not None)
    spelled: dict[str, str] = {}
    areas: Counter[str] = Counter()
    # Each area as written is normalised once, in the order first met: the first spelling of
    # an area is the one shown.
    for written, count in Counter(d.area for d in listed if d.area).items():
        if written.strip():
            key = area_key(written)
            spelled.setdefault(key, " ".join(written.split()))
            areas[key] += count
    ranked = sorted(areas.items(), key=lambda kv: (-kv[1], kv[0]))
    return FocusMix(
        one_on_ones=len(listed),
        solutions=dict(solutions.most_common()),
        focus=dict(focus.most_common()),
        areas=tuple((spelled[key], count) for key, count in ranked),
    )


@dataclass(frozen=True)
class FocusPeriod:
    """The mix of one stretch ``[start, end)`` of time."""

    start: date
    end: date
    mix: FocusMix


def focus_over_time(
    diagnoses: Iterable[Diagnosis], *, boundaries: Sequence[date]
) -> tuple[FocusPeriod, ...]:
    """One mix per consecutive pair of ``boundaries`` (ascending), oldest first."""
    periods = list(itertools.pairwise(boundaries))
    # Each 1:1 goes to its period in one pass, in the order given.
    held: list[list[Diagnosis]] = [[] for _ in periods]
    for d in diagnoses:
        n = bisect_right(boundaries, d.held_on) - 1
        if 0 <= n < len(periods):
            held[n].append(d)
    return tuple(
        FocusPeriod(start, end, focus_mix(group))
        for (start, end), group in zip(periods, held, strict=True)
    )


def by_manager(diagnoses: Iterable[Diagnosis]) -> dict[str, list[Diagnosis]]:
    grouped: dict[str, list[Diagnosis]] = {}
    for d in diagnoses:
        grouped.setdefault(d.manager.lower(), []).append(d)
    return grouped


def rep_history(diagnoses: Iterable[Diagnosis], rep: str) -> tuple[Diagnosis, ...]:
    """One rep's 1:1s, newest first: what was diagnosed and chosen each time."""
    mine = [d for d in diagnoses if d.rep.lower() == rep.lower()]
    return tuple(sorted(mine, key=lambda d: d.held_on, reverse=True))
