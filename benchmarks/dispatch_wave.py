"""A Monday-09:00 wave of nudges through one dispatcher against the fake Slack.

For each ``chat.postMessage`` rate limit (0 = none), a fresh migrated database gets ``--size``
managers, each with one due forecast nudge (``tests.seeds.outbox.seed_wave``:
send_after spread out and inserted in shuffled order), and the fake Slack
(``bot.simulated_slack``) answers HTTP 429 + ``Retry-After`` beyond the limit. One
``Dispatcher``, built as a process builds it (``bot.scheduling.dispatch_worker.slack_dispatcher``),
runs in a process of its own until the outbox is drained, so the CPU it reports is the bot's
alone (the fake Slack's server threads run in this process). Prints what was delivered,
duplicates, elapsed time, achieved messages per second against the limit, the bot's messages
per CPU-second and CPU per message, the fake Slack's CPU per call (both share the machine's
cores, so the wall rate depends on both), and the 429s the fake answered. Run from the
repository root. Goals (issue #12): at a 3,000/min (50/s) limit, delivered ≥ 0.98 of the
allowed rate (the baseline); with no limit, the bot's own rate ≥ 500 messages/s; one Slack call
per DM. ``--latency`` makes the fake Slack answer every call that many seconds late (real
Slack answers ``chat.postMessage`` in 0.1-0.3 s), so the rate shows what calls in flight buy.

    python benchmarks/dispatch_wave.py [--size 500] [--rates 50 0] [--batch-size 20] [--latency 0.1]
    python benchmarks/dispatch_wave.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import functools
import logging
import multiprocessing
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from _common import database_url, engine_label, load, print_machine, print_table
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.bootstrap import utc_now
from bot.config import load_operating_system
from bot.persistence.database import create_engine_from_url, session_factory
from bot.persistence.migrate import upgrade
from bot.persistence.models import OutboxMessage, OutboxState
from bot.scheduling.dispatch_worker import DEFAULT_BATCH_SIZE, slack_dispatcher
from bot.services.delivery.dispatcher import DEFAULT_IN_FLIGHT, DispatchReport
from bot.settings import Settings
from bot.simulated_slack.server import SimulatedSlack
from tests.seeds.outbox import seed_wave
from tests.services.delivery.workers import ROUND_THE_CLOCK, outbox_ids_posted


@dataclass
class Wave:
    engine: str
    rate: int
    enqueued: int
    delivered: int
    duplicates: int
    out_of_place: int  # the farthest a message arrived from its earliest-first place
    elapsed: float
    cpu: float  # the bot process's CPU seconds while it sent (not the fake Slack's)
    slack_cpu: float  # this process's CPU seconds meanwhile: the fake Slack answering
    post_calls: int
    open_calls: int
    refused: int
    report: DispatchReport


@dataclass(frozen=True)
class Sent:
    """What the bot's process says about its run: its report, wall and CPU seconds."""

    report: DispatchReport
    elapsed: float
    cpu: float


def send_wave(url: str, token: str, base_url: str, batch_size: int, in_flight: int) -> Sent:
    """The bot's side, in its own process: one dispatcher until the outbox is drained, wired as
    ``python -m bot.scheduling.dispatch_worker`` wires it (with a config, so the daily DM
    budget and the working-hours gate run too; the organisation works round the clock, so the
    gate never holds the wave whatever the time of day)."""
    logging.basicConfig(level=logging.WARNING)
    config = Path(tempfile.mkdtemp(prefix="cadence-bench-")) / "cadence_config.yaml"
    config.write_text(ROUND_THE_CLOCK)
    operating_system = functools.cache(lambda: load_operating_system(config))
    settings = Settings(
        _env_file=None,  # no .env: only what is given here
        database_url=url,
        slack_bot_token=SecretStr(token),
        slack_api_base_url=base_url,
    )
    engine = create_engine_from_url(url)
    sessions = session_factory(engine)
    try:
        dispatcher = slack_dispatcher(
            settings,
            sessions,
            batch_size=batch_size,
            in_flight=in_flight,
            operating_system=operating_system,
        )
        report = DispatchReport()
        started, cpu_started = time.perf_counter(), time.process_time()
        while True:
            report.add(dispatcher.run_until_idle(utc_now))
            with sessions() as session:
                left = session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.state.in_([OutboxState.PENDING, OutboxState.SENDING]))
                )
            if not left:
                break
            time.sleep(0.05)  # a retry with backoff is not due yet
        return Sent(report, time.perf_counter() - started, time.process_time() - cpu_started)
    finally:
        engine.dispose()


