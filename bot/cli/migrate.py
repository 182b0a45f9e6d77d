"""``cadence-bot migrate``: bring the database schema up to date with Alembic.

It reports the revision the database is at afterwards, read back from the database: an
upgrade to a revision older than the current one changes nothing, and says so.
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.persistence.database import create_engine_from_url
from bot.persistence.migrate import current_revision, newest_revision, upgrade
from bot.settings import Settings


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser("migrate", help="create or upgrade the database schema")
    parser.add_argument("--revision", default="head", help="target revision (default: head)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    url = Settings().database_url
    upgrade(url, revision=args.revision)
    engine = create_engine_from_url(url)
    try:
        reached = current_revision(engine)
    finally:
        engine.dispose()
    print(describe(reached, newest=newest_revision()))
    return 0


def describe(reached: str | None, *, newest: str) -> str:
    if reached is None:
        return "Database schema is empty (at base): run `cadence-bot migrate` to create it."
    if reached == newest:
        return f"Database schema is at {reached}, the newest revision."
    return (
        f"Database schema is at {reached}; the newest is {newest} "
        "(run `cadence-bot migrate` to get there)."
    )
