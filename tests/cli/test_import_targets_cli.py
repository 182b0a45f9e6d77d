"""``cadence-bot import-targets``, run in-process against a real database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.persistence.database import create_engine_from_url
from bot.persistence.models import SalesTarget
from tests.seeds.history import seed_org


def stored_targets(url: str) -> int:
    engine = create_engine_from_url(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(SalesTarget)) or 0
    engine.dispose()
    return count


def test_a_good_file_is_imported_and_reported(
    database: Callable[[Callable[[Session], object]], None],
    empty_database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database(seed_org)
    path = tmp_path / "q4.csv"
    path.write_text("manager_email,period,amount\nzoe@acme.example,2026-Q4,300000\n")

    assert main(["import-targets", str(path)]) == 0
    assert main(["import-targets", str(path)]) == 0

    out = capsys.readouterr().out
    assert f"Imported targets from {path}: 1 inserted, 0 updated, 0 unchanged." in out
    assert f"Imported targets from {path}: 0 inserted, 0 updated, 1 unchanged." in out
    assert stored_targets(empty_database_url) == 1


def test_a_bad_file_is_refused_whole_naming_each_bad_line(
    database: Callable[[Callable[[Session], object]], None],
    empty_database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database(seed_org)
    path = tmp_path / "q4.csv"
    path.write_text(
        "manager_email,period,amount\n"
        "zoe@acme.example,2026-Q4,300000\n"
        "bo@acme.example,Q4,100\n"
        "\n"
        "ghost@acme.example,2026-Q4,100\n"
    )

    assert main(["import-targets", str(path)]) == 1

    err = capsys.readouterr().err
    assert f"{path}:3: period 'Q4' is not" in err
    assert f"{path}:5: ghost@acme.example is not on the roster" in err
    assert "Nothing imported: 2 problem(s)." in err
    assert stored_targets(empty_database_url) == 0


def test_a_crm_import_needs_a_period(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-targets", "--from", "salesforce"]) == 1
    assert "--period" in capsys.readouterr().err


def test_salesforce_without_its_settings_names_the_setting_to_fix(
    database: Callable[[Callable[[Session], object]], None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database(seed_org)
    monkeypatch.delenv("SALESFORCE_INSTANCE_URL", raising=False)

    assert main(["import-targets", "--from", "salesforce", "--period", "2026-Q4"]) == 2

    assert "SALESFORCE_INSTANCE_URL is not set" in capsys.readouterr().err
