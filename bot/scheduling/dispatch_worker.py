"""A process that only delivers the outbox: ``python -m bot.scheduling.dispatch_worker``.

``cadence-bot serve`` dispatches from its clock; this entry runs the same dispatcher alone, from
the same Settings, for the multi-process delivery tests and for an extra sender in production.
``--until-drained`` exits once nothing is pending or being sent. ``slack_dispatcher`` wires the
dispatcher for a process (Slack notifier, lease owner, sizes); the clock of ``serve`` uses it too.
"""

from __future__ import annotations

import argparse
import functools
import os
import secrets
import socket
import time
from collections.abc import Callable, Sequence
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.bootstrap import utc_now
from bot.config import load_operating_system
from bot.observability.logs import configure_logging
from bot.persistence.database import UnitOfWork, create_engine_from_url, session_factory
from bot.persistence.models import OutboxState
from bot.persistence.repositories import outbox
from bot.services.delivery.dispatcher import DEFAULT_IN_FLIGHT, Dispatcher
from bot.services.delivery.prepare import OperatingSystemSource
from bot.services.delivery.throttle import Throttle
from bot.settings import Settings
from bot.slack.delivery.notifier import SlackNotifier, delivery_client

# Messages claimed, prepared and recorded together: each batch costs a claim, a budget check,
# a few loading queries and a few commits, whatever its size, and a sender killed mid-batch
# leaves at most this many messages to be looked up in Slack by its successor.
DEFAULT_BATCH_SIZE = 50


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.scheduling.dispatch_worker")
    parser.add_argument("--lease-seconds", type=float, default=120)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--poll-seconds", type=float, default=1.0)
    parser.add_argument(
        "--in-flight", type=int, default=DEFAULT_IN_FLIGHT, help="Slack calls at once"
    )
    parser.add_argument("--until-drained", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(level=settings.log_level, log_format=settings.log_format)
    sessions = session_factory(create_engine_from_url(settings.database_url))
    dispatcher = slack_dispatcher(
        settings,
        sessions,
        lease=timedelta(seconds=args.lease_seconds),
        batch_size=args.batch_size,
        in_flight=args.in_flight,
        # Read once, and only when a digest or summary is due: nudges need no config.
        operating_system=functools.cache(lambda: load_operating_system(settings.cadence_config)),
    )
    while True:
        dispatcher.run_until_idle(utc_now)
        if args.until_drained and _drained(sessions):
            return 0
        time.sleep(args.poll_seconds)


def _drained(sessions: sessionmaker[Session]) -> bool:
    with UnitOfWork(sessions) as uow:
        return not any(
            outbox.count_in_state(uow.session, state)
            for state in (OutboxState.PENDING, OutboxState.SENDING)
        )


def process_owner() -> str:
    """Names this process in lease columns, so `status` can say who held a stuck message."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def slack_dispatcher(
    settings: Settings,
    sessions: sessionmaker[Session],
    *,
    lease: timedelta = timedelta(minutes=2),
    batch_size: int = DEFAULT_BATCH_SIZE,
    in_flight: int = DEFAULT_IN_FLIGHT,
    operating_system: OperatingSystemSource | None = None,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> Dispatcher:
    """``operating_system`` composes digests and summaries; without it they wait for a
    dispatcher that has it (they are retried, then fail with the reason). ``sleep`` waits out
    Slack's Retry-After and ``monotonic`` paces each method after one (a simulation on a
    virtual clock passes that clock's, so its pauses and pace follow it)."""
    notifier = SlackNotifier(delivery_client(settings))
    return Dispatcher(
        sessions,
        notifier,
        owner=process_owner(),
        lease=lease,
        batch_size=batch_size,
        in_flight=in_flight,
        operating_system=operating_system,
        sleep=sleep,
        throttle=Throttle(monotonic),
    )


if __name__ == "__main__":
    raise SystemExit(main())
