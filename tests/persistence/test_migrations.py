"""The Alembic revisions build exactly the schema the models declare, on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

import bot.persistence.models  # noqa: F401  (registers every table on Base.metadata)
from bot.persistence.base import Base
from bot.persistence.database import create_engine_from_url
from bot.persistence.migrate import alembic_config, current_revision, is_up_to_date, upgrade
from bot.persistence.models import OneOnOneNote
from bot.services.note_history import one_on_one_versions

BEFORE_NOTE_REVISIONS = "3cdc7ea015df"


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


def test_existing_1on1_notes_get_their_focus_detail_and_current_version_kept(
    empty_database_url: str, blank_engine: Engine
) -> None:
    upgrade(empty_database_url, BEFORE_NOTE_REVISIONS)
    saved = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    tables = Base.metadata.tables
    with blank_engine.begin() as connection:
        connection.execute(
            tables["people"].insert(),
            [
                {"id": 1, "email": "chi@x.example", "name": "Chi", "timezone": "UTC"},
                {"id": 2, "email": "ann@x.example", "name": "Ann", "timezone": "UTC"},
            ],
        )
        connection.execute(
            tables["one_on_one_notes"]
            .insert()
            .values(
                id=7,
                manager_id=1,
                rep_id=2,
                held_on=date(2026, 11, 25),
                topics="Pricing",
                solution_type="coaching",
                focus="skill",
                version=2,
                submitted_at=saved,
            )
        )
        connection.execute(
            tables["action_items"]
            .insert()
            .values(one_on_one_note_id=7, owner_id=2, text="Call Globex", created_at=saved)
        )
        connection.execute(
            tables["outbox_messages"].insert(),
            [
                {
                    "dedupe_key": f"note:7:summary:{n}",
                    "purpose": "one_on_one_summary",
                    "key": f"summary:{n}",
                    "recipient_id": 2,
                    "send_after": saved,
                    "state": "sent",
                    "attempts": 1,
                    "payload": {"note_id": 7, "focus_detail": detail},
                    "created_at": saved,
                }
                for n, detail in ((1, "old words"), (2, "discovery questions"))
            ],
        )

    upgrade(empty_database_url)

    with Session(blank_engine) as session:
        versions = one_on_one_versions(session, 7)
        note = session.get(OneOnOneNote, 7)
    assert note is not None and note.focus_detail == "discovery questions"
    assert [(v.version, v.saved_by_id, v.saved_at, v.topics) for v in versions] == [
        (2, 1, saved, "Pricing")
    ]
    assert versions[0].focus_detail == "discovery questions"
    assert [(i.owner_id, i.text) for i in versions[0].action_items] == [(2, "Call Globex")]
