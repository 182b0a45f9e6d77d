"""How Cadence's vocabulary reads in Slack: one place for every user-facing enum label."""

from __future__ import annotations

from bot.domain.cadence import Kind
from bot.domain.occurrence import SkipReason, SnoozeChoice, SolutionType
from bot.domain.submissions import ActionItemOwner, Focus

SKIP_REASONS = {
    SkipReason.REP_OUT: "Rep out (sick, holiday, leave)",
    SkipReason.CUSTOMER_EMERGENCY: "Customer emergency",
    SkipReason.OTHER: "Other",
}

SOLUTIONS = {
    SolutionType.COACHING: "Coaching",
    SolutionType.FIELD_TRAINING: "Field training",
    SolutionType.FEEDBACK: "Feedback",
    SolutionType.TRAINING: "Training",
    SolutionType.OTHER: "Other",
    SolutionType.NONE: "None needed",
}

FOCUSES = {Focus.SKILL: "Skill", Focus.MINDSET: "Mindset"}

OWNERS = {ActionItemOwner.REP: "Rep", ActionItemOwner.MANAGER: "Me"}

SNOOZES = {SnoozeChoice.TWO_HOURS: "In 2 hours", SnoozeChoice.TOMORROW_MORNING: "Tomorrow morning"}

# The primary button of a nudge: what the reader is about to do.
FORM_BUTTONS = {
    Kind.FORECAST: "Submit forecast",
    Kind.ONE_ON_ONE: "Log 1:1 notes",
    Kind.TEAM_MEETING: "Log meeting notes",
    Kind.COACHING_PULSE: "Rate coaching",
    Kind.ACTIVITY: "Fill in",
}
