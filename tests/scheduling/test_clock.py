"""The clock registers its ticks under fixed ids, hands them "now", and survives a failing one."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bot.bootstrap import Container, bootstrap
from bot.persistence.migrate import upgrade
from bot.persistence.models import Occurrence, Person
from bot.scheduling.clock import own_ticks, start_clock
from bot.scheduling.ticks import Intervals, Ticks, cadence_ticks
from bot.services.delivery.dispatcher import Dispatcher
from bot.services.roster_sync import sync_roster
from bot.services.time_away import declare_away
from bot.settings import Settings
from bot.simulated_slack import SimulatedSlack
from bot.slack.directory import SlackDirectory

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_ticks_run_with_the_containers_now_under_fixed_ids() -> None:
    seen: dict[str, datetime] = {}
    all_ran = threading.Barrier(4, timeout=5)

    def record(name: str) -> Callable[[datetime], None]:
        def tick(now: datetime) -> None:
            seen[name] = now
            all_ran.wait()

        return tick

    container = cast(Container, SimpleNamespace(clock=lambda: NOW))
    ticks = Ticks(plan=record("plan"), dispatch=record("dispatch"), close=record("close"))
    clock = start_clock(container, ticks=ticks)
    try:
        all_ran.wait()  # released once each tick ran at start
        assert clock.job_ids == ["close", "dispatch", "plan"]  # a tick left out is not a job
        assert seen == {"plan": NOW, "dispatch": NOW, "close": NOW}
    finally:
        clock.shutdown()


def test_a_failing_tick_is_logged_and_runs_again_at_its_next_interval() -> None:
    failures: list[datetime] = []
    failed_twice = threading.Event()

    def broken(now: datetime) -> None:
        failures.append(now)
        if len(failures) == 2:
            failed_twice.set()
        raise RuntimeError("the planner fell over")

    container = cast(Container, SimpleNamespace(clock=lambda: NOW))
    ticks = Ticks(plan=broken, dispatch=lambda now: None, close=lambda now: None)
    clock = start_clock(container, ticks=ticks, intervals=Intervals(plan=timedelta(seconds=0.2)))
    try:
        assert failed_twice.wait(timeout=5)
    finally:
        clock.shutdown()


def test_cadences_own_ticks_include_the_digest_under_its_fixed_id() -> None:
    container = cast(Container, SimpleNamespace(clock=lambda: NOW))
    ticks = cadence_ticks(container, dispatcher=cast(Dispatcher, SimpleNamespace()))
    assert ticks.digest is not None
    assert Intervals().digest == timedelta(minutes=5)

    ran = threading.Event()
    clock = start_clock(
        container,
        ticks=Ticks(
            plan=lambda now: None,
            dispatch=lambda now: None,
            close=lambda now: None,
            digest=lambda now: ran.set(),
        ),
    )
    try:
        assert ran.wait(timeout=5)
        assert clock.job_ids == ["close", "digest", "dispatch", "plan"]
    finally:
        clock.shutdown()


# --- SQLite at start-up -------------------------------------------------------------------------

EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "cadence_config.yaml"
MONDAY = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 10:00 in Chicago: everything opens now


@pytest.fixture
def started_container(empty_database_url: str, fake_slack: SimulatedSlack) -> Iterator[Container]:
    upgrade(empty_database_url)
    for person in yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))["people"]:
        fake_slack.add_user(person["email"], person["name"])
    settings = Settings(
        _env_file=None,
        database_url=empty_database_url,
        cadence_config=EXAMPLE_CONFIG,
        slack_bot_token=fake_slack.token,
        slack_api_base_url=fake_slack.base_url,
    )
    container = bootstrap(settings)
    container.clock = lambda: MONDAY
    yield container
    container.engine.dispose()


def test_the_clocks_first_round_beside_submissions_never_finds_the_database_locked(
    started_container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    container = started_container
    ticks = own_ticks(container)
    done = {name: threading.Event() for name in ("plan", "dispatch", "close", "digest")}

    def counted(name: str, tick: Callable[[datetime], object] | None) -> Callable[[datetime], None]:
        def run(now: datetime) -> None:
            try:
                if tick is not None:
                    tick(now)
            finally:
                done[name].set()

        return run

    caplog.set_level(logging.WARNING)
    counted_ticks = Ticks(**{name: counted(name, getattr(ticks, name)) for name in done})
    submissions_failed: list[str] = []
    with container.unit_of_work() as uow:  # as `serve` does before it starts the clock
        sync_roster(
            uow.session,
            container.operating_system,
            directory=SlackDirectory(container.slack),
            now=MONDAY,
        )
    clock = start_clock(container, ticks=counted_ticks)
    try:
        # Meanwhile, people keep telling Cadence they are away.
        while not all(event.is_set() for event in done.values()):
            try:
                with container.unit_of_work() as uow:
                    person = uow.session.scalars(select(Person).order_by(Person.id)).first()
                    assert person is not None
                    declare_away(
                        uow.session,
                        person_id=person.id,
                        starts_on=date(2026, 12, 24),
                        ends_on=date(2026, 12, 26),
                        now=MONDAY,
                    )
            except OperationalError as error:
                submissions_failed.append(str(error.orig))
            time.sleep(0.01)  # busier than any team, but a person is not a tight loop
        assert all(event.wait(timeout=30) for event in done.values())
    finally:
        clock.shutdown()

    assert submissions_failed == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    with container.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Occurrence)) > 0
