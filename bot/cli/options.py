"""Arguments several commands share, parsed the same way everywhere."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.config import load_operating_system
from bot.domain.actuals import Period, parse_period
from bot.domain.operating_system import OperatingSystem
from bot.persistence.database import create_engine_from_url, session_factory
from bot.persistence.migrate import is_up_to_date
from bot.settings import Settings


class SchemaNotMigrated(Exception):
    """The database is behind the code; ``main`` prints this and exits 2: the setup, not the
    command, needs fixing (by ``cadence-bot migrate``)."""

    def __init__(self, database_url: str) -> None:
        shown = make_url(database_url).render_as_string(hide_password=True)
        super().__init__(
            f"The database at {shown} is not migrated: run `cadence-bot migrate` first."
        )


# Someone a command names by email is not among the config's people.
NOT_ON_ROSTER = (
    "{email} is not on the roster in the config: check the email, or add them to the "
    "config's people."
)


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "config",
        nargs="?",
        type=Path,
        help="the cadence config file (default: $CADENCE_CONFIG or cadence_config.yaml)",
    )


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """``--config PATH``, for commands whose positional argument is something else."""
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="the cadence config file (default: $CADENCE_CONFIG or cadence_config.yaml)",
    )


def load_config(args: argparse.Namespace) -> OperatingSystem:
    path: Path = args.config or Settings().cadence_config
    return load_operating_system(path)


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date — use YYYY-MM-DD") from None


@contextmanager
def migrated_database(settings: Settings) -> Iterator[sessionmaker[Session]]:
    """Sessions on the settings' database, which must be migrated; its engine is disposed after."""
    engine = create_engine_from_url(settings.database_url)
    try:
        if not is_up_to_date(engine):
            raise SchemaNotMigrated(settings.database_url)
        yield session_factory(engine)
    finally:
        engine.dispose()


def period_argument(text: str) -> Period:
    """An argparse type for `2026-Q4`, `2026-11` or `2026-W48`."""
    try:
        return parse_period(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
