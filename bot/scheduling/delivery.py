"""Wiring the dispatcher for a process: Slack notifier, lease owner, sizes."""

from __future__ import annotations

import os
import secrets
import socket
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.services.delivery_step import OperatingSystemSource
from bot.services.dispatcher import Dispatcher
from bot.settings import Settings
from bot.slack.notifier import SlackNotifier, delivery_client


def process_owner() -> str:
    """Names this process in lease columns, so `status` can say who held a stuck message."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def slack_dispatcher(
    settings: Settings,
    sessions: sessionmaker[Session],
    *,
    lease: timedelta = timedelta(minutes=2),
    batch_size: int = 20,
    operating_system: OperatingSystemSource | None = None,
) -> Dispatcher:
    """``operating_system`` composes digests and summaries; without it they wait for a
    dispatcher that has it (they are retried, then fail with the reason)."""
    notifier = SlackNotifier(delivery_client(settings))
    return Dispatcher(
        sessions,
        notifier,
        owner=process_owner(),
        lease=lease,
        batch_size=batch_size,
        operating_system=operating_system,
    )
