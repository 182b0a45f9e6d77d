"""``cadence-bot``: the admin's command line. Each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from importlib import metadata
from typing import NoReturn

from pydantic import ValidationError

from bot.cli import (
    check_config,
    demo,
    digest,
    export,
    import_actuals,
    import_targets,
    manifest,
    migrate,
    plan,
    preview,
    review,
    serve,
    status,
    sync,
)
from bot.cli.exit_codes import ExitCode, explain
from bot.cli.options import SchemaNotMigrated
from bot.config import ConfigError
from bot.settings import Settings

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
    manifest,
)


DEBUG_HELP = "on a failure, show the full traceback"


class Parser(argparse.ArgumentParser):
    """argparse, with a mistyped command exiting 1 like every other mistake (argparse says 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USER_MISTAKE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="cadence-bot", description="Cadence: your sales management operating system in Slack."
    )
    parser.add_argument("--version", action="version", version=f"cadence-bot {_version()}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    subcommands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Parser
    )
    for command in COMMANDS:
        command.register(subcommands)
    for subcommand in subcommands.choices.values():
        # After the sub-command too: `cadence-bot status --debug`.
        subcommand.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP
        )
    return parser


def _version() -> str:
    try:
        return metadata.version("cadence-bot")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except ConfigError as error:
        print(error.report(), file=sys.stderr)
        return ExitCode.ENVIRONMENT if error.unreadable else ExitCode.USER_MISTAKE
    except SchemaNotMigrated as error:
        print(error, file=sys.stderr)
        return ExitCode.ENVIRONMENT
    except Exception as error:
        return _fail(error, debug=args.debug)
    return code


def _fail(error: Exception, *, debug: bool) -> int:
    """One line on stderr naming the fault and its fix; the traceback only with ``--debug``."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    explained = explain(error, _settings())
    if explained is None:
        print(
            f"cadence-bot: unexpected error ({type(error).__name__}: {error}). This is a bug: "
            "run again with --debug and report the traceback.",
            file=sys.stderr,
        )
        return ExitCode.BUG
    code, line = explained
    print(f"cadence-bot: {line}", file=sys.stderr)
    return code


def _settings() -> Settings | None:
    try:
        return Settings()
    except ValidationError:
        return None
