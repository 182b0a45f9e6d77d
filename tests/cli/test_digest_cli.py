"""``cadence-bot digest`` on a migrated database holding the seeded quarter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.domain.messages import MessagePurpose
from bot.persistence.database import create_engine_from_url
from bot.persistence.migrate import upgrade
from bot.persistence.models import DigestRun, DigestState, OutboxMessage, Person
from bot.reporting.chart import height_px
from bot.simulated_slack import SimulatedSlack
from tests.reporting.test_chart import png_size
from tests.seeds.quarter import CONFIG, DANA, example_os, seed_quarter

DIGEST_WEEK = "2026-W43"  # Mon 19 Oct 2026: reports on the week of 12 Oct
# Monday 19 October 2026 at 11:00 and (the night before) at 22:00 in Chicago, where Dana is.
MONDAY_11 = datetime(2026, 10, 19, 16, 0, tzinfo=UTC)
SUNDAY_22 = datetime(2026, 10, 19, 3, 0, tzinfo=UTC)
MONDAY_8 = datetime(2026, 10, 19, 13, 0, tzinfo=UTC)


@pytest.fixture
def seeded_url(empty_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    upgrade(empty_database_url)
    engine = create_engine_from_url(empty_database_url)
    with Session(engine) as session:
        seed_quarter(session, example_os())
        session.commit()
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    yield empty_database_url


def digest(*extra: str) -> int:
    return main(["digest", str(CONFIG), "--leader", DANA, "--week", DIGEST_WEEK, *extra])


def test_dry_run_prints_the_digest_and_writes_the_chart(
    seeded_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = tmp_path / "dana.png"

    assert digest("--dry-run", "--chart-out", str(chart)) == 0

    out = capsys.readouterr().out
    assert "Weekly digest for Dana Lee <dana@acme.example>, week of Mon 12 Oct" in out
    assert "Rhythm slipped: 67% on time last week, below the 8-week average of 87%." in out
    assert "Forecast for the week of Mon 12 Oct: $210,000 (-$90,000 on the period before)" in out
    assert (
        "Over the last 12 weeks, forecasts landed within 10% of actuals (29 forecasts), "
        "under-called by 3%." in out
    )
    assert out.index("! Carlos Mendoza") < out.index("! Jordan Ellis") < out.index("Aisha Brooks")
    assert "reps: not enough responses" in out
    assert png_size(chart.read_bytes()) == (1200, height_px(3))


def test_without_dry_run_it_is_sent_once(
    seeded_url: str,
    tmp_path: Path,
    fake_slack: SimulatedSlack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dana = fake_slack.add_user(DANA, "Dana Lee")
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.token)
    monkeypatch.setenv("SLACK_API_BASE_URL", fake_slack.base_url)
    engine = create_engine_from_url(seeded_url)
    with Session(engine) as session:
        session.scalars(select(Person).where(Person.email == DANA)).one().slack_id = dana
        session.commit()
    chart = str(tmp_path / "chart.png")

    with time_machine.travel(MONDAY_11, tick=True):
        assert digest("--chart-out", chart) == 0
        assert digest("--chart-out", chart) == 1

    assert "already sent" in capsys.readouterr().err  # a refusal, on stderr
    assert len(fake_slack.messages_to(dana)) == 2  # the message and its chart, once
    with Session(engine) as session:
        (run,) = session.scalars(select(DigestRun)).all()
        assert run.state is DigestState.SENT
    engine.dispose()


def test_sent_outside_the_leaders_working_hours_it_is_queued_for_their_morning(
    seeded_url: str,
    tmp_path: Path,
    fake_slack: SimulatedSlack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dana = fake_slack.add_user(DANA, "Dana Lee")
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.token)
    monkeypatch.setenv("SLACK_API_BASE_URL", fake_slack.base_url)

    with time_machine.travel(SUNDAY_22, tick=True):
        assert digest("--chart-out", str(tmp_path / "chart.png")) == 0

    assert "queued for Mon 19 Oct 08:00 their time" in capsys.readouterr().out
    assert fake_slack.messages_to(dana) == []
    engine = create_engine_from_url(seeded_url)
    with Session(engine) as session:
        (queued,) = session.scalars(select(OutboxMessage)).all()
        assert (queued.purpose, queued.send_after) == (MessagePurpose.DIGEST, MONDAY_8)
        (run,) = session.scalars(select(DigestRun)).all()
        assert queued.digest_run_id == run.id and run.state is not DigestState.SENT
    engine.dispose()


def test_an_unknown_leader_is_refused(seeded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", str(CONFIG), "--leader", "nobody@acme.example", "--dry-run"]) == 1
    assert "not on the roster" in capsys.readouterr().err


def test_a_week_is_written_the_iso_way() -> None:
    with pytest.raises(SystemExit):
        main(["digest", "--leader", DANA, "--week", "2026-48"])
