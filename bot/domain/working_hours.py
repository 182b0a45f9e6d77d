"""Working hours: the part of a working day in which a person may receive a DM.

Pure: a person's local wall-clock window (default 08:00-18:00), and where an instant outside it
moves — the start of the same day's window when it is early, the next day's when it is late.
Which days are working days is the calendar's business (``bot.domain.calendar``); this module
only places an instant inside one day's hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

# The end of a window that runs to midnight (``24:00``): the whole rest of the day is inside.
END_OF_DAY = time.max


@dataclass(frozen=True)
class WorkingHours:
    """``[start, end)`` in local wall-clock time; ``start < end`` (no overnight windows).

    ``end`` is ``END_OF_DAY`` for a window that runs to midnight (``00:00-24:00``: any time).
    """

    start: time = time(8, 0)
    end: time = time(18, 0)

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"working hours must start before they end: {self}")

    def __str__(self) -> str:
        end = "24:00" if self.end == END_OF_DAY else f"{self.end:%H:%M}"
        return f"{self.start:%H:%M}-{end}"

    def contains(self, wall: time) -> bool:
        return self.start <= wall and (wall < self.end or self.end == END_OF_DAY)

    def earliest_at_or_after(self, wall: datetime) -> datetime:
        """The first local wall-clock moment at or after ``wall`` inside these hours.

        Before the start: the same day's start. At or after the end: the next day's start
        (which may not be a working day — the calendar moves it on from there).
        """
        at = wall.time()
        if at < self.start:
            return datetime.combine(wall.date(), self.start)
        if not self.contains(at):
            return datetime.combine(wall.date() + timedelta(days=1), self.start)
        return wall


DEFAULT_WORKING_HOURS = WorkingHours()
