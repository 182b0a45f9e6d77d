"""A closed coaching month keeps its figures in every output when the roster changes after."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.cli.digest_text import render_text
from bot.domain.operating_system import OperatingSystem, Organization
from bot.persistence.models import CoachingRating, Person
from bot.persistence.repositories.people import stored_roster
from bot.reporting.digest_json import digest_json
from bot.services.coaching_months import freeze_closed
from bot.services.digests import build_digest, build_manager_summary, digest_for_detail
from bot.services.export import export_all

NOVEMBER = date(2026, 11, 2)
CLOSED = datetime(2026, 12, 15, tzinfo=UTC)  # November closes on 15 December
WEEK = date(2026, 12, 21)  # a digest week whose coaching month is November
# answers per manager (coached yes/no): m2's two answers are below the threshold of 3
TEAMS = {
    "m1": ("a", (True, False, True)),
    "m2": ("a", (True, False)),
    "m3": ("b", (True, False, False)),
}


def seed(session: Session) -> dict[str, Person]:
    people: dict[str, Person] = {}

    def add(name: str, boss: str | None) -> Person:
        row = Person(
            email=f"{name}@acme.example",
            name=name,
            timezone="UTC",
            reports_to=people[boss] if boss else None,
        )
        session.add(row)
        session.flush()
        people[name] = row
        return row

    add("vp", None)
    add("a", "vp")
    add("b", "vp")
    for manager, (leader, answers) in TEAMS.items():
        add(manager, leader)
        for i, yes in enumerate(answers):
            rep = add(f"{manager}r{i}", manager)
            session.add(
                CoachingRating(
                    rep_id=rep.id,
                    manager_id=people[manager].id,
                    period_start=NOVEMBER,
                    received_coaching=yes,
                    usefulness=2 + i if yes else None,
                    submitted_at=datetime(2026, 11, 20, tzinfo=UTC),
                )
            )
    session.flush()
    return people


def acme(session: Session) -> OperatingSystem:
    organization = Organization(name="Acme", timezone="UTC", anonymity_threshold=3)
    return OperatingSystem(organization=organization, roster=stored_roster(session), cadences=())


def every_output(
    session: Session, out: Path, now: datetime, managers: tuple[str, ...] = tuple(TEAMS)
) -> dict[str, Any]:
    """November's coaching figures as every output shows them at ``now`` (the summaries and
    detail of ``managers``)."""
    config = acme(session)
    shown: dict[str, Any] = {}
    for leader in ("vp", "a", "b"):
        digest = build_digest(
            session, config, leader_email=f"{leader}@acme.example", week_start=WEEK, now=now
        )
        assert digest.coaching_window[0] == date(2026, 11, 1)
        shown[f"{leader} digest"] = digest.headline.coaching
        shown[f"{leader} json"] = digest_json(digest)["coaching"]
        text = render_text(digest).splitlines()
        shown[f"{leader} text"] = [line for line in text if "Coaching in" in line]
    for manager in managers:
        summary = build_manager_summary(
            session, config, manager_email=f"{manager}@acme.example", week_start=WEEK, now=now
        )
        shown[f"{manager} summary"] = summary.row.coaching
        detail = digest_for_detail(
            session,
            config,
            leader_email="vp@acme.example",
            manager_email=f"{manager}@acme.example",
            week_start=WEEK,
            now=now,
        )
        shown[f"{manager} detail"] = detail.manager(f"{manager}@acme.example").coaching
    export_all(session, out, operating_system=config, now=now)
    with (out / "coaching_results.csv").open(encoding="utf-8-sig", newline="") as file:
        shown["export"] = sorted(tuple(row.values()) for row in csv.DictReader(file))
    return shown


def test_a_manager_moving_to_another_leader_changes_no_figure_of_a_closed_month(
    session: Session, tmp_path: Path
) -> None:
    people = seed(session)
    before = every_output(session, tmp_path / "before", CLOSED)
    # a shows m1 and m2 together (5 answers); m2's 2 answers are withheld on their own.
    assert before["a digest"].responses == 5
    assert before["m2 summary"].responses is None

    people["m2"].reports_to = people["b"]
    session.flush()
    after = every_output(session, tmp_path / "after", CLOSED + timedelta(days=20))

    # Regrouped by today's roster, a would show m1's 3 answers: 5 - 3 gives m2's team away.
    assert after == before


def test_someone_leaving_changes_no_figure_of_a_closed_month(
    session: Session, tmp_path: Path
) -> None:
    people = seed(session)
    before = every_output(session, tmp_path / "before", CLOSED, managers=("m1", "m3"))

    # m2 leaves; their reps move to m1. The config no longer lists m2.
    for i in range(2):
        people[f"m2r{i}"].reports_to = people["m1"]
    people["m2"].reports_to = None
    people["m2"].active = False
    session.flush()
    after = every_output(
        session, tmp_path / "after", CLOSED + timedelta(days=20), managers=("m1", "m3")
    )

    # Regrouped by today's roster, m1 would show 5 answers where it showed 3, and a's total
    # would lose nothing: m1's two figures would give m2's team away.
    assert before["a digest"].responses == 5
    assert after == before


def test_the_close_tick_records_the_lines_before_anyone_reads_the_month(
    session: Session, tmp_path: Path
) -> None:
    people = seed(session)
    freeze_closed(session, acme(session).roster, now=CLOSED)

    # m2 moves before any output has read November: the tick's lines still group it.
    people["m2"].reports_to = people["b"]
    session.flush()
    freeze_closed(session, acme(session).roster, now=CLOSED + timedelta(days=1))
    first_read = every_output(session, tmp_path / "first", CLOSED + timedelta(days=1))

    assert first_read["a digest"].responses == 5
    assert first_read["b digest"].responses == 3  # m3's answers, without m2's
