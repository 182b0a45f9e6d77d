"""Alembic from ``alembic.ini``: upgrade a database and tell whether it is up to date."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

import bot

ROOT = Path(bot.__file__).resolve().parent.parent
MIGRATIONS_DIR = ROOT / "migrations"
# The one Alembic configuration: `cadence-bot migrate` and `alembic` on the command line read it.
ALEMBIC_INI = ROOT / "alembic.ini"


def alembic_config(database_url: str) -> Config:
    """``alembic.ini``, pointed at ``database_url``.

    Values go through ConfigParser interpolation, hence the doubled ``%``.
    """
    config = Config(str(ALEMBIC_INI))
    # A regular (non-editable) install has the migrations beside the package but no
    # alembic.ini: name them here so `cadence-bot migrate` works in any install.
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_up_to_date(engine: Engine) -> bool:
    """Whether the database is at the newest revision; ``serve`` refuses to start otherwise."""
    with engine.connect() as connection:
        applied = set(MigrationContext.configure(connection).get_current_heads())
    return applied == set(_scripts().get_heads())


def newest_revision() -> str:
    """The head revision the code expects."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS_DIR))
