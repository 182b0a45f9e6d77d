"""``cadence-bot serve``: check the database and config, sync the roster, then run the bot.

Socket Mode when ``SLACK_APP_TOKEN`` is set, HTTP mode on ``PORT`` otherwise; either way
``GET /healthz``, ``/readyz`` and ``/metrics`` answer on ``PORT``. With ``--workers``
several processes serve at once; they coordinate through the database only, so they need
PostgreSQL.
"""

from __future__ import annotations

import argparse
import gc
import logging
import multiprocessing
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import make_url

from bot.bootstrap import Container, bootstrap
from bot.cli.exit_codes import ExitCode
from bot.observability.endpoints import operator_endpoints
from bot.observability.logs import configure_logging
from bot.persistence.migrate import is_up_to_date, upgrade
from bot.scheduling.clock import start_clock
from bot.services.roster_sync import sync_roster
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.directory import SlackDirectory
from bot.slack.http_server import listen, serve_http, serve_operator_endpoints
from bot.slack.socket_mode import serve_socket_mode

BOT_TOKEN_MISSING = (
    "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your Slack app's "
    "OAuth & Permissions page (see docs/slack-setup.md)."
)
SIGNING_SECRET_MISSING = (
    "SLACK_SIGNING_SECRET is not set: HTTP mode verifies every request with the Signing Secret "
    "from your Slack app's Basic Information page. Set it, or set SLACK_APP_TOKEN for Socket Mode."
)
SQLITE_ONE_PROCESS = (
    "SQLite is for one process; use PostgreSQL (DATABASE_URL=postgresql://…) to run several."
)

# The start-up log names a few people missing from Slack; `cadence-bot sync` lists them all.
_SHOWN_MISSING = 10

