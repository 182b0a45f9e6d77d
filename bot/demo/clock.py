"""The virtual clock a demo runs on: the app's ``now`` and the simulated Slack's, in one place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class VirtualClock:
    """Moves only when told: by the simulation's steps, or by a sender waiting out a 429."""

    def __init__(self, now: datetime) -> None:
        self._now = now.astimezone(UTC)

    def __call__(self) -> datetime:
        return self._now

    def seconds(self) -> float:
        """Epoch seconds, the simulated Slack's notion of time."""
        return self._now.timestamp()

    def move_to(self, moment: datetime) -> None:
        # Never backwards: a sender's wait may already have carried the clock past `moment`.
        self._now = max(self._now, moment.astimezone(UTC))

    def sleep(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
