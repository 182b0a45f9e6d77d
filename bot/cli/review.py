"""``cadence-bot review``: a leader's quarterly review — rhythm beside results — in the terminal.

It prints; it never sends. The quarterly DM goes out on its own through the outbox, once per
leader and quarter (see ``bot.services.review``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from bot.cli.exit_codes import ExitCode
from bot.cli.options import NOT_ON_ROSTER, add_config_argument, load_config, migrated_database
from bot.domain.actuals import Period, parse_period
from bot.domain.roster import Role
from bot.persistence.database import UnitOfWork
from bot.reporting.review_json import review_json
from bot.reporting.review_text import render_review_text
from bot.services.review import build_review
from bot.settings import Settings


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "review", help="print a leader's quarterly review: the rhythm beside the results"
    )
    add_config_argument(parser)
    parser.add_argument("--leader", required=True, metavar="EMAIL", help="whose subtree")
    parser.add_argument(
        "--quarter", required=True, type=quarter, metavar="QUARTER", help="e.g. 2026-Q4"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def quarter(text: str) -> Period:
    try:
        period = parse_period(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if "-Q" not in period.label:
        raise argparse.ArgumentTypeError(f"{text!r} is not a quarter — use e.g. 2026-Q4")
    return period


def run(args: argparse.Namespace) -> int:
    operating_system = load_config(args)
    leader = operating_system.roster.get(args.leader)
    if leader is None:
        print(NOT_ON_ROSTER.format(email=args.leader), file=sys.stderr)
        return ExitCode.USER_MISTAKE
    if not operating_system.roster.roles(leader.email) & {Role.LEADER, Role.MANAGER}:
        print(
            f"{leader.email} manages nobody: there is nothing to review. Give the email of "
            "someone with people reporting to them.",
            file=sys.stderr,
        )
        return ExitCode.USER_MISTAKE
    with migrated_database(Settings()) as sessions, UnitOfWork(sessions) as uow:
        review = build_review(
            uow.session,
            operating_system,
            leader_email=leader.email,
            quarter=args.quarter,
            now=datetime.now(UTC),
        )
    if args.format == "json":
        print(json.dumps(review_json(review), indent=2, ensure_ascii=False))
    else:
        print(render_review_text(review))
    return 0
