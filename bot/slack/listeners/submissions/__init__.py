"""Modal submissions: parse with the Block Kit parsers, then save, or answer field by field."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.submissions import (
    activity,
    adjustment,
    coaching_rating,
    forecast,
    meetings,
    skip,
)


def register(app: App) -> None:
    forecast.register(app)
    activity.register(app)
    meetings.register(app)
    coaching_rating.register(app)
    skip.register(app)
    adjustment.register(app)
