"""Cadence's ticks: each opens its own unit of work and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bootstrap import Container
from bot.observability.metrics import TICK_SECONDS
from bot.services import action_items, closer, coaching_months, digests, planner
from bot.services.delivery.dispatcher import Dispatcher

# A tick is given the current instant and does one round of its service's work.
Tick = Callable[[datetime], object]


@dataclass(frozen=True)
class Ticks:
    plan: Tick
    dispatch: Tick
    close: Tick
    # Queues each leader's weekly digest and each manager's summary once their local time
    # comes; None leaves the job out (tests that only need the other ticks).
    digest: Tick | None = None


@dataclass(frozen=True)
class Intervals:
    plan: timedelta = timedelta(minutes=15)
    dispatch: timedelta = timedelta(seconds=5)
    close: timedelta = timedelta(minutes=5)
    # Digests go out at a local hour in every zone: a short interval keeps them near it.
    digest: timedelta = timedelta(minutes=5)


def cadence_ticks(
    container: Container,
    *,
    dispatcher: Dispatcher,
    refresh: Tick | None = None,
    horizon: timedelta = planner.DEFAULT_HORIZON,
) -> Ticks:
    def plan(now: datetime) -> None:
        # Config and roster edits are picked up here, so the plan always reflects them.
        if refresh is not None:
            refresh(now)
        with container.unit_of_work() as uow:
            planner.plan(uow.session, container.operating_system, now=now, horizon=horizon)
            action_items.queue_overdue_reminders(uow.session, container.operating_system, now=now)

    def close(now: datetime) -> None:
        with container.unit_of_work() as uow:
            closer.close(uow.session, now=now)

    def dispatch(now: datetime) -> None:
        # A wave can take a while under Slack's rate limit: each batch reads the clock afresh.
        dispatcher.run_until_idle(container.clock)

    def digest(now: datetime) -> None:
        # Only rows: a run per leader and week, and outbox messages the dispatcher sends.
        with container.unit_of_work() as uow:
            # A coaching month's reporting lines are recorded as it closes (see coaching_months).
            coaching_months.freeze_closed(uow.session, container.operating_system.roster, now=now)
            digests.schedule_digests(uow.session, container.operating_system, now=now)

    return Ticks(
        plan=timed("plan", plan),
        dispatch=timed("dispatch", dispatch),
        close=timed("close", close),
        digest=timed("digest", digest),
    )


def timed(name: str, tick: Tick) -> Tick:
    """``tick``, observed in the ``cadence_tick_seconds`` histogram under ``name``."""

    def run(now: datetime) -> object:
        with TICK_SECONDS.labels(tick=name).time():
            return tick(now)

    return run
