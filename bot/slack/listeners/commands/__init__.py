"""Slash commands: one module per command, one line here per command."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.commands import cadence, rate_coaching


def register(app: App) -> None:
    cadence.register(app)
    rate_coaching.register(app)
