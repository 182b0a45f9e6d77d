"""A process that only delivers the outbox: ``python -m bot.scheduling.dispatch_worker``.

``cadence-bot serve`` dispatches from its clock; this entry runs the same dispatcher alone, from
the same Settings, for the multi-process delivery tests and for an extra sender in production.
``--until-drained`` exits once nothing is pending or being sent.
"""

from __future__ import annotations

import argparse
import functools
import logging
import time
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.bootstrap import utc_now
from bot.config import load_operating_system
from bot.persistence.database import UnitOfWork, create_engine_from_url, session_factory
from bot.persistence.models import OutboxState
from bot.persistence.repositories import outbox_status
from bot.scheduling.delivery import slack_dispatcher
from bot.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.scheduling.dispatch_worker")
    parser.add_argument("--lease-seconds", type=float, default=120)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--poll-seconds", type=float, default=1.0)
    parser.add_argument("--until-drained", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    settings = Settings()
    sessions = session_factory(create_engine_from_url(settings.database_url))
    dispatcher = slack_dispatcher(
        settings,
        sessions,
        lease=timedelta(seconds=args.lease_seconds),
        batch_size=args.batch_size,
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
            outbox_status.count_in_state(uow.session, state)
            for state in (OutboxState.PENDING, OutboxState.SENDING)
        )


if __name__ == "__main__":
    raise SystemExit(main())
