"""``cadence-bot preview``: what would be sent, when and to whom — no Slack needed."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.cli.exit_codes import ExitCode
from bot.cli.options import NOT_ON_ROSTER, add_config_argument, iso_date, load_config
from bot.services.preview import PreviewRow, preview


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser("preview", help="print the messages the bot would send")
    add_config_argument(parser)
    parser.add_argument(
        "--from", dest="start", type=iso_date, help="first day, UTC (default: today)"
    )
    parser.add_argument("--days", type=int, default=7, help="how many days (default: 7)")
    parser.add_argument("--person", help="only messages to this email")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    operating_system = load_config(args)
    if args.person is not None and args.person not in operating_system.roster:
        print(NOT_ON_ROSTER.format(email=args.person), file=sys.stderr)
        return ExitCode.USER_MISTAKE
    day = args.start or datetime.now(UTC).date()
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    rows = preview(
        operating_system, start=start, end=start + timedelta(days=args.days), person=args.person
    )
    if args.format == "json":
        print(json.dumps([row.as_json() for row in rows], indent=2))
    else:
        print(render_text(rows))
    return 0


def render_text(rows: list[PreviewRow]) -> str:
    if not rows:
        return "Nothing would be sent in this window."
    lines = []
    for row in rows:
        local = row.at_local
        about = f" about {row.subject}" if row.subject != row.recipient else ""
        with_ = f" with {row.counterpart}" if row.counterpart else ""
        lines.append(
            f"{row.at_utc:%a %Y-%m-%d %H:%M}Z  {local:%a %H:%M} {local.tzname():<6} "
            f"{row.purpose_name:<10} {row.cadence:<18} → {row.recipient}{about}{with_}"
        )
    return "\n".join(lines)
