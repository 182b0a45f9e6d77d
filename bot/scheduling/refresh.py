"""Config and roster changes take effect at the next plan, without restarting ``serve``.

Before each plan the config file is read again and the roster synced (Slack ids and zones
included). A config that no longer validates is reported and the previous one keeps running; a
Slack outage only means this round keeps the Slack facts already stored.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.bootstrap import Container
from bot.config import ConfigError, load_operating_system
from bot.services.roster_sync import Directory, sync_roster

log = logging.getLogger(__name__)


class OperatingSystemRefresh:
    """Reload ``cadence_config.yaml`` into the container, then sync the roster into the DB."""

    def __init__(self, container: Container, *, directory: Directory | None) -> None:
        self._container = container
        self._directory = directory
        self._last_problem: str | None = None

    def __call__(self, now: datetime) -> None:
        self._reload()
        try:
            self._sync(now, directory=self._directory)
        except Exception:
            if self._directory is None:
                raise
            log.warning("Could not read the Slack directory; syncing the roster without it")
            self._sync(now, directory=None)

    def _reload(self) -> None:
        path = self._container.settings.cadence_config
        try:
            fresh = load_operating_system(path)
        except ConfigError as error:
            report = error.report()
            # Said once per distinct problem, not at every tick.
            if report != self._last_problem:
                log.error("%s is not valid; still running the previous version:\n%s", path, report)
                self._last_problem = report
            return
        self._last_problem = None
        self._container.operating_system = fresh

    def _sync(self, now: datetime, *, directory: Directory | None) -> None:
        with self._container.unit_of_work() as uow:
            sync_roster(uow.session, self._container.operating_system, directory=directory, now=now)
        self._container.acting_people.refresh()
