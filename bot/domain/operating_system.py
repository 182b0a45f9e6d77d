"""The whole operating system a config file describes, as plain domain objects."""

from __future__ import annotations

from dataclasses import dataclass

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
