"""The whole operating system a config file describes, as plain domain objects."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.domain.cadence import Cadence, DigestSchedule
from bot.domain.organization import Organization, TimeOff
from bot.domain.roster import Roster


@dataclass(frozen=True)
class OperatingSystem:
    organization: Organization
    roster: Roster
    cadences: tuple[Cadence, ...]
    time_off: tuple[TimeOff, ...] = ()
    digest: DigestSchedule | None = None

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
