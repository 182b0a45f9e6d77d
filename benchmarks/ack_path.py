"""How fast Cadence acknowledges a slash command, against a bare Bolt app in the same run.

The real app (``create_app``: signature check, roster gate, listeners) over a seeded SQLite
database, served like ``serve`` serves it, over HTTP (waitress) and Socket Mode, in a process
of its own, as ``serve`` runs: the clients and the simulated Slack (which answers the app's
calls after the ack) run in this script's process, as Slack is another machine. The baseline
is a bare Bolt app whose only listener acks, served the same way in the same run. Each
command is sent sequentially and then by 8 clients at once; the latency is the time until the
client has the ack (HTTP response, or Socket Mode acknowledgement). Goal (issue #12):
Cadence's p99 within 1.5x of the bare app's. ``server CPU`` is the serving process's own CPU
time per request, from before the first measured request until every answer was given.

Every request carries a trigger id of its own, which the simulated Slack accepts for 3 s as
Slack does. After each run of Cadence the script waits until every request was answered
(the status at the response_url, the form by views.open, or a note to ask again) before the
next measurement starts, and prints how many were: the work after the ack must neither run
into the next row nor be lost.

    python benchmarks/ack_path.py [--requests 200] [--modes http socket_mode] [--clients 1 8]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from multiprocessing.connection import Connection
from pathlib import Path

import httpx
from _common import load, print_machine, print_table
from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.bootstrap import Container
from bot.cli.serve import freeze_start_up_objects
from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus
from bot.observability.endpoints import operator_endpoints
from bot.persistence.database import create_engine_from_url, session_factory
from bot.persistence.migrate import upgrade
from bot.persistence.models import Person
from bot.settings import Settings
from bot.simulated_slack.server import SimulatedSlack
from bot.simulated_slack.signing import signed_headers, slash_command_body
from bot.slack.after_ack import AfterAck
from bot.slack.app import create_app
from bot.slack.http_server import SLACK_PATH, start_in_thread
from bot.slack.listeners.commands.invocation import TOO_BUSY
from bot.slack.socket_mode import socket_mode_handler
from tests.seeds.team import NOW, WEEK, open_item, operating_system
from tests.simulated_slack.socket_mode import FakeSocketMode
from tests.slack.listener_harness import ADMIN, SECRET, Harness, start

GOAL_RATIO = 1.5
COMMANDS = ("status", "forecast")
WARM_UP = 5
ASKED_AGAIN = TOO_BUSY.split(":")[0]
Send = Callable[[str], float]
Body = Callable[[], str]


@dataclass(frozen=True)
class Server:
    """What the serving process needs: which app, how it is served, where Slack is."""

    app: str  # "bare" or "cadence"
    mode: str  # "http" or "socket_mode"
    database_url: str
    slack_base_url: str
    token: str
    app_token: str
    # Diagnosis only: Cadence's listeners ack as usual but their work after the ack is dropped,
    # to tell the ack path's own cost from what the work after it takes from the acks.
    discard_after_ack: bool = False


def container(server: Server) -> Container:
    """The app's container as the listener harness builds it (same config, pinned clock)."""
    settings = Settings(
        _env_file=None,
        database_url=server.database_url,
        slack_bot_token=server.token,
        slack_signing_secret=SECRET,
        slack_api_base_url=server.slack_base_url,
    )
    engine = create_engine_from_url(server.database_url)
    return Container(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        operating_system=operating_system(admins=(ADMIN,)),
        slack=WebClient(token=server.token, base_url=server.slack_base_url),
        clock=lambda: NOW,
    )


