"""The real Bolt app (``create_app``) over a database of its own, driven by signed requests.

The app commits through its units of work, so each backend gets a database for this harness
alone, emptied after every test. The clock is pinned to the seed's NOW.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.bootstrap import Container
from bot.domain.cadence import Kind
from bot.persistence.base import Base
from bot.persistence.database import create_engine_from_url, session_factory
from bot.persistence.migrate import upgrade
from bot.persistence.models import Occurrence
from bot.settings import Settings
from bot.simulated_slack.server import SimulatedSlack
from bot.simulated_slack.signing import signed_headers
from bot.slack.app import create_app
from tests.db import throwaway_postgres_database
from tests.seeds.team import NOW, ROSTER, WEEK, Team, open_item, operating_system, seed_team

SECRET = "listener-test-secret"
ADMIN = "lead@acme.example"
T = TypeVar("T")


@contextmanager
def migrated_database(
    backend: str, directory: Path, server_url: Callable[[], str]
) -> Iterator[str]:
    if backend == "sqlite":
        url = f"sqlite:///{directory / 'listeners.db'}"
        upgrade(url)
        yield url
        return
    with throwaway_postgres_database(server_url()) as url:
        upgrade(url)
        yield url


@dataclass
class Harness:
    app: App
    container: Container
    slack: SimulatedSlack
    team: Team
    slack_ids: dict[str, str]

    def user(self, name: str) -> str:
        return self.slack_ids[f"{name}@acme.example"]

    def dispatch(self, body: str) -> BoltResponse:
        headers: dict[str, str | Sequence[str]] = {**signed_headers(body, SECRET)}
        response: BoltResponse = self.app.dispatch(BoltRequest(body=body, headers=headers))
        assert response.status == 200, response.body
        return response

    def read(self, query: Callable[[Session], T]) -> T:
        with self.container.sessions() as session:
            return query(session)


def start(url: str, slack: SimulatedSlack) -> Harness:
    engine = create_engine_from_url(url)
    settings = Settings(
        _env_file=None,
        database_url=url,
        slack_bot_token=slack.token,
        slack_signing_secret=SECRET,
        slack_api_base_url=slack.base_url,
    )
    container = Container(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        operating_system=operating_system(admins=(ADMIN,)),
        slack=WebClient(token=slack.token, base_url=slack.base_url),
        clock=lambda: NOW,
    )
    slack_ids = {p.email: slack.add_user(p.email, p.name, tz=p.timezone) for p in ROSTER}
    with container.unit_of_work() as uow:
        team = seed_team(uow.session, slack_ids)
    return Harness(create_app(container), container, slack, team, slack_ids)


def empty(harness: Harness) -> None:
    with harness.container.unit_of_work() as uow:
        for table in reversed(Base.metadata.sorted_tables):
            uow.session.execute(delete(table))
    harness.container.engine.dispose()


def eventually(check: Callable[[], T | None], *, timeout: float = 5.0) -> T:
    """What ``check`` returns once it is truthy: listeners keep working after their ack."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError("the listener did not get there in time")


def body_of(response: BoltResponse) -> dict[str, Any]:
    """The ack's body: empty, JSON, or (an ack with text alone) the plain text."""
    if not response.body:
        return {}
    if not response.body.startswith("{"):
        return {"text": response.body}
    parsed: dict[str, Any] = json.loads(response.body)
    return parsed


def opened_view(slack: SimulatedSlack) -> dict[str, Any]:
    view = eventually(lambda: slack.calls("views.open"))[-1].params["view"]
    opened: dict[str, Any] = json.loads(view) if isinstance(view, str) else view
    return opened


def item(
    harness: Harness,
    kind: Kind,
    subject: str,
    counterpart: str | None = None,
    *,
    period_start: date = WEEK,
) -> Occurrence:
    with harness.container.unit_of_work() as uow:
        people = {
            p: uow.session.merge(getattr(harness.team, p)) for p in (subject, counterpart) if p
        }
        return open_item(
            uow.session,
            kind,
            people[subject],
            counterpart=people.get(counterpart or ""),
            period_start=period_start,
        )
