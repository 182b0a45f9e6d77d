"""Every listener of the Bolt app, grouped by Slack surface; ``register(app)`` wires them all.

Listeners acknowledge first, then work: buttons ack and open their modal with the fresh
``trigger_id``; modal submissions are validated and saved before the ack, because the ack is
where Slack takes field errors; slash commands answer in their ack.
"""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, submissions


def register(app: App) -> None:
    """Attach Cadence's commands, actions, modal submissions and events to ``app``."""
    commands.register(app)
    actions.register(app)
    submissions.register(app)
    events.register(app)
