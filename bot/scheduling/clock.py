"""The scheduler is a clock: a few fixed jobs that call services. The database is the truth.

APScheduler 3.x stays behind ``start_clock`` and ``Clock``: jobs live in a memory store and are
registered again at every start under fixed ids, so a restart never piles up duplicates. Several
processes may run the same jobs; the services make that safe (unique keys, leases).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from bot.bootstrap import Container
from bot.scheduling.dispatch_worker import slack_dispatcher
from bot.scheduling.refresh import OperatingSystemRefresh
from bot.scheduling.ticks import Intervals, Tick, Ticks, cadence_ticks
from bot.slack.directory import SlackDirectory

log = logging.getLogger(__name__)


class Clock:
    """A running clock; ``shutdown`` lets a running tick finish, then stops."""

    def __init__(self, scheduler: BackgroundScheduler) -> None:
        self._scheduler = scheduler

    @property
    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self._scheduler.get_jobs())

    @property
    def alive(self) -> bool:
        return bool(self._scheduler.running)

    def shutdown(self, *, wait: bool = True) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)


def start_clock(
    container: Container, *, ticks: Ticks | None = None, intervals: Intervals | None = None
) -> Clock:
    """Register the ticks under fixed ids and start ticking; the first round runs at once.

    Without ``ticks``, Cadence's own: plan (after reloading the config and syncing the roster),
    dispatch to Slack, close, digest. Ticks are given ``container.clock()``, the one notion of
    "now" the services see.
    """
    ticks = ticks or own_ticks(container)
    every = intervals or Intervals()
    scheduler = BackgroundScheduler(
        jobstores={"default": MemoryJobStore()},
        # One thread per job: a long dispatch never delays the planner.
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=UTC,
    )
    jobs = [
        ("plan", ticks.plan, every.plan),
        ("dispatch", ticks.dispatch, every.dispatch),
        ("close", ticks.close, every.close),
        ("digest", ticks.digest, every.digest),
    ]
    for job_id, tick, interval in jobs:
        if tick is None:
            continue
        scheduler.add_job(
            _surviving(job_id, tick, container.clock),
            trigger="interval",
            seconds=interval.total_seconds(),
            id=job_id,
            name=job_id,
            replace_existing=True,
            # APScheduler runs on the wall clock, whatever the container's clock says.
            next_run_time=datetime.now(UTC),
        )
    scheduler.start()
    return Clock(scheduler)


def own_ticks(container: Container) -> Ticks:
    """Cadence's ticks, wired to Slack: what ``serve`` runs."""
    dispatcher = slack_dispatcher(
        container.settings,
        container.sessions,
        operating_system=lambda: container.operating_system,
    )
    refresh = OperatingSystemRefresh(container, directory=SlackDirectory(container.slack))
    return cadence_ticks(container, dispatcher=dispatcher, refresh=refresh)


def _surviving(name: str, tick: Tick, now: Callable[[], datetime]) -> Callable[[], None]:
    def run() -> None:
        try:
            tick(now())
        except Exception:
            # A tick that fails is retried at its next interval; the clock keeps ticking.
            log.exception("The %s tick failed", name)

    return run