def seed_weeks(harness: Harness, weeks: int = 8) -> None:
    """Give the team what it has after ``weeks`` weeks of the rhythm: each manager's forecast,
    team meeting, deal review and 1:1s, and each rep's coaching pulse, this week's open and
    the earlier ones done on time or missed. Without them `/cadence status` would show an
    empty history and `/cadence forecast` would answer that nothing is open."""
    team = harness.team
    with harness.container.unit_of_work() as uow:
        session = uow.session

        def person(someone: Person) -> Person:
            stored = session.get(Person, someone.id)
            assert stored is not None
            return stored

        chi, kol, ann, bob, raj = map(person, (team.chi, team.kol, team.ann, team.bob, team.raj))
        items: list[tuple[Kind, Person, Person | None]] = []
        for manager, reps in ((chi, (ann, bob)), (kol, (raj,))):
            items += [(kind, manager, None) for kind in (Kind.FORECAST, Kind.TEAM_MEETING)]
            items.append((Kind.ACTIVITY, manager, None))
            for rep in reps:
                items += [(Kind.ONE_ON_ONE, manager, rep), (Kind.COACHING_PULSE, rep, manager)]
        for week in range(weeks):
            status = (
                OccurrenceStatus.OPEN
                if week == 0
                else OccurrenceStatus.DONE_ON_TIME
                if week % 3
                else OccurrenceStatus.MISSED
            )
            for kind, subject, counterpart in items:
                occurrence = open_item(
                    session,
                    kind,
                    subject,
                    counterpart=counterpart,
                    period_start=WEEK - timedelta(weeks=week),
                )
                occurrence.status = status
                if status.is_done:
                    occurrence.completed_at = occurrence.due_at - timedelta(hours=1)
                session.flush()


def bare_app(server: Server) -> App:
    app = App(
        signing_secret=SECRET,
        client=WebClient(token=server.token, base_url=server.slack_base_url),
        process_before_response=False,
    )

    def only_ack(ack: Ack) -> None:
        ack()

    app.command("/cadence")(only_ack)
    return app


class Discarding(AfterAck):
    """An `AfterAck` that drops what it is given (``--discard-after-ack``)."""

    def submit(self, work: object, **_: object) -> None:
        pass


def serve(server: Server, parent: Connection) -> None:
    """The serving process: sends its URL (HTTP) or "connected" (Socket Mode), then answers
    each message from the parent with its CPU time so far, until "stop"."""
    built = container(server)
    built.acting_people.refresh()  # as `serve` does after its roster sync
    if server.app == "bare":
        app = bare_app(server)
    else:
        app = create_app(built, after_ack=Discarding() if server.discard_after_ack else None)
    ready = "connected"
    if server.mode == "http":
        endpoints = operator_endpoints(built)
        ready, _stop = start_in_thread(app, endpoints=endpoints, signing_secret=SECRET)
    else:
        handler = socket_mode_handler(app, app_token=server.app_token)
        handler.connect()  # type: ignore[no-untyped-call]
    freeze_start_up_objects()  # as `serve` does, for both apps
    parent.send(ready)
    while parent.recv() != "stop":
        parent.send(time.process_time())
    parent.send(time.process_time())


