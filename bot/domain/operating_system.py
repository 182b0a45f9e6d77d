"""The whole operating system a config file describes, as plain domain objects.

The organisation-wide settings every rule reads (calendar defaults, privacy threshold) and
people's absences live here too: the operating system is made of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from bot.domain.cadence import Cadence, DigestSchedule
from bot.domain.dm_budget import NudgeSettings
from bot.domain.hints import HintSettings
from bot.domain.roster import Roster
from bot.domain.targets import Target
from bot.domain.working_hours import DEFAULT_WORKING_HOURS, WorkingHours

if TYPE_CHECKING:
    from bot.domain.calendar import PersonCalendar


@dataclass(frozen=True)
class Organization:
    name: str
    timezone: str
    currency: str = "USD"
    # ISO weekday numbers (Monday = 1 … Sunday = 7) on which people may be messaged.
    working_days: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    holidays: frozenset[date] = frozenset()
    anonymity_threshold: int = 3
    admins: tuple[str, ...] = ()
    # When, on a working day, people may be messaged (each person's own local time).
    working_hours: WorkingHours = DEFAULT_WORKING_HOURS
    # Nothing is due before this date (each subject's local midnight); None: the first plan.
    starts_on: date | None = None


@dataclass(frozen=True)
class TimeOff:
    """A person's absence, inclusive on both ends, in that person's local dates."""

    email: str
    start: date
    end: date
    reason: str = field(default="time off")

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class OperatingSystem:
    organization: Organization
    roster: Roster
    cadences: tuple[Cadence, ...]
    time_off: tuple[TimeOff, ...] = ()
    digest: DigestSchedule | None = None
    # Quotas from the config; imported ones replace them (see ``targets``).
    targets: tuple[Target, ...] = ()
    hints: HintSettings = field(default_factory=HintSettings)
    nudges: NudgeSettings = field(default_factory=NudgeSettings)

    def cadence(self, cadence_id: str) -> Cadence | None:
        return next((c for c in self.cadences if c.id == cadence_id), None)

    def time_off_of(self, email: str) -> tuple[TimeOff, ...]:
        return self._time_off_by_email.get(email.lower(), ())

    @cached_property
    def _time_off_by_email(self) -> dict[str, tuple[TimeOff, ...]]:
        # Indexed once: the schedule engine asks for a person's absences for every message.
        grouped: dict[str, list[TimeOff]] = {}
        for absence in self.time_off:
            grouped.setdefault(absence.email.lower(), []).append(absence)
        return {email: tuple(absences) for email, absences in grouped.items()}

    @cached_property
    def calendars(
        self,
    ) -> dict[tuple[str, tuple[TimeOff, ...], WorkingHours], PersonCalendar]:
        """The messaging calendars built so far, by zone, time off and working hours: people who
        share all three share a calendar (see ``schedule.calendar_of``), and its memory of
        answers."""
        return {}
