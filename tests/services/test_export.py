"""The export: CSV files a spreadsheet opens cleanly, with coaching results that stay anonymous."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.domain.operating_system import OperatingSystem, Organization
from bot.domain.roster import Roster
from bot.persistence.models import CoachingRating, Person
from bot.persistence.repositories.people import stored_roster
from bot.services.digests import build_digest
from bot.services.export import NOT_ENOUGH_RESPONSES, export_all
from tests.seeds.history import FORMULA_TOPIC, SECRET_COMMENTS, WEEK, seed_history

# The seeded ratings are for November 2026, which closes on 15 December.
NOVEMBER_OPEN = datetime(2026, 12, 14, 23, 59, tzinfo=UTC)
NOVEMBER_CLOSED = datetime(2026, 12, 15, tzinfo=UTC)

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
    written = export_all(
        session, tmp_path, operating_system=acme(stored_roster(session)), now=NOVEMBER_CLOSED
    )
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
    assert (vp["period_start"], vp["period_end"]) == ("2026-11-01", "2026-11-30")


def acme(roster: Roster) -> OperatingSystem:
    organization = Organization(name="Acme", timezone="UTC", anonymity_threshold=3)
    return OperatingSystem(organization=organization, roster=roster, cadences=())


def coaching_rows(session: Session, out: Path, now: datetime) -> list[dict[str, str]]:
    export_all(session, out, operating_system=acme(stored_roster(session)), now=now)
    return read(out / "coaching_results.csv")


def test_a_period_still_taking_answers_is_not_exported_so_a_later_export_reveals_none(
    session: Session, tmp_path: Path
) -> None:
    org = seed_history(session)
    before = coaching_rows(session, tmp_path / "before", NOVEMBER_OPEN)
    # One more answer in November: Zoë's fourth rep (on today's main the two exports differ by
    # exactly this answer: 3 → 4 responses).
    late = Person(email="z4@acme.example", name="Z4", timezone="UTC", reports_to=org.zoe)
    session.add(late)
    session.flush()
    session.add(
        CoachingRating(
            rep_id=late.id,
            manager_id=org.zoe.id,
            period_start=WEEK,
            received_coaching=False,
            usefulness=None,
            submitted_at=NOVEMBER_OPEN,
        )
    )
    session.flush()
    after = coaching_rows(session, tmp_path / "after", NOVEMBER_OPEN)

    assert before == after == []
    closed = coaching_rows(session, tmp_path / "closed", NOVEMBER_CLOSED)
    assert {r["period_start"] for r in closed} == {date(2026, 11, 1).isoformat()}


def test_no_comment_or_individual_answer_leaves_the_database(exported: Path) -> None:
    everything = "".join((exported / name).read_text(encoding="utf-8-sig") for name in FILES)

    for comment in SECRET_COMMENTS:
        assert comment not in everything
    header = read(exported / "coaching_results.csv")[0].keys()
    assert "rep" not in header and "comment" not in header


def test_the_export_and_the_digest_show_the_same_figures_even_beside_someone_who_left(
    session: Session, tmp_path: Path
) -> None:
    org = seed_history(session)
    config = acme(stored_roster(session))  # the config: nobody who left is on it
    # Old left with both reps; their November answers stay in the database. Grouped under Val
    # in one output and not in the other, Val's two totals would differ by Old's two answers.
    old = Person(email="old@acme.example", name="Old", timezone="UTC", reports_to=org.vp)
    session.add(old)
    session.flush()
    for i, yes in enumerate((True, False)):
        rep = Person(email=f"o{i}@acme.example", name=f"O{i}", timezone="UTC", reports_to=old)
        session.add(rep)
        session.flush()
        session.add(
            CoachingRating(
                rep_id=rep.id,
                manager_id=old.id,
                period_start=WEEK,
                received_coaching=yes,
                usefulness=2 if yes else None,
                submitted_at=NOVEMBER_OPEN,
            )
        )
        rep.active = False
    old.active = False
    session.flush()

    export_all(session, tmp_path, operating_system=config, now=NOVEMBER_CLOSED)
    rows = {(r["manager"], r["scope"]): r for r in read(tmp_path / "coaching_results.csv")}
    digest = build_digest(
        session,
        config,
        leader_email="vp@acme.example",
        week_start=date(2026, 12, 21),
        now=NOVEMBER_CLOSED,
    )

    vp = rows["vp@acme.example", "everyone below"]
    assert digest.coaching_window[0] == date(2026, 11, 1)
    assert (vp["responses"], vp["received_coaching_share"]) == ("5", "0.6")
    assert (digest.headline.coaching.responses, digest.headline.coaching.reported_share) == (5, 0.6)
    assert ("old@acme.example", "direct reps") not in rows
