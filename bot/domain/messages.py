"""Why the bot sends a message; every outbox row carries one of these."""

from __future__ import annotations

from enum import StrEnum


class MessagePurpose(StrEnum):
    OPEN = "open"
    REMINDER = "reminder"
    ESCALATION = "escalation"
    DIGEST = "digest"
    # Edit the original nudge in place once its occurrence is done, skipped or excused.
    DONE_UPDATE = "done_update"
    # A rep's copy of the 1:1 summary and their action items.
    ONE_ON_ONE_SUMMARY = "one_on_one_summary"
    # A manager's short weekly summary of their own rhythm.
    MANAGER_SUMMARY = "manager_summary"


# Nudges that lose their point once the occurrence is closed.
NUDGE_PURPOSES = frozenset(
    {MessagePurpose.OPEN, MessagePurpose.REMINDER, MessagePurpose.ESCALATION}
)
