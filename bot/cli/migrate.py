"""``cadence-bot migrate``: bring the database schema up to date with Alembic."""

from __future__ import annotations

import argparse
from typing import Any

from bot.persistence.migrate import upgrade
from bot.settings import Settings


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser("migrate", help="create or upgrade the database schema")
    parser.add_argument("--revision", default="head", help="target revision (default: head)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    url = Settings().database_url
    upgrade(url, revision=args.revision)
    print(f"Database schema is at {args.revision}.")
    return 0
