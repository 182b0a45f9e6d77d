"""A cadence: one rhythm of the operating system (what, for whom, how often, when due)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum


class Kind(StrEnum):
    FORECAST = "forecast"
    ONE_ON_ONE = "one_on_one"
    TEAM_MEETING = "team_meeting"
    COACHING_PULSE = "coaching_pulse"
    ACTIVITY = "activity"


class Audience(StrEnum):
    MANAGERS = "managers"
    REPS = "reps"
    LEADERS = "leaders"
    MANAGER_REP_PAIRS = "manager_rep_pairs"


class Frequency(StrEnum):
    WEEK = "week"
    MONTH = "month"


class QuestionType(StrEnum):
    NUMBER = "number"
    TEXT = "text"
    SELECT = "select"
    DATE = "date"


@dataclass(frozen=True)
class WeekdayTime:
    """A local wall-clock moment inside a period: ``mon 09:00`` or, monthly, ``first mon 09:00``.

    ``weekday`` is ISO (Monday = 1). ``nth`` (1…4, or -1 for "last") is only used by monthly
    schedules; weekly schedules ignore it.
    """

    weekday: int
    at: time
    nth: int | None = None


@dataclass(frozen=True)
class Schedule:
    every: Frequency
    opens: WeekdayTime
    due: WeekdayTime
    interval: int = 1
    # Periods of an ``every: N weeks`` cadence count from the week containing this date.
    starting: date | None = None


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    type: QuestionType = QuestionType.TEXT
    multiline: bool = False
    required: bool = True
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cadence:
    id: str
    kind: Kind
    audience: Audience
    schedule: Schedule
    title: str = ""
    reminders: tuple[timedelta, ...] = ()
    escalate_after: timedelta | None = None
    questions: tuple[Question, ...] = field(default=())
    # Team-meeting agenda items the notes modal offers as "covered".
    agenda: tuple[str, ...] = ()
    # What doing it well means: the form shows these as checkboxes (see ``checklists``).
    checklist: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.title or self.id.replace("-", " ").capitalize()


@dataclass(frozen=True)
class DigestSchedule:
    """The weekly leader digest, sent at ``at`` in each leader's local time."""

    at: WeekdayTime
    to: Audience = Audience.LEADERS
    enabled: bool = True