def one_wave(
    postgres: str | None,
    *,
    size: int,
    per_second: int,
    batch_size: int,
    in_flight: int,
    latency: float,
) -> Wave:
    with SimulatedSlack() as slack, database_url(postgres) as url:
        upgrade(url)
        engine = create_engine_from_url(url)
        sessions = session_factory(engine)
        try:
            now = utc_now()
            # Every nudge is already due when the dispatcher starts.
            spread = timedelta(milliseconds=200 * size)
            wave = seed_wave(sessions, slack, size=size, start=now - spread - timedelta(minutes=1))
            slack.set_latency(latency)
            if per_second:
                slack.rate_limit("chat.postMessage", per_second=per_second)
            with multiprocessing.get_context("spawn").Pool(1) as bot:
                slack_cpu = time.process_time()
                sent = bot.apply(
                    send_wave, (url, slack.token, slack.base_url, batch_size, in_flight)
                )
                slack_cpu = time.process_time() - slack_cpu
            with sessions() as session:
                delivered = session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.state == OutboxState.SENT)
                )
        finally:
            engine.dispose()
        posted = outbox_ids_posted(slack)
        post_calls = len(slack.calls("chat.postMessage"))
        return Wave(
            engine=engine_label(url),
            rate=per_second,
            enqueued=len(wave),
            delivered=delivered or 0,
            duplicates=len(posted) - len(set(posted)),
            out_of_place=_out_of_place(posted, sorted(wave, key=lambda i: (wave[i], i))),
            elapsed=sent.elapsed,
            cpu=sent.cpu,
            slack_cpu=slack_cpu,
            post_calls=post_calls,
            open_calls=len(slack.calls("conversations.open")),
            # Every call the fake recorded but did not accept was refused with a 429.
            refused=post_calls - len(posted),
            report=sent.report,
        )


def _out_of_place(arrived: list[int], earliest_first: list[int]) -> int:
    """How far the farthest message arrived from its place in earliest-first order (0: all in
    order; several calls in flight may swap neighbours)."""
    place = {outbox_id: n for n, outbox_id in enumerate(earliest_first)}
    return max((abs(n - place[i]) for n, i in enumerate(arrived) if i in place), default=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500, help="nudges in the wave")
    parser.add_argument(
        "--rates", type=int, nargs="+", default=[50, 0], help="chat.postMessage/s; 0 = no limit"
    )
    parser.add_argument(
        "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="claims per batch"
    )
    parser.add_argument(
        "--in-flight", type=int, default=DEFAULT_IN_FLIGHT, help="Slack calls at once"
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds the fake Slack takes to answer a call"
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server URL (a throwaway database is created on it and dropped); "
        "default: a SQLite file in a temporary directory",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    print_machine()
    print(
        f"# one dispatcher, batch size {args.batch_size}, {args.in_flight} calls in flight, "
        f"wave of {args.size}, "
        f"fake Slack latency {args.latency} s; {load()}\n"
    )
    rows = []
    for per_second in args.rates:
        w = one_wave(
            args.database_url,
            size=args.size,
            per_second=per_second,
            batch_size=args.batch_size,
            in_flight=args.in_flight,
            latency=args.latency,
        )
        achieved = w.delivered / w.elapsed
        rows.append(
            (
                w.engine,
                per_second or "none",
                w.enqueued,
                w.delivered,
                w.duplicates,
                w.out_of_place,
                f"{w.elapsed:.2f}",
                f"{achieved:.1f}",
                f"{w.delivered / w.cpu:.0f}",
                f"{w.cpu / max(w.delivered, 1) * 1000:.2f}",
                f"{w.slack_cpu / max(w.post_calls + w.open_calls, 1) * 1000:.2f}",
                f"{per_second}/s" if per_second else "-",
                f"{achieved / per_second:.3f}" if per_second else "-",
                ">= 0.98 of allowed" if per_second else ">= 500/s",
                w.refused,
                f"{w.report.throttled_seconds:.0f}",
                f"{w.post_calls}+{w.open_calls}",
                f"{(w.post_calls - w.refused + w.open_calls) / max(w.delivered, 1):.2f}",
            )
        )
    print_table(
        (
            "engine",
            "limit/s",
            "enqueued",
            "delivered",
            "dupes",
            "max places from earliest-first",
            "elapsed s",
            "msgs/s",
            "bot msgs/CPU-s",
            "bot CPU ms/msg",
            "fake Slack CPU ms/call",
            "baseline: allowed",
            "ratio",
            "goal",
            "429s",
            "paused s",
            "post+open calls",
            "calls/DM",
        ),
        rows,
    )
    print(f"\n# after: {load()}")


if __name__ == "__main__":
    main()
