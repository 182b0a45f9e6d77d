"""The clock registers its ticks under fixed ids, hands them "now", and survives a failing one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import cast

from bot.bootstrap import Container
from bot.scheduling.clock import start_clock
from bot.scheduling.ticks import Intervals, Ticks, cadence_ticks
from bot.services.delivery.dispatcher import Dispatcher

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
