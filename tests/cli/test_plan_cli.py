"""``cadence-bot plan``: one round of sync, plan and close on a migrated database, then exit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.persistence.database import create_engine_from_url
from bot.persistence.migrate import upgrade
from bot.persistence.models import Occurrence, OutboxMessage, Person
from tests.seeds.quarter import CONFIG

MONDAY = "2026-11-30T06:00Z"


@pytest.fixture
def migrated_url(empty_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    upgrade(empty_database_url)
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    yield empty_database_url


def counts(url: str) -> tuple[int, int, int]:
    engine = create_engine_from_url(url)
    try:
        with Session(engine) as session:
            return (
                session.scalar(select(func.count()).select_from(Person)) or 0,
                session.scalar(select(func.count()).select_from(Occurrence)) or 0,
                session.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
            )
    finally:
        engine.dispose()


def test_plan_syncs_the_roster_plans_and_says_what_it_did(
    migrated_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", str(CONFIG), "--now", MONDAY]) == 0

    out = capsys.readouterr().out
    people, occurrences, messages = counts(migrated_url)
    assert people > 0 and occurrences > 0 and messages > 0
    assert f"{people} added" in out
    assert f"{occurrences} occurrences added" in out
    assert f"{messages} messages queued" in out
    assert "Closed: 0 missed" in out


def test_a_second_plan_adds_nothing(migrated_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(CONFIG), "--now", MONDAY]) == 0
    first = counts(migrated_url)
    capsys.readouterr()

    assert main(["plan", str(CONFIG), "--now", MONDAY]) == 0

    out = capsys.readouterr().out
    assert counts(migrated_url) == first
    assert "0 added" in out and "0 occurrences added" in out and "0 messages queued" in out


def test_plan_refuses_an_unmigrated_database(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_database_url)

    assert main(["plan", str(CONFIG)]) == 2  # the environment's fault

    assert "cadence-bot migrate" in capsys.readouterr().err


def test_an_instant_without_an_offset_is_refused() -> None:
    with pytest.raises(SystemExit):
        main(["plan", "--now", "2026-11-30T09:00"])
