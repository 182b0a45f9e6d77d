"""`cadence-bot preview --format json` across zones, DST changes, holidays and time off."""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path

import pytest

from bot.cli import main

CONFIG = """\
organization:
  name: Test Sales
  timezone: America/Chicago
  holidays: [2026-11-26]
people:
  - {email: vp@t.example, name: VP, timezone: America/New_York}
  - {email: lead@t.example, name: Lead, reports_to: vp@t.example, timezone: Europe/London}
  - {email: chi@t.example, name: Chi, reports_to: lead@t.example}
  - {email: ldn@t.example, name: Ldn, reports_to: lead@t.example, timezone: Europe/London}
  - {email: syd@t.example, name: Syd, reports_to: lead@t.example, timezone: Australia/Sydney}
  - {email: ktm@t.example, name: Ktm, reports_to: lead@t.example, timezone: Asia/Kathmandu}
  - {email: rep1@t.example, name: Rep One, reports_to: chi@t.example}
  - {email: rep2@t.example, name: Rep Two, reports_to: ldn@t.example, timezone: Europe/London}
  - {email: rep3@t.example, name: Rep Three, reports_to: syd@t.example, timezone: Australia/Sydney}
  - {email: rep4@t.example, name: Rep Four, reports_to: ktm@t.example, timezone: Asia/Kathmandu}
time_off:
  - {email: ldn@t.example, from: 2026-11-02, to: 2026-11-03}
cadences:
  - id: weekly-forecast
    kind: forecast
    audience: managers
    schedule: {every: week, opens: mon 09:00, due: wed 17:00}
    reminders: [24h]
    escalate_after: 4h
  - id: rep-1on1
    kind: one_on_one
    audience: manager_rep_pairs
    schedule: {every: 2 weeks, starting: 2026-01-05, opens: mon 09:00, due: thu 17:00}
digest: {to: leaders, at: mon 08:00}
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "cadence_config.yaml"
    path.write_text(CONFIG)
    return path


def run_preview(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, str]]:
    assert main(["preview", *args, "--format", "json"]) == 0
    rows: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return rows


def find(rows: list[dict[str, str]], **match: str | None) -> list[dict[str, str | None]]:
    return [r for r in rows if all(r[k] == v for k, v in match.items())]


def test_each_manager_is_nudged_at_nine_local_after_the_us_and_eu_dst_changes(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_preview(capsys, str(config), "--from", "2026-11-02", "--days", "1")
    opens = {r["recipient"]: (r["at_utc"], r["at_local"]) for r in find(rows, purpose="open")}
    assert opens["chi@t.example"] == ("2026-11-02T15:00:00Z", "2026-11-02T09:00:00-06:00")
    assert opens["ktm@t.example"] == ("2026-11-02T03:15:00Z", "2026-11-02T09:00:00+05:45")
    # Sydney is on daylight time (UTC+11) in November; Monday 09:00 is Sunday 22:00Z, before
    # the window, so it is not in this list.
    assert "syd@t.example" not in opens
    # London is on time off on Monday 2 and Tuesday 3 November: no open that day.
    assert "ldn@t.example" not in opens


def test_the_week_before_the_us_change_is_an_hour_earlier_in_utc(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_preview(capsys, str(config), "--from", "2026-10-26", "--days", "1")
    chi = find(rows, purpose="open", recipient="chi@t.example", cadence="weekly-forecast")
    # Chicago is still on CDT (UTC-5) on 26 October; London already on GMT since 25 October.
    assert [r["at_utc"] for r in chi] == ["2026-10-26T14:00:00Z"]
    ldn = find(rows, purpose="open", recipient="ldn@t.example", cadence="weekly-forecast")
    assert [r["at_local"] for r in ldn] == ["2026-10-26T09:00:00+00:00"]


def test_time_off_moves_the_open_and_drops_the_reminder_that_would_reach_due(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_preview(capsys, str(config), "--from", "2026-11-02", "--days", "4")
    ldn = find(rows, recipient="ldn@t.example", cadence="weekly-forecast")
    # Open moves from Monday to Wednesday 09:00 GMT; the 24h reminder (Tuesday 17:00) would move
    # to Wednesday 17:00 = due, so it is not sent; the escalation goes to the leader, not at
    # 21:00 but when their working hours start on Thursday.
    assert [(r["purpose"], r["at_utc"]) for r in ldn] == [("open", "2026-11-04T09:00:00Z")]
    escalation = find(rows, purpose="escalation", subject="ldn@t.example")
    assert [(r["recipient"], r["at_utc"]) for r in escalation] == [
        ("lead@t.example", "2026-11-05T08:00:00Z")
    ]


def test_a_one_on_one_due_on_a_holiday_is_excused_and_never_nudged(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_preview(capsys, str(config), "--from", "2026-11-22", "--days", "6")
    # Thursday 26 November is a holiday in every zone: each 1:1 of that period is excused.
    excused = find(rows, cadence="rep-1on1", purpose="excused")
    assert {(r["subject"], r["counterpart"]) for r in excused} == {
        ("chi@t.example", "rep1@t.example"),
        ("ldn@t.example", "rep2@t.example"),
        ("syd@t.example", "rep3@t.example"),
        ("ktm@t.example", "rep4@t.example"),
    }
    assert not find(rows, cadence="rep-1on1", purpose="open")


def test_digests_go_to_leaders_at_their_local_monday_eight(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_preview(capsys, str(config), "--from", "2026-11-30", "--days", "1")
    digests = {(r["recipient"], r["at_local"]) for r in find(rows, purpose="digest")}
    assert digests == {
        ("vp@t.example", "2026-11-30T08:00:00-05:00"),
        ("lead@t.example", "2026-11-30T08:00:00+00:00"),
    }


def test_rows_are_sorted_by_utc_and_can_be_filtered_to_one_person(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_preview(capsys, str(config), "--from", "2026-11-30", "--days", "7")
    assert [r["at_utc"] for r in rows] == sorted(r["at_utc"] for r in rows)
    mine = run_preview(
        capsys, str(config), "--from", "2026-11-30", "--days", "7", "--person", "KTM@t.example"
    )
    assert mine and {r["recipient"] for r in mine} == {"ktm@t.example"}
    assert set(mine[0]) == {
        "cadence",
        "kind",
        "purpose",
        "recipient",
        "subject",
        "counterpart",
        "at_utc",
        "at_local",
        "tz",
    }


def test_preview_of_the_shipped_example_sends_nothing_outside_anyones_working_hours(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shipped = Path(__file__).resolve().parents[2] / "cadence_config.yaml"
    rows = run_preview(capsys, str(shipped), "--from", "2026-10-26", "--days", "28")

    sent = [r for r in rows if r["purpose"] != "excused"]
    assert len({r["tz"] for r in sent}) >= 5
    for row in sent:
        local = datetime.fromisoformat(row["at_local"])
        assert local.isoweekday() <= 5, row
        assert time(8) <= local.time() < time(18), row


def test_working_hours_from_the_config_move_what_preview_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "cadence_config.yaml"
    config.write_text(
        CONFIG.replace(
            "  timezone: America/Chicago\n",
            "  timezone: America/Chicago\n  working_hours: 10:00-16:00\n",
            1,
        ),
        encoding="utf-8",
    )

    rows = run_preview(capsys, str(config), "--from", "2026-11-02", "--days", "1")

    opens = {r["recipient"]: r["at_local"] for r in find(rows, purpose="open")}
    assert opens["chi@t.example"] == "2026-11-02T10:00:00-06:00"  # opens mon 09:00 → 10:00
