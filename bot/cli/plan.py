"""``cadence-bot plan``: one round of the planner, then exit, saying what it did.

The same steps ``serve`` runs on its clock — sync the roster from the config (and Slack, given a
token), plan the horizon, close what is past due — once, each in its own transaction. For cron
jobs, rehearsals on a copy of the database, and timing the planner.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from bot.cli.options import add_config_argument, load_config, migrated_database
from bot.cli.roster import sync_from_config
from bot.persistence.database import UnitOfWork
from bot.services import closer, planner
from bot.settings import Settings

T = TypeVar("T")


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "plan", help="sync the roster, plan the coming days and close what is past due, once"
    )
    add_config_argument(parser)
    parser.add_argument(
        "--days",
        type=_positive_days,
        default=planner.DEFAULT_HORIZON,
        metavar="N",
        help=f"how far ahead to plan (default {planner.DEFAULT_HORIZON.days})",
    )
    parser.add_argument(
        "--now",
        type=_utc_instant,
        metavar="ISO",
        help="plan as if it were this instant, e.g. 2026-11-30T09:00Z (default: now)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    operating_system = load_config(args)
    settings = Settings()
    now: datetime = args.now or datetime.now(UTC)
    with migrated_database(settings) as sessions:
        # Slack refusing users.list ends in main, which names the token to check (exit 2).
        roster, took = _timed(
            lambda: sync_from_config(sessions, operating_system, settings=settings, now=now)
        )
        people = len(operating_system.roster)
        print(
            f"Roster: {people} people in the config, {len(roster.added)} added, "
            f"{len(roster.deactivated)} deactivated, {len(roster.not_in_slack)} not found in "
            f"Slack; {len(roster.cadences.changed)} cadences added or changed ({took})"
        )
        with UnitOfWork(sessions) as uow:
            planned, took = _timed(
                lambda: planner.plan(uow.session, operating_system, now=now, horizon=args.days)
            )
        print(
            f"Planned {args.days.days} days from {now:%Y-%m-%d %H:%M} UTC: "
            f"{planned.occurrences_added} occurrences added ({planned.excused} excused), "
            f"{planned.opened} opened, {planned.messages_enqueued} messages queued, "
            f"{planned.messages_cancelled} cancelled ({took})"
        )
        if planned.not_synced:
            print(f"Not planned, not synced: {', '.join(sorted(planned.not_synced))}")
        with UnitOfWork(sessions) as uow:
            closed, took = _timed(lambda: closer.close(uow.session, now=now))
        print(
            f"Closed: {closed.missed} missed, {closed.not_nudged} not nudged, "
            f"{closed.excused} excused, "
            f"{closed.messages_cancelled} pending messages cancelled ({took})"
        )
    return 0


def _timed(step: Callable[[], T]) -> tuple[T, str]:
    """The step's result, and how long it took: wall time, and this process's CPU time (on a
    busy machine the wall time says more about the neighbours)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, (f"{time.perf_counter() - started:.2f} s, {time.process_time() - cpu:.2f} s CPU")


def _positive_days(text: str) -> timedelta:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number of days")
    return timedelta(days=int(text))


def _utc_instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 instant") from None
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no offset: add Z or +HH:MM")
    return instant.astimezone(UTC)
