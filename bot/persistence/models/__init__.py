"""Every table of Cadence; importing this package completes ``Base.metadata``."""

from bot.persistence.models.action_items import ActionItem
from bot.persistence.models.actuals import ActualsSource, ForecastActual, ForecastAdjustment
from bot.persistence.models.cadences import Cadence
from bot.persistence.models.coaching import CoachingMonthLine, CoachingRating
from bot.persistence.models.digests import DigestRun, DigestState
from bot.persistence.models.go_live import GoLive
from bot.persistence.models.occurrences import Occurrence
from bot.persistence.models.outbox import OutboxMessage, OutboxState
from bot.persistence.models.people import Person
from bot.persistence.models.planning import PlanMark
from bot.persistence.models.submissions import (
    ActivitySubmission,
    ForecastSubmission,
    OneOnOneNote,
    OneOnOneNoteRevision,
    TeamMeetingNote,
    TeamMeetingNoteRevision,
)
from bot.persistence.models.targets import SalesTarget, TargetSource
from bot.persistence.models.time_off import TimeOff, TimeOffSource

__all__ = [
    "ActionItem",
    "ActivitySubmission",
    "ActualsSource",
    "Cadence",
    "CoachingMonthLine",
    "CoachingRating",
    "DigestRun",
    "DigestState",
    "ForecastActual",
    "ForecastAdjustment",
    "ForecastSubmission",
    "GoLive",
    "Occurrence",
    "OneOnOneNote",
    "OneOnOneNoteRevision",
    "OutboxMessage",
    "OutboxState",
    "Person",
    "PlanMark",
    "SalesTarget",
    "TargetSource",
    "TeamMeetingNote",
    "TeamMeetingNoteRevision",
    "TimeOff",
    "TimeOffSource",
]
