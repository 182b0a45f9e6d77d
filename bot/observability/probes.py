"""Health probes: ``/healthz`` (the process answers), ``/readyz`` (it can do its job).

Ready means the database answers, Slack accepts the bot token (``auth.test``, remembered for a
while so a probe every few seconds does not become Slack traffic) and the scheduler is running.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

# A good answer from auth.test is trusted this long; a bad one is asked again sooner.
SLACK_OK_SECONDS = 300.0
SLACK_FAILED_SECONDS = 15.0


@dataclass(frozen=True)
class Readiness:
    checks: dict[str, str]  # check → "ok" or why not

    @property
    def ready(self) -> bool:
        return all(value == "ok" for value in self.checks.values())


def database_problem(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        log.warning("Readiness: the database is unreachable", exc_info=True)
        return f"unreachable: {type(error).__name__}"
    return None


class SlackAuth:
    """Whether Slack accepts the bot token, from ``auth.test``, cached."""

    def __init__(
        self, client: WebClient, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._client, self._monotonic = client, monotonic
        self._problem: str | None = None
        self._checked_at: float | None = None

    def problem(self) -> str | None:
        now = self._monotonic()
        if self._checked_at is not None:
            ttl = SLACK_OK_SECONDS if self._problem is None else SLACK_FAILED_SECONDS
            if now - self._checked_at < ttl:
                return self._problem
        self._problem, self._checked_at = self._ask(), now
        return self._problem

    def _ask(self) -> str | None:
        try:
            self._client.auth_test()
        except SlackApiError as error:
            return f"auth.test: {error.response.get('error')}"
        except (SlackClientError, OSError) as error:
            return f"auth.test: {type(error).__name__}"
        return None


@dataclass
class Probes:
    """What ``/readyz`` checks; ``scheduler_alive`` is None where no scheduler runs."""

    engine: Engine
    slack: SlackAuth
    scheduler_alive: Callable[[], bool] | None = None

    def readiness(self) -> Readiness:
        checks = {
            "database": database_problem(self.engine) or "ok",
            "slack": self.slack.problem() or "ok",
        }
        if self.scheduler_alive is not None:
            checks["scheduler"] = "ok" if self.scheduler_alive() else "stopped"
        return Readiness(checks)
