"""The coaching gap: coaching a manager logs vs coaching their reps say they received.

Privacy rule. Rep answers are only shown as aggregates that give no single answer away: at
least ``threshold`` answers, and not all alike (``answers_safe``, ``scores_safe``): a share of
0% or 100%, or an average of 1.0 or 5.0, would tell each rep's answer however many answered.
Gaps shown together, a manager's beside their leader's, go through ``bot.domain.coaching_tree``,
which also stops anyone from isolating a few reps by subtracting one aggregate from another;
``bot.domain.coaching_view`` is the one entry point every output uses.

Every aggregate is a sum over disjoint cells, one per manager: the 1:1s that manager logged and
the latest answer of each rep who rated them, in the period window. ``cells_by_manager`` sorts
every row into its cell in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.domain.coaching_periods import CoachingPeriod
from bot.domain.occurrence import SolutionType

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


@dataclass(frozen=True)
class Cell:
    """The raw material of one aggregate, before any suppression."""

    logged: tuple[LoggedOneOnOne, ...] = ()
    ratings: tuple[RepRating, ...] = ()

    @property
    def responses(self) -> int:
        return len(self.ratings)

    @property
    def scored(self) -> int:
        return sum(1 for r in self.ratings if r.usefulness is not None)


def _latest_per_rep(ratings: Iterable[RepRating]) -> list[RepRating]:
    # One answer per rep and manager: several answers from one rep must not count as several reps.
    latest: dict[tuple[str, str], RepRating] = {}
    for r in ratings:
        key = (r.rep.lower(), r.manager.lower())
        if key not in latest or r.period_start >= latest[key].period_start:
            latest[key] = r
    return list(latest.values())


def cells_by_manager(
    *, logged: Iterable[LoggedOneOnOne], ratings: Iterable[RepRating], period: CoachingPeriod
) -> dict[str, Cell]:
    """Each manager's cell (by lower-case email) for ``period``. Only a ``CoachingPeriod``, never
    a window of the caller's own: two outputs over overlapping windows could be subtracted.

    A manager with no row in the period has no entry: read with ``.get(email, Cell())``.
    """
    first, end = period.window
    logged_by: dict[str, list[LoggedOneOnOne]] = {}
    for o in logged:
        if first <= o.period_start < end:
            logged_by.setdefault(o.manager.lower(), []).append(o)
    ratings_by: dict[str, list[RepRating]] = {}
    for r in ratings:
        if first <= r.period_start < end:
            ratings_by.setdefault(r.manager.lower(), []).append(r)
    return {
        manager: Cell(
            logged=tuple(logged_by.get(manager, ())),
            ratings=tuple(_latest_per_rep(ratings_by.get(manager, ()))),
        )
        for manager in logged_by.keys() | ratings_by.keys()
    }


def answers_safe(cell: Cell, threshold: int) -> bool:
    """Whether the reps' yes/no answers in ``cell`` may be shown together: at least
    ``threshold`` of them, and at least one of each (a unanimous share tells every answer)."""
    said_yes = sum(1 for r in cell.ratings if r.received_coaching)
    return cell.responses >= threshold and 0 < said_yes < cell.responses


def scores_safe(cell: Cell, threshold: int) -> bool:
    """Whether the usefulness scores in ``cell`` may be averaged for display: at least
    ``threshold`` scores, not all the same (an average of identical scores is each score)."""
    scores = {r.usefulness for r in cell.ratings if r.usefulness is not None}
    return cell.scored >= threshold and len(scores) > 1


def gap_of(cell: Cell, *, show_ratings: bool, show_usefulness: bool) -> CoachingGap:
    """The aggregate of ``cell``, rep-derived figures only where the caller may show them."""
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
