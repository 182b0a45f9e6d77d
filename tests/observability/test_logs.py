"""Log lines an operator can filter: level from LOG_LEVEL, JSON off a terminal, ids attached."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot.bootstrap import bootstrap
from bot.observability.logs import LogFormat, configure_logging
from bot.settings import Settings
from bot.simulated_slack import SimulatedSlack
from bot.slack.app import create_app
from tests.acceptance.round_trip import EXAMPLE_CONFIG


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("apscheduler.executors.default").setLevel(logging.NOTSET)


def test_off_a_terminal_each_line_is_json_with_the_message_id() -> None:
    stream = io.StringIO()
    configure_logging(stream=stream)

    logging.getLogger("bot.services.delivery.dispatcher").warning(
        "Outbox %s failed: %s", 42, "channel_not_found", extra={"message_id": 42}
    )

    line = json.loads(stream.getvalue())
    assert line["level"] == "WARNING"
    assert line["logger"] == "bot.services.delivery.dispatcher"
    assert line["message"] == "Outbox 42 failed: channel_not_found"
    assert line["message_id"] == 42
    assert datetime.fromisoformat(line["time"]).tzinfo is not None


def test_on_a_terminal_lines_are_text_unless_json_is_asked_for() -> None:
    terminal = Terminal()
    configure_logging(stream=terminal)
    logging.getLogger("bot").info("Roster synced", extra={"occurrence_id": 7})
    assert terminal.getvalue().rstrip().endswith("INFO bot Roster synced [occurrence_id=7]")

    forced = Terminal()
    configure_logging(log_format=LogFormat.JSON, stream=forced)
    logging.getLogger("bot").info("Roster synced")
    assert json.loads(forced.getvalue())["message"] == "Roster synced"


def test_log_level_hides_what_is_below_it() -> None:
    stream = io.StringIO()
    configure_logging(level="WARNING", stream=stream)

    logging.getLogger("bot").info("routine")
    logging.getLogger("bot").error("trouble")

    assert [json.loads(line)["message"] for line in stream.getvalue().splitlines()] == ["trouble"]


def test_settings_read_log_level_and_format_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("LOG_FORMAT", "JSON")

    settings = Settings(_env_file=None)

    assert (settings.log_level, settings.log_format) == ("DEBUG", LogFormat.JSON)


def scheduler_lines(level: str) -> str:
    stream = io.StringIO()
    configure_logging(level=level, stream=stream)
    ran = []
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        lambda: ran.append(1),
        "interval",
        seconds=60,
        id="dispatch",
        name="dispatch",
        next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    deadline = time.monotonic() + 5
    while not ran and time.monotonic() < deadline:
        time.sleep(0.01)
    scheduler.shutdown(wait=True)
    assert ran
    return stream.getvalue()


def test_the_schedulers_line_per_run_is_below_info() -> None:
    assert "Running job" not in scheduler_lines("INFO")
    assert "Running job" in scheduler_lines("DEBUG")


def test_starting_the_app_does_not_warn_about_the_bot_token(
    fake_slack: SimulatedSlack,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.token)  # as in production
    container = bootstrap(
        Settings(
            _env_file=None,
            database_url="sqlite://",
            cadence_config=EXAMPLE_CONFIG,
            slack_api_base_url=fake_slack.base_url,
        )
    )

    with caplog.at_level(logging.DEBUG):
        create_app(container)

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    container.engine.dispose()
