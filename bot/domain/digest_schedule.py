"""When each leader's weekly digest goes out: the configured local time, on their calendar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedDigest
from bot.domain.recurrence import monday_of, to_local, to_utc
from bot.domain.schedule import audience_members, calendar_of


def digests_between(
    os: OperatingSystem, *, start: datetime, end: datetime
) -> Iterator[PlannedDigest]:
    """Every digest due in [start, end); one per recipient and local week, moved, never dropped."""
    digest = os.digest
    if digest is None or not digest.enabled:
        return
    for leader, _ in audience_members(os, digest.to):
        tz, cal = leader.timezone, calendar_of(os, leader)
        # A digest moved off a long absence lands later: look back far enough to still see it.
        monday = monday_of(to_local(start, tz).date()) - timedelta(weeks=6)
        last = to_local(end, tz).date()
        while monday <= last:
            wall = datetime.combine(monday + timedelta(days=digest.at.weekday - 1), digest.at.at)
            at = cal.next_messaging_instant(to_utc(wall, tz))
            if at is not None and start <= at < end:
                yield PlannedDigest(leader=leader.email, week_start=monday, at=at, tz=tz)
            monday += timedelta(weeks=1)
