"""When the rhythm starts: nothing is due before Cadence, the person and the cadence all were.

A first deploy must not charge anyone for the weeks before it existed, a new hire for the
period they joined in, or anyone for a cadence added mid-period. An occurrence is expected only
if it falls due after the latest of: the organisation's go-live (``organization.starts_on``,
midnight in the subject's zone, when set; otherwise the first plan), the subject's and the
counterpart's joining the roster, and the cadence's being added.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

from bot.domain.planning import PlannedOccurrence
from bot.domain.recurrence import to_utc


@dataclass(frozen=True)
class RhythmStart:
    went_live_at: datetime
    starts_on: date | None = None
    # By lower-case email; someone absent was on the roster before go-live.
    joined_at: Mapping[str, datetime] = field(default_factory=dict)
    # By cadence id; a cadence absent existed before go-live.
    cadence_added_at: Mapping[str, datetime] = field(default_factory=dict)

    def go_live(self, tz: str) -> datetime:
        if self.starts_on is None:
            return self.went_live_at
        return to_utc(datetime.combine(self.starts_on, time()), tz)

    def of(self, occurrence: PlannedOccurrence) -> datetime:
        """The instant from which ``occurrence``'s subject owes this cadence."""
        people = [occurrence.subject, *([occurrence.counterpart] if occurrence.counterpart else [])]
        starts = [self.go_live(occurrence.tz)]
        starts += [self.joined_at[p.lower()] for p in people if p.lower() in self.joined_at]
        if occurrence.cadence_id in self.cadence_added_at:
            starts.append(self.cadence_added_at[occurrence.cadence_id])
        return max(starts)

    def expects(self, occurrence: PlannedOccurrence) -> bool:
        return occurrence.due_at > self.of(occurrence)
