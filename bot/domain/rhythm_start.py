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

    def of_cadence(self, cadence_id: str, tz: str) -> datetime:
        """The instant from which anyone in zone ``tz`` owes ``cadence_id``: the go-live, or
        the cadence's being added if that came later."""
        added = self.cadence_added_at.get(cadence_id)
        go_live = self.go_live(tz)
        return go_live if added is None else max(go_live, added)

    def of_people(self, *emails: str | None) -> datetime | None:
        """When the last of these people joined the roster after go-live; None if none did."""
        joined = [self.joined_at.get(e.lower()) for e in emails if e] if self.joined_at else []
        return max((j for j in joined if j is not None), default=None)
