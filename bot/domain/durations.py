"""Durations as the schedule engine names them in message keys: ``reminder:24h``."""

from __future__ import annotations

from datetime import timedelta


def format_duration(value: timedelta) -> str:
    """A stable spelling of ``value`` in hours and minutes (``26h``, ``1h30m``).

    Hours, not days, so a reminder's key reads as the config usually writes it (``24h``).
    """
    hours, minutes = divmod(int(value.total_seconds()) // 60, 60)
    text = "".join(f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m")) if n)
    return text or "0m"
