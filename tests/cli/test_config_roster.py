"""One roster: on a database that was only migrated, every command that needs people reads
them from the config (syncing as ``serve`` does), and Slack ids are filled in given a token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from bot.cli import main
from bot.cli.exit_codes import ExitCode
from bot.persistence.migrate import upgrade
from bot.simulated_slack import SimulatedSlack
from tests.seeds.quarter import CARLOS, CONFIG, DANA


@pytest.fixture
def migrated_only(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Path]:
    """A migrated database nobody ever synced, and the example config as CADENCE_CONFIG."""
    upgrade(empty_database_url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    monkeypatch.setenv("CADENCE_CONFIG", str(CONFIG))
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    yield tmp_path


def test_import_actuals_knows_a_manager_who_is_only_in_the_config(
    migrated_only: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    actuals = migrated_only / "q4.csv"
    actuals.write_text(f"manager_email,period,amount\n{CARLOS},2026-Q4,125000\n")

    assert main(["import-actuals", str(actuals)]) == 0

    assert "1 inserted" in capsys.readouterr().out


def test_export_lists_the_config_roster(migrated_only: Path) -> None:
    assert main(["export", "--out", str(migrated_only / "out")]) == 0


def test_a_digest_dry_run_reads_the_leaders_team_from_the_config(
    migrated_only: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = migrated_only / "chart.png"

    assert main(["digest", "--leader", DANA, "--dry-run", "--chart-out", str(chart)]) == 0

    out = capsys.readouterr().out
    assert "Weekly digest for Dana Lee" in out
    assert "Carlos Mendoza" in out


def test_sending_a_digest_without_a_token_names_the_setting(
    migrated_only: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["digest", "--leader", DANA, "--chart-out", str(migrated_only / "c.png")])

    assert code == ExitCode.ENVIRONMENT  # the setup is missing the token, not the command
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN is not set" in err
    assert "serve" not in err


def test_with_a_token_the_digest_finds_the_leader_in_slack_by_email(
    migrated_only: Path,
    fake_slack: SimulatedSlack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dana = fake_slack.add_user(DANA, "Dana Lee")
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.token)
    monkeypatch.setenv("SLACK_API_BASE_URL", fake_slack.base_url)

    # Wednesday 2 December 2026, 10:00 in Chicago: inside Dana's working hours.
    with time_machine.travel(datetime(2026, 12, 2, 16, 0, tzinfo=UTC), tick=True):
        assert main(["digest", "--leader", DANA, "--chart-out", str(migrated_only / "c.png")]) == 0

    assert "Sent to Dana Lee" in capsys.readouterr().out
    assert fake_slack.messages_to(dana)


def test_a_leader_missing_from_slack_is_told_to_fix_the_email_not_to_run_serve(
    migrated_only: Path,
    fake_slack: SimulatedSlack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.token)
    monkeypatch.setenv("SLACK_API_BASE_URL", fake_slack.base_url)

    assert main(["digest", "--leader", DANA, "--chart-out", str(migrated_only / "c.png")]) == 1

    err = capsys.readouterr().err
    assert f"{DANA} was not found in Slack by email" in err
    assert "cadence-bot sync" in err and "serve" not in err
