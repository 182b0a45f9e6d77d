"""Small things an admin trips over: --version, what migrate says, an unknown person, an empty
chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.persistence.migrate import newest_revision
from bot.simulated_slack import SimulatedSlack
from tests.seeds.quarter import CONFIG, DANA


def test_version_names_the_installed_release(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])

    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == "cadence-bot 0.1.0"


def test_migrate_reports_the_revision_the_database_is_really_at(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_database_url)

    assert main(["migrate", "--revision", "base"]) == 0
    assert "empty (at base)" in capsys.readouterr().out
    assert main(["migrate", "--revision", "0001"]) == 0
    assert f"at 0001; the newest is {newest_revision()}" in capsys.readouterr().out
    assert main(["migrate"]) == 0
    assert f"at {newest_revision()}, the newest" in capsys.readouterr().out
    # Asking for an older revision does not downgrade, and it says where the schema really is.
    assert main(["migrate", "--revision", "base"]) == 0
    assert f"at {newest_revision()}, the newest" in capsys.readouterr().out


def test_preview_of_someone_not_on_the_roster_is_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["preview", str(CONFIG), "--person", "nobody@acme.example"]) == 1

    captured = capsys.readouterr()
    assert "nobody@acme.example is not on the roster" in captured.err
    assert "Nothing would be sent" not in captured.out


def test_a_digest_with_no_figures_yet_draws_and_uploads_no_chart(
    empty_database_url: str,
    fake_slack: SimulatedSlack,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.token)
    monkeypatch.setenv("SLACK_API_BASE_URL", fake_slack.base_url)
    dana = fake_slack.add_user(DANA, "Dana Lee")
    assert main(["migrate"]) == 0
    chart = tmp_path / "chart.png"

    assert main(["digest", str(CONFIG), "--leader", DANA, "--chart-out", str(chart)]) == 0

    assert "No chart: nothing was due in the last 12 weeks." in capsys.readouterr().out
    assert not chart.exists()
    assert len(fake_slack.messages_to(dana)) == 1  # the digest, without a chart
    assert not fake_slack.calls("files.getUploadURLExternal")
