"""Buttons and selects: in nudges, on the App Home, in the weekly digest, inside the 1:1 modal."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.actions import (
    action_item_done,
    adjust_forecast,
    manager_detail,
    open_form,
    overdue_status,
    rep_chosen,
    skip,
    snooze,
)


def register(app: App) -> None:
    open_form.register(app)
    snooze.register(app)
    skip.register(app)
    rep_chosen.register(app)
    manager_detail.register(app)
    adjust_forecast.register(app)
    overdue_status.register(app)
    action_item_done.register(app)
