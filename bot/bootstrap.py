"""The one place where Cadence is wired: settings → database, config, Slack client, clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import load_operating_system
from bot.domain.operating_system import OperatingSystem
from bot.persistence.base import on_clock
from bot.persistence.database import UnitOfWork, create_engine_from_url, session_factory
from bot.services.acting_people import ActingPeople
from bot.settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    """Everything a listener, tick or command needs; built once per process."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    operating_system: OperatingSystem
    slack: WebClient
    clock: Callable[[], datetime] = utc_now
    # The roster as the Slack gate reads it before each ack; refreshed after each sync.
    acting_people: ActingPeople = field(init=False)

    def __post_init__(self) -> None:
        self.acting_people = ActingPeople(self.sessions)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)


def slack_client(settings: Settings) -> WebClient:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(token=token, base_url=settings.slack_api_base_url)


def bootstrap(
    settings: Settings | None = None, *, clock: Callable[[], datetime] = utc_now
) -> Container:
    """``clock`` is the app's ``now``: for its ticks, its listeners and its rows' timestamps."""
    settings = settings or Settings()
    engine = create_engine_from_url(settings.database_url)
    if clock is not utc_now:
        engine = on_clock(engine, clock)
    return Container(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        operating_system=load_operating_system(settings.cadence_config),
        slack=slack_client(settings),
        clock=clock,
    )
