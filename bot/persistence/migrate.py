"""Alembic, configured in code: upgrade a database and tell whether it is up to date."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

import bot

MIGRATIONS_DIR = Path(bot.__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    """The Alembic configuration; no ``alembic.ini`` is read.

    Values go through ConfigParser interpolation, hence the doubled ``%``.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    # New revisions sort by creation date: 20261126_<rev>_<slug>.py.
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    config.set_main_option("timezone", "UTC")
    config.set_section_option("post_write_hooks", "hooks", "ruff_format")
    config.set_section_option("post_write_hooks", "ruff_format.type", "module")
    config.set_section_option("post_write_hooks", "ruff_format.module", "ruff")
    config.set_section_option(
        "post_write_hooks", "ruff_format.options", "format REVISION_SCRIPT_FILENAME"
    )
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


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS_DIR))
