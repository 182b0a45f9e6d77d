"""What a re-plan does with what was planned before: why an occurrence lapsed, what still goes out.

Pure rules for the planner service; the reasons are what admins and people read in Slack.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.messages import CancelReason, MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedMessage
from bot.domain.schedule import audience_members

# Why a stored occurrence the plan no longer expects is excused.
LEFT_THE_ROSTER = "left the roster"
CADENCE_REMOVED = "cadence removed"
REASSIGNED = "reassigned"  # no longer in the cadence's audience, e.g. the rep changed manager
SCHEDULE_CHANGED = "schedule changed"


def why_unplanned(
    operating_system: OperatingSystem,
    *,
    cadence_id: str,
    subject: str,
    counterpart: str | None,
    everyone_active: bool,
) -> str:
    """Why an occurrence stored earlier is missing from today's plan; people by email."""
    if not everyone_active:
        return LEFT_THE_ROSTER
    cadence = operating_system.cadence(cadence_id)
    if cadence is None:
        return CADENCE_REMOVED
    expected = {
        (s.email.lower(), c.email.lower() if c else None)
        for s, c in audience_members(operating_system, cadence.audience)
    }
    if (subject.lower(), counterpart.lower() if counterpart else None) not in expected:
        return REASSIGNED
    return SCHEDULE_CHANGED


def cancel_reason(purpose: str) -> CancelReason:
    """An escalation drops out of the plan when its recipient is no longer the manager."""
    return (
        CancelReason.MANAGER_CHANGED
        if purpose == MessagePurpose.ESCALATION
        else CancelReason.NO_LONGER_PLANNED
    )


def still_worth_sending(
    message: PlannedMessage,
    *,
    now: datetime,
    due_at: datetime,
    first_planned: bool,
    replaces_unsent_escalation: bool,
) -> bool:
    """Whether a planned message is still enqueued when the planner meets it at ``now``.

    Future messages always are, except the escalation of an occurrence first planned after its
    due instant: it was never nudged, so escalating it would blame someone for a reminder they
    never got (working hours can move that escalation past the planner's now). A past open or
    reminder only for an occurrence planned just now whose due instant is still ahead (the
    dispatcher then sends it at once); an occurrence seen before had its chance. A past
    escalation only when it replaces one that was never sent (the manager changed).
    """
    if message.purpose is MessagePurpose.ESCALATION and first_planned and now >= due_at:
        return False
    if message.at >= now:
        return True
    if message.purpose is MessagePurpose.ESCALATION:
        return replaces_unsent_escalation
    return first_planned and now < due_at
