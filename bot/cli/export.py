"""``cadence-bot export --out DIR``: the history as CSV files for a spreadsheet or a BI tool.

The coaching results follow the config's roster and ``anonymity_threshold``, like the digest,
hence the config argument, and cover closed coaching periods only: an export taken later adds
periods, never changes one.
The roster is synced from the config first, as for every command that needs people.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.cli.exit_codes import file_fault, file_remedy
from bot.cli.options import add_config_argument, load_config, migrated_database
from bot.cli.roster import sync_from_config
from bot.persistence.database import UnitOfWork
from bot.services.export import export_all
from bot.settings import Settings


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "export", help="write occurrences, forecasts, notes, coaching results and actuals as CSV"
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="directory for the CSV files"
    )
    add_config_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    operating_system = load_config(args)
    settings = Settings()
    now = datetime.now(UTC)
    try:
        with migrated_database(settings) as sessions:
            # Who is on which team comes from the config, synced as `serve` does.
            sync_from_config(
                sessions, operating_system, settings=settings, now=now, for_slack=False
            )
            with UnitOfWork(sessions) as uow:
                written = export_all(
                    uow.session, args.out, operating_system=operating_system, now=now
                )
    except OSError as error:
        print(
            f"{args.out}: cannot write the export ({error.strerror}): {file_remedy(error)}, "
            "or give --out a folder you can write to.",
            file=sys.stderr,
        )
        return file_fault(error)
    for name, count in written.items():
        print(f"{args.out / name}: {count} row(s)")
    return 0
