"""Fixtures of the command-line tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.persistence.database import create_engine_from_url
from bot.persistence.migrate import upgrade


@pytest.fixture
def database(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[[Callable[[Session], object]], None]:
    """Points DATABASE_URL at a migrated database; call the result to seed it."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    upgrade(empty_database_url)

    def seed(fill: Callable[[Session], object]) -> None:
        engine = create_engine_from_url(empty_database_url)
        with Session(engine) as session:
            fill(session)
            session.commit()
        engine.dispose()

    return seed
