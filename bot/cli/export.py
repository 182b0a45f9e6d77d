"""``cadence-bot export --out DIR``: the history as CSV files for a spreadsheet or a BI tool.

The coaching results respect the config's ``anonymity_threshold``, hence the config argument.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.options import add_config_argument, load_config
from bot.persistence.database import UnitOfWork, create_engine_from_url, session_factory
from bot.persistence.migrate import is_up_to_date
from bot.services.export import export_all
from bot.settings import Settings

NOT_MIGRATED = "The database schema is not up to date: run `cadence-bot migrate` first."


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
    threshold = load_config(args).organization.anonymity_threshold
    engine = create_engine_from_url(Settings().database_url)
    try:
        if not is_up_to_date(engine):
            print(NOT_MIGRATED, file=sys.stderr)
            return 1
        with UnitOfWork(session_factory(engine)) as uow:
            written = export_all(uow.session, args.out, anonymity_threshold=threshold)
    except OSError as error:
        print(f"{args.out}: cannot write the export ({error.strerror})", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    for name, count in written.items():
        print(f"{args.out / name}: {count} row(s)")
    return 0
