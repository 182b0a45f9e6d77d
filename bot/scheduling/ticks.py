"""Cadence's ticks: each opens its own unit of work and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bootstrap import Container
from bot.services import closer, planner
from bot.services.dispatcher import Dispatcher

# A tick is given the current instant and does one round of its service's work.
Tick = Callable[[datetime], object]


@dataclass(frozen=True)
class Ticks:
    plan: Tick
    dispatch: Tick
    close: Tick
    # The weekly digest arrives with the digest service; until then it is not scheduled.
    digest: Tick | None = None


@dataclass(frozen=True)
class Intervals:
    plan: timedelta = timedelta(minutes=15)
    dispatch: timedelta = timedelta(seconds=5)
    close: timedelta = timedelta(minutes=5)
    digest: timedelta = timedelta(minutes=15)


def cadence_ticks(
    container: Container, *, dispatcher: Dispatcher, horizon: timedelta = planner.DEFAULT_HORIZON
) -> Ticks:
    def plan(now: datetime) -> None:
        with container.unit_of_work() as uow:
            planner.plan(uow.session, container.operating_system, now=now, horizon=horizon)

    def close(now: datetime) -> None:
        with container.unit_of_work() as uow:
            closer.close(uow.session, now=now)

    def dispatch(now: datetime) -> None:
        # A wave can take a while under Slack's rate limit: each batch reads the clock afresh.
        dispatcher.run_until_idle(container.clock)

    return Ticks(plan=plan, dispatch=dispatch, close=close)