logger = logging.getLogger(__name__)


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser("serve", help="run the Slack bot (Socket Mode or HTTP)")
    parser.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        metavar="N",
        help="processes to run (default 1; more need PostgreSQL)",
    )
    parser.add_argument(
        "--host", default="0.0.0.0", help="HTTP mode: the address to listen on (default: all)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    if (refusal := refusal_before_start(settings, workers=args.workers)) is not None:
        code, line = refusal
        print(line, file=sys.stderr)
        return code
    container = bootstrap(settings)  # a broken config raises ConfigError: main() reports it
    if not schema_ready(container):
        return ExitCode.ENVIRONMENT
    try:
        synced = sync_roster_from_slack(container)
    except SlackApiError as error:
        print(f"Slack refused users.list: {error.response.get('error')}", file=sys.stderr)
        return ExitCode.ENVIRONMENT
    # Start-up refusals above are one line each; from here on the bot logs (LOG_LEVEL,
    # LOG_FORMAT), put back as it was if this command ever returns in-process.
    restore_logging = _configure_logging(settings)
    try:
        logger.info("%s", synced)
        return _serve_all(args, settings, container)
    finally:
        restore_logging()


def _serve_all(args: argparse.Namespace, settings: Settings, container: Container) -> int:
    # HTTP mode serves Slack and the probes on PORT; Socket Mode the probes alone.
    sock = listen(args.host, settings.port)
    if args.workers == 1:
        serve(container, sock=sock)
        return 0
    container.engine.dispose()  # each worker opens its own connections
    return run_workers(args.workers, sock=sock)


def refusal_before_start(settings: Settings, *, workers: int) -> tuple[ExitCode, str] | None:
    """Why ``serve`` cannot start with these settings, and its exit code; or None."""
    if workers > 1 and make_url(settings.database_url).get_backend_name() == "sqlite":
        return ExitCode.USER_MISTAKE, SQLITE_ONE_PROCESS
    if settings.slack_bot_token is None:
        return ExitCode.ENVIRONMENT, BOT_TOKEN_MISSING
    if not settings.socket_mode and settings.slack_signing_secret is None:
        return ExitCode.ENVIRONMENT, SIGNING_SECRET_MISSING
    return None


def schema_ready(container: Container) -> bool:
    """Whether the schema is current, after upgrading it when ``AUTO_MIGRATE`` allows."""
    url = container.settings.database_url
    shown = make_url(url).render_as_string(hide_password=True)
    if is_up_to_date(container.engine):  # an unreachable database: main() says so in one line
        return True
    if container.settings.auto_migrate:
        upgrade(url)
        logger.info("Migrated the database at %s (AUTO_MIGRATE=true)", shown)
        return True
    print(
        f"The database at {shown} is not migrated: run `cadence-bot migrate` "
        "(or set AUTO_MIGRATE=true to migrate at start).",
        file=sys.stderr,
    )
    return False


def sync_roster_from_slack(container: Container) -> str:
    """Sync the roster with Slack's directory; the summary line to log."""
    with container.unit_of_work() as uow:
        report = sync_roster(
            uow.session,
            container.operating_system,
            directory=SlackDirectory(container.slack),
            now=container.clock(),
        )
    container.acting_people.refresh()
    missing = report.not_in_slack
    shown = ", ".join(missing[:_SHOWN_MISSING]) + (" …" if len(missing) > _SHOWN_MISSING else "")
    return (
        f"Roster synced: {len(report.added)} added, {len(report.deactivated)} deactivated, "
        f"{len(missing)} not found in Slack by email: {shown or 'none'}"
    )


def serve(container: Container, *, sock: socket.socket) -> None:
    """Run the clock and the Slack app in this process until it is stopped."""
    app = create_app(container)
    freeze_start_up_objects()  # before the clock starts: its first tick needs no collection
    # `docker stop` sends SIGTERM: leave like Ctrl-C does, letting a running tick finish.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    clock = start_clock(container)
    endpoints = operator_endpoints(container, scheduler_alive=lambda: clock.alive)
    try:
        app_token = container.settings.slack_app_token
        if app_token is not None:
            serve_operator_endpoints(endpoints, sock=sock)
            serve_socket_mode(app, app_token=app_token.get_secret_value())
        else:
            secret = container.settings.slack_signing_secret
            if secret is None:  # refusal_before_start stops this earlier
                raise RuntimeError(SIGNING_SECRET_MISSING)
            serve_http(
                app, endpoints=endpoints, signing_secret=secret.get_secret_value(), sock=sock
            )
    finally:
        clock.shutdown()


def freeze_start_up_objects() -> None:
    """Keep what start-up built (modules, the config, the app) out of garbage collections.

    A full collection walks every object that could be in a cycle; after start-up that is
    ~140,000 objects, and the collection held the interpreter for 50-150 ms, during which no
    request could be acknowledged: the slowest acks at 8 concurrent requests were exactly
    those (docs/performance.md, section 2). Frozen objects are still freed when no longer
    referenced; only cycles among them would never be collected.
    """
    gc.collect()
    gc.freeze()


def run_workers(count: int, *, sock: socket.socket) -> int:
    """Run ``count`` worker processes; they accept on the one shared socket."""
    # spawn, not fork: the parent has open database connections and threads.
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_worker, args=(sock,), name=f"cadence-worker-{n}")
        for n in range(1, count + 1)
    ]
    for worker in workers:
        worker.start()

    def stop_workers(_signum: int, _frame: object) -> None:
        for worker in workers:
            worker.terminate()  # SIGTERM: each worker stops like a single `serve` does

    signal.signal(signal.SIGTERM, stop_workers)
    signal.signal(signal.SIGINT, stop_workers)
    for worker in workers:
        worker.join()
    return max(worker.exitcode or 0 for worker in workers)


def _worker(sock: socket.socket) -> None:
    settings = Settings()
    _configure_logging(settings)
    serve(bootstrap(settings), sock=sock)


def _configure_logging(settings: Settings) -> Callable[[], None]:
    return configure_logging(level=settings.log_level, log_format=settings.log_format)


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)
