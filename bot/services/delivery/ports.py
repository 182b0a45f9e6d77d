"""What the services need from the outside world, as small protocols with their own errors.

The dispatcher talks to Slack only through ``Notifier``; the Slack adapter maps Slack's answers to
these errors, so the retry rules live in the service and read in business terms.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple, Protocol

from bot.services.delivery.compose import OutgoingMessage, OutgoingReport


class SentRef(NamedTuple):
    """Where a sent message lives in Slack, enough to find or edit it later."""

    channel: str
    ts: str


class DeliveryError(Exception):
    """A message could not be delivered; the subclass says whether trying again can help."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RateLimited(DeliveryError):
    """Slack refused a call of ``method`` (HTTP 429): nothing was sent; that method may be
    called again after ``retry_after`` seconds."""

    def __init__(self, retry_after: float, *, method: str = "chat.postMessage") -> None:
        super().__init__(f"{method} rate limited for {retry_after:g}s")
        self.retry_after = retry_after
        self.method = method


class TransientDeliveryError(DeliveryError):
    """5xx, timeout, dropped connection: the message may or may not have arrived; retry later."""


class PermanentDeliveryError(DeliveryError):
    """``user_not_found``, ``account_inactive``…: trying again gives the same answer."""


class Notifier(Protocol):
    def send(self, message: OutgoingMessage, *, outbox_id: int) -> SentRef:
        """Post ``message`` to its recipient, tagged with ``outbox_id`` so it can be found."""
        ...

    def find_sent(
        self, recipient_slack_id: str, *, outbox_id: int, since: datetime
    ) -> SentRef | None:
        """The message tagged ``outbox_id`` in the recipient's DM since ``since``, if any."""
        ...

    def update(self, ref: SentRef, message: OutgoingMessage) -> None:
        """Replace the message at ``ref`` with ``message`` (e.g. a nudge that is now done)."""
        ...

    def send_report(self, report: OutgoingReport, *, outbox_id: int) -> SentRef:
        """Post a digest or summary to its recipient, tagged with ``outbox_id``; attachments
        (a digest's chart) follow with ``complete_report``."""
        ...

    def complete_report(self, ref: SentRef, report: OutgoingReport, *, look_first: bool) -> None:
        """Add the report's attachments next to the message at ``ref``; with ``look_first``,
        only those an earlier attempt did not already add."""
        ...
