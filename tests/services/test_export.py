"""The export: CSV files a spreadsheet opens cleanly, with coaching results that stay anonymous."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.services.export import NOT_ENOUGH_RESPONSES, export_all
from tests.seeds.history import FORMULA_TOPIC, SECRET_COMMENTS, seed_history

FILES = {
    "occurrences.csv",
    "forecast_submissions.csv",
    "meeting_notes.csv",
    "action_items.csv",
    "coaching_results.csv",
    "actuals.csv",
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def exported(session: Session, tmp_path: Path) -> Path:
    seed_history(session)
    written = export_all(session, tmp_path, anonymity_threshold=3)
    assert set(written) == FILES
    return tmp_path


def test_every_file_starts_with_a_byte_order_mark_and_one_header_row(exported: Path) -> None:
    for name in FILES:
        raw = (exported / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        header = raw.decode("utf-8-sig").splitlines()[0]
        assert "," in header and header.islower(), name


def test_occurrences_show_status_skip_reason_and_times_in_utc_and_local(exported: Path) -> None:
    rows = read(exported / "occurrences.csv")

    assert len(rows) == 4
    forecast = next(r for r in rows if r["kind"] == "forecast")
    assert forecast["subject"] == "zoe@acme.example"
    assert forecast["period_start"] == "2026-11-23"
    assert forecast["timezone"] == "Europe/Berlin"
    assert (forecast["due_utc"], forecast["due_local"]) == (
        "2026-11-25 16:00:00",
        "2026-11-25 17:00:00",
    )
    assert forecast["status"] == "done_on_time"
    skipped = next(r for r in rows if r["status"] == "skipped")
    assert (skipped["skip_reason"], skipped["counterpart"]) == ("rep_out", "z2@acme.example")
    assert skipped["completed_utc"] == skipped["completed_local"] == ""


def test_every_forecast_version_is_exported(exported: Path) -> None:
    rows = read(exported / "forecast_submissions.csv")

    assert [(r["version"], r["commit"]) for r in rows] == [("1", "100000.00"), ("2", "90000.00")]
    assert rows[0]["risks"] == "'-20% if Globex slips"


def test_meeting_notes_hold_one_on_ones_and_team_meetings(exported: Path) -> None:
    rows = {r["meeting"]: r for r in read(exported / "meeting_notes.csv")}

    assert rows["one_on_one"]["rep"] == "z1@acme.example"
    assert rows["one_on_one"]["solution_type"] == "coaching"
    team = rows["team_meeting"]
    assert team["attendees"] == "z1@acme.example; z2@acme.example"
    assert team["agenda_covered"] == "pipeline; wins"
    assert team["notes"] == "Línea uno\nline two"


def test_text_that_looks_like_a_formula_is_neutralised(exported: Path) -> None:
    note = next(r for r in read(exported / "meeting_notes.csv") if r["meeting"] == "one_on_one")
    team = next(r for r in read(exported / "meeting_notes.csv") if r["meeting"] == "team_meeting")
    [item] = read(exported / "action_items.csv")

    assert note["topics"] == "'" + FORMULA_TOPIC
    assert team["decisions"] == "'+1 to the new deck"
    assert item["text"] == "'@Globex send the proposal"


def test_action_items_say_whose_they_are_and_whether_they_are_done(exported: Path) -> None:
    [item] = read(exported / "action_items.csv")

    assert (item["manager"], item["owner"], item["due_on"], item["status"]) == (
        "zoe@acme.example",
        "z1@acme.example",
        "2026-11-23",
        "open",
    )


def test_actuals_are_exported_with_their_period_and_source(exported: Path) -> None:
    [actual] = read(exported / "actuals.csv")

    assert actual == {
        "manager": "zoe@acme.example",
        "period": "2026-Q4",
        "period_start": "2026-10-01",
        "period_end": "2026-12-31",
        "amount": "125000.50",
        "source": "csv",
        "imported_utc": "2026-11-25 16:00:00",
    }


def test_coaching_results_never_isolate_fewer_reps_than_the_threshold(exported: Path) -> None:
    rows = {(r["manager"], r["scope"]): r for r in read(exported / "coaching_results.csv")}

    # Bo has 2 reps: hidden. Zoë's 3 are hidden too, or the VP's 5 minus Zoë's 3 would be Bo's.
    for manager in ("bo@acme.example", "zoe@acme.example"):
        row = rows[manager, "direct reps"]
        assert row["responses"] == row["received_coaching_share"] == NOT_ENOUGH_RESPONSES
        assert row["average_usefulness"] == NOT_ENOUGH_RESPONSES
    vp = rows["vp@acme.example", "everyone below"]
    assert (vp["responses"], vp["received_coaching_share"], vp["average_usefulness"]) == (
        "5",
        "0.6",
        "3.0",
    )


def test_no_comment_or_individual_answer_leaves_the_database(exported: Path) -> None:
    everything = "".join((exported / name).read_text(encoding="utf-8-sig") for name in FILES)

    for comment in SECRET_COMMENTS:
        assert comment not in everything
    header = read(exported / "coaching_results.csv")[0].keys()
    assert "rep" not in header and "comment" not in header
