"""What people submit to close an occurrence, and the rules a submission must satisfy.

These are the validated inputs of the record-submission use cases, independent of where they were
typed (a Slack modal today). Rules are plain functions of their inputs; the caller turns the
problems they return into messages next to the right field.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from bot.domain.occurrence import SkipReason, SolutionType

# Money is stored as NUMERIC(14, 2): at most 12 digits before the point and 2 after.
MONEY_PLACES = 2
MONEY_LIMIT = Decimal(10) ** 12

USEFULNESS_SCALE = range(1, 6)


class Figure(StrEnum):
    """The three numbers of a forecast, in the order they must not decrease."""

    COMMIT = "commit"
    BEST_CASE = "best_case"
    PIPELINE = "pipeline"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class FigureProblem:
    """``figure`` is negative (``above`` is None) or exceeds the ``above`` figure's ``limit``."""

    figure: Figure
    above: Figure | None = None
    limit: Decimal | None = None


def forecast_problems(
    *, commit: Decimal, best_case: Decimal, pipeline: Decimal
) -> list[FigureProblem]:
    """Commit ≤ best case ≤ pipeline, none negative; at most one problem per figure.

    An inversion is blamed on the lower-ranked figure (commit above best case is the commit's
    problem), which is the number a manager usually revises.
    """
    figures = {Figure.COMMIT: commit, Figure.BEST_CASE: best_case, Figure.PIPELINE: pipeline}
    problems = {f: FigureProblem(f) for f, amount in figures.items() if amount < 0}
    ordered = list(figures)
    for lower, upper in itertools.pairwise(ordered):
        if lower not in problems and upper not in problems and figures[lower] > figures[upper]:
            problems[lower] = FigureProblem(lower, above=upper, limit=figures[upper])
    return [problems[f] for f in ordered if f in problems]


def fits_money_column(amount: Decimal) -> bool:
    exponent = amount.as_tuple().exponent
    return isinstance(exponent, int) and -exponent <= MONEY_PLACES and abs(amount) < MONEY_LIMIT


@dataclass(frozen=True)
class ForecastInput:
    commit: Decimal
    best_case: Decimal
    pipeline: Decimal
    changes: str | None = None
    key_deals: str | None = None
    risks: str | None = None


def forecast_fits_the_rules(forecast: ForecastInput) -> bool:
    """The one statement of what a storable forecast is: every figure fits the money column, and
    ``forecast_problems`` finds nothing. The form shows each broken rule on its field; the
    service refuses whatever still breaks one."""
    figures = (forecast.commit, forecast.best_case, forecast.pipeline)
    return all(fits_money_column(amount) for amount in figures) and not forecast_problems(
        commit=forecast.commit, best_case=forecast.best_case, pipeline=forecast.pipeline
    )


class Focus(StrEnum):
    """Whether a 1:1 worked on what the rep can do (skill) or how they think (mindset)."""

    SKILL = "skill"
    MINDSET = "mindset"


class ActionItemOwner(StrEnum):
    MANAGER = "manager"
    REP = "rep"


@dataclass(frozen=True)
class ActionItemInput:
    owner: ActionItemOwner
    text: str
    due_on: date | None = None


@dataclass(frozen=True)
class OneOnOneInput:
    """``rep`` is the rep's roster email."""

    rep: str
    held_on: date
    topics: str
    solution: SolutionType
    performance_issue: str | None = None
    focus: Focus | None = None
    focus_detail: str | None = None
    action_items: tuple[ActionItemInput, ...] = ()
    next_meeting_on: date | None = None
    # Open items from earlier 1:1s with this rep, ticked done on this form (by item id).
    done_items: tuple[int, ...] = ()


def held_in_future(held_on: date, *, today: date) -> bool:
    """Notes are about a meeting that happened; ``today`` is the author's local date."""
    return held_on > today


def due_before_meeting(due_on: date, *, held_on: date) -> bool:
    return due_on < held_on


def next_meeting_too_early(next_meeting_on: date, *, held_on: date) -> bool:
    return next_meeting_on <= held_on


@dataclass(frozen=True)
class TeamMeetingInput:
    """``attendees`` are roster emails; ``agenda_covered`` are the cadence's agenda items."""

    held_on: date
    attendees: tuple[str, ...]
    agenda_covered: tuple[str, ...] = ()
    notes: str | None = None
    decisions: str | None = None


Answer = Decimal | str | date | None


@dataclass(frozen=True)
class ActivityInput:
    """Answers keyed by question id; an unanswered optional question maps to ``None``."""

    answers: Mapping[str, Answer] = field(default_factory=dict)


@dataclass(frozen=True)
class CoachingRatingInput:
    received_coaching: bool
    usefulness: int | None = None
    comment: str | None = None


def usefulness_required(*, received_coaching: bool, usefulness: int | None) -> bool:
    """A rep who was coached says how useful it was; one who was not has nothing to rate."""
    return received_coaching and usefulness is None


@dataclass(frozen=True)
class SkipInput:
    reason: SkipReason
    note: str | None = None


def skip_note_required(reason: SkipReason, note: str | None) -> bool:
    return reason is SkipReason.OTHER and not note