@contextmanager
def serving(server: Server, slack: SimulatedSlack) -> Iterator[tuple[Send, Callable[[], float]]]:
    """Start the serving process; yields how to send a request and how to read its CPU time."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    with FakeSocketMode() as socket_mode:
        slack.socket_mode_url = socket_mode.url
        process = context.Process(target=serve, args=(server, theirs), daemon=True)
        process.start()
        ready = ours.recv()

        def cpu() -> float:
            ours.send("cpu")
            seconds: float = ours.recv()
            return seconds

        try:
            if server.mode == "http":
                with httpx.Client(timeout=10) as client:

                    def post(body: str) -> float:
                        started = time.perf_counter()
                        response = client.post(
                            ready + SLACK_PATH, content=body, headers=signed_headers(body, SECRET)
                        )
                        assert response.status_code == 200, response.text
                        return time.perf_counter() - started

                    yield post, cpu
            else:
                socket_mode.wait_for_connection()

                def push(body: str) -> float:
                    started = time.perf_counter()
                    socket_mode.wait_for_ack(socket_mode.push_slash_command(body))
                    return time.perf_counter() - started

                yield push, cpu
        finally:
            ours.send("stop")
            ours.recv()
            socket_mode.disconnect()
            process.join(timeout=10)
            if process.is_alive():
                process.kill()


def latencies(send: Send, body: Body, *, requests: int, clients: int) -> list[float]:
    if clients == 1:
        return [send(body()) for _ in range(requests)]
    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(lambda _: send(body()), range(requests)))


@dataclass(frozen=True)
class Answers:
    """What the simulated Slack received after the acks: posts at the response_url (of which
    ``asked_again`` asked the person to run the command again, the form reached too late),
    modals opened, and views.open calls it refused (an expired trigger id)."""

    responses: int
    asked_again: int
    opened: int
    refused: int

    @staticmethod
    def now(slack: SimulatedSlack) -> Answers:
        calls = len(slack.calls("views.open"))
        refused = sum(1 for r in slack.state.refusals if r.method == "views.open")
        responses = list(slack.state.responses)
        again = sum(1 for r in responses if str(r.get("text", "")).startswith(ASKED_AGAIN))
        return Answers(len(responses), again, calls - refused, refused)

    def __sub__(self, before: Answers) -> Answers:
        return Answers(
            self.responses - before.responses,
            self.asked_again - before.asked_again,
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
    while (answers := Answers.now(slack) - before).total < expected:
        if time.perf_counter() > deadline:
            break
        time.sleep(0.01)
    return answers, time.perf_counter() - started


@dataclass(frozen=True)
class Run:
    latencies: list[float]
    cpu_per_request: float
    answers: Answers
    last_answer_after: float


def measure(
    server: Server, slack: SimulatedSlack, body: Body, *, requests: int, clients: int
) -> Run:
    expected = requests if server.app == "cadence" and not server.discard_after_ack else 0
    with serving(server, slack) as (send, cpu):
        # Connections (one per client), threads, imports, caches.
        before = Answers.now(slack)
        latencies(send, body, requests=WARM_UP * clients, clients=clients)
        drained(slack, before, expected=WARM_UP * clients if expected else 0)
        before, cpu_before = Answers.now(slack), cpu()
        measured = latencies(send, body, requests=requests, clients=clients)
        answers, after = drained(slack, before, expected=expected)
        cpu_per_request = (cpu() - cpu_before) / requests
    return Run(measured, cpu_per_request, answers, after)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per command and concurrency")
    parser.add_argument("--modes", nargs="+", default=["http", "socket_mode"])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument(
        "--discard-after-ack",
        action="store_true",
        help="diagnosis: drop Cadence's work after the ack (nothing is answered)",
    )
    args = parser.parse_args()

    print_machine()
    print(f"# {args.requests} requests per row; {load()}\n")
    rows = []
    with tempfile.TemporaryDirectory(prefix="cadence-ack-") as directory, SimulatedSlack() as slack:
        url = f"sqlite:///{Path(directory) / 'ack.db'}"
        upgrade(url)
        harness = start(url, slack)  # seeds the team and its Slack users
        seed_weeks(harness)
        harness.container.engine.dispose()
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

                    runs = {
                        app: measure(
                            Server(
                                app,
                                mode,
                                url,
                                slack.base_url,
                                slack.token,
                                slack.app_token,
                                discard_after_ack=args.discard_after_ack,
                            ),
                            slack,
                            body,
                            requests=args.requests,
                            clients=clients,
                        )
                        for app in ("bare", "cadence")
                    }
                    ours, bare = runs["cadence"], runs["bare"]
                    rows.append(
                        (
                            mode,
                            clients,
                            f"/cadence {command}",
                            f"{statistics.median(ours.latencies) * 1000:.1f}",
                            f"{p99(ours.latencies) * 1000:.1f}",
                            f"{statistics.median(bare.latencies) * 1000:.1f}",
                            f"{p99(bare.latencies) * 1000:.1f}",
                            f"{p99(ours.latencies) / p99(bare.latencies):.2f}x",
                            f"<= {GOAL_RATIO}x",
                            f"{ours.cpu_per_request * 1e3:.1f} / {bare.cpu_per_request * 1e3:.1f}",
                            f"{ours.answers.total}/{args.requests}",
                            ours.answers.refused,
                            ours.answers.asked_again,
                            f"{ours.last_answer_after:.2f}",
                        )
                    )
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
            "server CPU ms/req (ours / bare)",
            "answered",
            "expired",
            "run again",
            "last answer s",
        ),
        rows,
    )
    print(f"\n# after: {load()}")


if __name__ == "__main__":
    main()
