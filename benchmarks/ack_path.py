"""How fast Cadence acknowledges a slash command, against a bare Bolt app in the same run.

The real app (``create_app``: signature check, roster gate, listeners) over a seeded SQLite
database and the simulated Slack, served like ``serve`` serves it, over HTTP (waitress) and
Socket Mode. The baseline is a bare Bolt app whose only listener acks, served the same way in
the same run. Each command is sent sequentially and then by 8 clients at once; the latency
is the time until the ack (HTTP response, or Socket Mode acknowledgement). Goal (issue #12):
Cadence's p99 within 1.5x of the bare app's.

Every request carries a trigger id of its own, which the simulated Slack accepts for 3 s as
Slack does. After each run of Cadence the script waits until every request was answered
(the status at the response_url, the form by views.open, or a note to ask again) before the
next measurement starts, and prints how many were: the work after the ack must neither run
into the next row nor be lost.

    python benchmarks/ack_path.py [--requests 200] [--modes http socket_mode]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from _common import load, print_machine, print_table
from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.observability.endpoints import operator_endpoints
from bot.persistence.migrate import upgrade
from bot.simulated_slack.server import SimulatedSlack
from bot.simulated_slack.signing import signed_headers, slash_command_body
from bot.slack.http_server import SLACK_PATH, start_in_thread
from bot.slack.socket_mode import socket_mode_handler
from tests.simulated_slack.socket_mode import FakeSocketMode
from tests.slack.listener_harness import SECRET, Harness, start

GOAL_RATIO = 1.5
COMMANDS = ("status", "forecast")
Send = Callable[[str], float]
Body = Callable[[], str]
WARM_UP = 5


def bare_app(slack: SimulatedSlack) -> App:
    app = App(
        signing_secret=SECRET,
        client=WebClient(token=slack.token, base_url=slack.base_url),
        process_before_response=False,
    )

    def only_ack(ack: Ack) -> None:
        ack()

    app.command("/cadence")(only_ack)
    return app


@contextmanager
def serving(mode: str, app: App, harness: Harness) -> Iterator[Send]:
    if mode == "http":
        endpoints = operator_endpoints(harness.container)
        url, stop = start_in_thread(app, endpoints=endpoints, signing_secret=SECRET)
        client = httpx.Client(timeout=10)

        def post(body: str) -> float:
            started = time.perf_counter()
            response = client.post(
                url + SLACK_PATH, content=body, headers=signed_headers(body, SECRET)
            )
            assert response.status_code == 200, response.text
            return time.perf_counter() - started

        try:
            yield post
        finally:
            client.close()
            stop()
        return
    with FakeSocketMode() as server:
        harness.slack.socket_mode_url = server.url
        handler = socket_mode_handler(app, app_token=harness.slack.app_token)
        handler.connect()  # type: ignore[no-untyped-call]

        def push(body: str) -> float:
            started = time.perf_counter()
            server.wait_for_ack(server.push_slash_command(body))
            return time.perf_counter() - started

        try:
            server.wait_for_connection()
            yield push
        finally:
            handler.client.closed = True
            handler.client.auto_reconnect_enabled = False
            server.disconnect()
            handler.close()  # type: ignore[no-untyped-call]


def latencies(send: Send, body: Body, *, requests: int, clients: int) -> list[float]:
    for _ in range(WARM_UP):  # connections, imports, caches
        send(body())
    if clients == 1:
        return [send(body()) for _ in range(requests)]
    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(lambda _: send(body()), range(requests)))


@dataclass(frozen=True)
class Answers:
    """What the simulated Slack received after the acks: status posts at the response_url,
    modals opened, and views.open calls it refused (an expired trigger id)."""

    responses: int
    opened: int
    refused: int

    @staticmethod
    def now(slack: SimulatedSlack) -> Answers:
        calls = len(slack.calls("views.open"))
        refused = sum(1 for r in slack.state.refusals if r.method == "views.open")
        return Answers(len(slack.state.responses), calls - refused, refused)

    def __sub__(self, before: Answers) -> Answers:
        return Answers(
            self.responses - before.responses,
            self.opened - before.opened,
            self.refused - before.refused,
        )

    @property
    def total(self) -> int:
        return self.responses + self.opened + self.refused


def drained(slack: SimulatedSlack, before: Answers, *, expected: int) -> tuple[Answers, float]:
    """Wait until ``expected`` requests were answered (or 60 s passed): the answers, and how
    long after the last ack the last one came."""
    started = time.perf_counter()
    deadline = started + 60
    while (
        answers := Answers.now(slack) - before
    ).total < expected and time.perf_counter() < deadline:
        time.sleep(0.01)
    return answers, time.perf_counter() - started


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per command and concurrency")
    parser.add_argument("--modes", nargs="+", default=["http", "socket_mode"])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args()

    print_machine()
    print(f"# {args.requests} requests per row; {load()}\n")
    rows = []
    with tempfile.TemporaryDirectory(prefix="cadence-ack-") as directory, SimulatedSlack() as slack:
        url = f"sqlite:///{Path(directory) / 'ack.db'}"
        upgrade(url)
        harness = start(url, slack)
        slack.state.strict_triggers = True  # a views.open more than 3 s after its request fails
        user = harness.user("chi")
        for mode in args.modes:
            for clients in args.clients:
                for command in COMMANDS:

                    def body(command: str = command) -> str:
                        return slash_command_body(
                            "/cadence",
                            command,
                            user_id=user,
                            response_url=slack.response_url,
                            trigger_id=slack.state.issue_trigger(user),
                        )

                    measured = {}
                    for name, app in (("bare", bare_app(slack)), ("cadence", harness.app)):
                        before = Answers.now(slack)
                        with serving(mode, app, harness) as send:
                            measured[name] = latencies(
                                send, body, requests=args.requests, clients=clients
                            )
                        expected = (args.requests + WARM_UP) if name == "cadence" else 0
                        answers, after_last_ack = drained(slack, before, expected=expected)
                    ours, bare = measured["cadence"], measured["bare"]
                    rows.append(
                        (
                            mode,
                            clients,
                            f"/cadence {command}",
                            f"{statistics.median(ours) * 1000:.1f}",
                            f"{p99(ours) * 1000:.1f}",
                            f"{statistics.median(bare) * 1000:.1f}",
                            f"{p99(bare) * 1000:.1f}",
                            f"{p99(ours) / p99(bare):.2f}x",
                            f"<= {GOAL_RATIO}x",
                            f"{answers.total}/{args.requests + WARM_UP}",
                            answers.refused,
                            f"{after_last_ack:.2f}",
                        )
                    )
        harness.container.engine.dispose()
    print_table(
        (
            "mode",
            "clients",
            "command",
            "p50 ms",
            "p99 ms",
            "bare Bolt p50 ms",
            "baseline: bare Bolt p99 ms",
            "ratio",
            "goal",
            "answered",
            "expired",
            "last answer s",
        ),
        rows,
    )
    print(f"\n# after: {load()}")


if __name__ == "__main__":
    main()
