"""The lifecycle of an occurrence and the rules that move it along."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class OccurrenceStatus(StrEnum):
    """``scheduled → open → done_on_time | done_late | skipped | excused | missed | not_nudged``.

    ``not_nudged``: closed without its opening nudge ever reaching the person before the due
    time (the bot was down, Slack was out); like ``excused`` it is never held against them.
    """

    SCHEDULED = "scheduled"
    OPEN = "open"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    SKIPPED = "skipped"
    EXCUSED = "excused"
    MISSED = "missed"
    NOT_NUDGED = "not_nudged"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES

    @property
    def is_done(self) -> bool:
        return self in (OccurrenceStatus.DONE_ON_TIME, OccurrenceStatus.DONE_LATE)


FINAL_STATUSES = frozenset(
    {
        OccurrenceStatus.DONE_ON_TIME,
        OccurrenceStatus.DONE_LATE,
        OccurrenceStatus.SKIPPED,
        OccurrenceStatus.EXCUSED,
        OccurrenceStatus.MISSED,
        OccurrenceStatus.NOT_NUDGED,
    }
)


def unanswered_status(*, due_at: datetime, first_nudge_at: datetime | None) -> OccurrenceStatus:
    """How an occurrence nobody answered closes: ``missed`` only if a nudge (its open or a
    reminder) reached the person before the due time; otherwise ``not_nudged``."""
    if first_nudge_at is not None and first_nudge_at < due_at:
        return OccurrenceStatus.MISSED
    return OccurrenceStatus.NOT_NUDGED


class SkipReason(StrEnum):
    REP_OUT = "rep_out"
    CUSTOMER_EMERGENCY = "customer_emergency"
    OTHER = "other"


class SnoozeChoice(StrEnum):
    """What a person picks to snooze a nudge; the service turns it into an instant."""

    TWO_HOURS = "2h"
    TOMORROW_MORNING = "tomorrow_morning"


class SolutionType(StrEnum):
    """What a manager chose to do about a diagnosed performance issue in a 1:1."""

    COACHING = "coaching"
    FIELD_TRAINING = "field_training"
    FEEDBACK = "feedback"
    TRAINING = "training"
    OTHER = "other"
    NONE = "none"
