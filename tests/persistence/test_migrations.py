"""The Alembic revisions build exactly the schema the models declare, on both engines."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

import bot.persistence.models  # noqa: F401  (registers every table on Base.metadata)
from bot.persistence.base import Base
from bot.persistence.database import create_engine_from_url
from bot.persistence.migrate import alembic_config, current_revision, is_up_to_date, upgrade


@pytest.fixture
def blank_engine(empty_database_url: str) -> Iterator[Engine]:
    engine = create_engine_from_url(empty_database_url)
    yield engine
    engine.dispose()


def test_upgrade_head_builds_the_schema_the_models_declare(
    empty_database_url: str, blank_engine: Engine
) -> None:
    upgrade(empty_database_url)

    with blank_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_downgrade_to_base_removes_every_table(
    empty_database_url: str, blank_engine: Engine
) -> None:
    upgrade(empty_database_url)

    command.downgrade(alembic_config(empty_database_url), "base")

    assert set(inspect(blank_engine).get_table_names()) <= {"alembic_version"}
    assert current_revision(blank_engine) is None


def test_a_database_is_up_to_date_only_once_upgraded(
    empty_database_url: str, blank_engine: Engine
) -> None:
    assert not is_up_to_date(blank_engine)

    upgrade(empty_database_url)

    assert is_up_to_date(blank_engine)
    assert current_revision(blank_engine) is not None
