"""Alembic environment: the models' metadata is the target.

The URL is the one ``cadence-bot migrate`` passes in or, for ``alembic`` run from the repository
root, the bot's own ``DATABASE_URL`` (environment or ``.env``).
"""

from __future__ import annotations

from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext

import bot.persistence.models  # noqa: F401  (registers every table on Base.metadata)
from bot.persistence.base import Base, UtcDateTime
from bot.persistence.database import create_engine_from_url
from bot.settings import Settings


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    # Revisions must not import application code, which may change after they are written.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


OPTIONS: dict[str, Any] = {
    "target_metadata": Base.metadata,
    "compare_type": True,
    # Batch operations, so a revision runs on SQLite whatever engine it was generated against.
    "render_as_batch": True,
    "render_item": render_item,
}


def database_url() -> str:
    return context.config.get_main_option("sqlalchemy.url") or Settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        literal_binds=True,
        **OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine_from_url(database_url())
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, **OPTIONS)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
