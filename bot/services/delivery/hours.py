"""Working hours for messages created at run time: the same rule as the planner's, per recipient.

The planner places what it plans on each person's calendar. A message created while the bot
runs (a 1:1 summary, a reopened item's nudge, a snoozed reminder, a merged DM) asks
``send_at`` when it may go, and the dispatcher asks ``calendar_for`` once more right before
sending (``prepare``), so a message delayed by a retry or an outage still waits for the hours.

Time off is not part of this calendar: it excuses occurrences in the planner; here it is the
clock and the working days that decide whether a notification may buzz now.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.calendar import PersonCalendar, hours_calendar
from bot.domain.messages import MessagePurpose, delivery_instant
from bot.domain.operating_system import OperatingSystem, Organization
from bot.persistence.models import Person

# Without a readable config, the organisation's defaults still keep the nights quiet.
_DEFAULT_ORGANIZATION = Organization(name="", timezone="UTC")


def calendar_for(operating_system: OperatingSystem | None, recipient: Person) -> PersonCalendar:
    """The working days, holidays and hours of ``recipient`` in their synced zone."""
    organization = operating_system.organization if operating_system else _DEFAULT_ORGANIZATION
    configured = operating_system.roster.get(recipient.email) if operating_system else None
    hours = (configured.working_hours if configured else None) or organization.working_hours
    return hours_calendar(
        recipient.timezone,
        working_days=organization.working_days,
        holidays=organization.holidays,
        hours=hours,
    )


def send_at(
    operating_system: OperatingSystem | None,
    *,
    recipient: Person,
    purpose: MessagePurpose,
    at: datetime,
    due_at: datetime | None = None,
) -> datetime | None:
    """When a message of ``purpose`` created for ``at`` may reach ``recipient``; None: never
    (an open or reminder that could only arrive at or after ``due_at``)."""
    calendar = calendar_for(operating_system, recipient)
    return delivery_instant(purpose, person_calendar=calendar, at=at, due_at=due_at)
