"""``cadence-bot``: the admin's command line. Each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.cli import (
    check_config,
    demo,
    digest,
    export,
    import_actuals,
    import_targets,
    migrate,
    plan,
    preview,
    review,
    serve,
    status,
    sync,
)
from bot.cli.options import SchemaNotMigrated
from bot.config import ConfigError

COMMANDS = (
    demo,
    check_config,
    preview,
    migrate,
    status,
    serve,
    sync,
    plan,
    import_actuals,
    import_targets,
    export,
    digest,
    review,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadence-bot", description="Cadence: your sales management operating system in Slack."
    )
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except ConfigError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except SchemaNotMigrated as error:
        print(error, file=sys.stderr)
        return 1
    return code
