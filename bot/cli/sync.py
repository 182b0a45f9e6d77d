"""``cadence-bot sync``: bring the roster, time off and cadences in the database up to the config.

People are resolved to Slack accounts by email (``users.list``, one call per 200 people) and
take their Slack time zone unless the config pins one.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from bot.cli.options import add_config_argument, load_config, migrated_database
from bot.cli.roster import sync_from_config
from bot.services.roster_sync import RosterSyncReport
from bot.settings import Settings


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "sync",
        help="sync people, time off and cadences from the config (and Slack) to the database",
    )
    add_config_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    operating_system = load_config(args)
    settings = Settings()
    # Slack refusing users.list ends in main, which names the token to check (exit 2).
    with migrated_database(settings) as sessions:
        report = sync_from_config(
            sessions, operating_system, settings=settings, now=datetime.now(UTC)
        )
    print(render_text(report))
    return 0


def render_text(report: RosterSyncReport) -> str:
    lines = [
        _listed("Added to the roster", report.added),
        _listed("Left the roster (deactivated)", report.deactivated),
        _listed("Not found in Slack (check the email)", report.not_in_slack),
        _listed("Slack account deleted or deactivated", report.inactive_in_slack),
        _listed(
            "Time zone from Slack",
            [f"{email} ({zone})" for email, zone in sorted(report.slack_timezones.items())],
        ),
        f"Time off: {report.time_off_added} added, {report.time_off_removed} removed",
        _listed("Cadences added or changed", report.cadences.changed),
        _listed("Cadences removed (deactivated)", report.cadences.deactivated),
    ]
    return "\n".join(lines)


def _listed(title: str, items: list[str]) -> str:
    if not items:
        return f"{title}: none"
    return f"{title} ({len(items)}):\n" + "\n".join(f"  {item}" for item in sorted(items))
