"""`cadence-bot check-config`: a summary for a good file, every problem for a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_config_is_accepted_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(ROOT / "cadence_config.yaml")]) == 0
    out = capsys.readouterr().out
    assert "configuration OK" in out
    assert "leaders     3" in out and "managers    5" in out and "reps       25" in out
    for cadence in (
        "weekly-forecast",
        "rep-1on1",
        "team-meeting",
        "coaching-pulse",
        "pipeline-review",
    ):
        assert cadence in out


def test_a_broken_config_exits_1_naming_file_line_and_field_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "organization:\n"
        "  name: X\n"
        "  timezone: Mars/Olympus\n"
        "people:\n"
        "  - {email: a@x.example, name: A, reports_to: nobody@x.example}\n"
        "cadences:\n"
        "  - id: f\n"
        "    kind: forecast\n"
        "    audience: managers\n"
        "    schedule: {every: week, opens: mon 09:00, due: wed 25:00}\n"
    )
    assert main(["check-config", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "broken.yaml:3: organization.timezone" in err
    assert "broken.yaml:5:" in err and "nobody@x.example" in err
    assert "broken.yaml:10: cadences[0].schedule.due" in err


def test_a_missing_file_is_reported_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-config", str(tmp_path / "nope.yaml")]) == 1
    err = capsys.readouterr().err
    assert "nope.yaml" in err and "Traceback" not in err
