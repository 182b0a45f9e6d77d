"""Shared helpers of the benchmark scripts: a generated org, databases, timing and tables.

Importing this module puts the repository root on ``sys.path`` so that ``tests.*`` (the fake
Slack, the throwaway PostgreSQL database) can be imported by a script run as
``python benchmarks/<name>.py`` from the repository root.
"""

from __future__ import annotations

import dataclasses
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bot.config import load_operating_system  # noqa: E402
from bot.domain.operating_system import OperatingSystem  # noqa: E402
from bot.domain.roster import Person, Roster  # noqa: E402

CONFIG = REPO_ROOT / "cadence_config.yaml"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# Ten zones, with the awkward ones: half-hour (Kolkata, Adelaide, St John's) and 45-minute
# (Kathmandu) offsets, both hemispheres' DST (Adelaide, Sao Paulo has none, London, New York).
ZONES = (
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/St_Johns",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
)

T = TypeVar("T")


# --- the generated organisation ----------------------------------------------------------------


def generate_people(size: int, *, seed: int = 7) -> list[Person]:
    """About ``size`` people: a VP, second-line leaders with 6-10 managers each, and managers
    with 5-8 reps each. A team lives mostly in its manager's zone; one rep in five sits in
    another zone (a remote rep). Deterministic for a given ``seed``."""
    rng = random.Random(seed)
    people = [Person("vp@bench.example", "Val President", "America/New_York")]
    leader_n = manager_n = rep_n = 0
    while len(people) < size:
        leader_n += 1
        leader = Person(
            f"leader{leader_n}@bench.example",
            f"Leader {leader_n}",
            rng.choice(ZONES),
            reports_to=people[0].email,
        )
        people.append(leader)
        for _ in range(rng.randint(6, 10)):
            if len(people) >= size:
                break
            manager_n += 1
            zone = rng.choice(ZONES)
            manager = Person(
                f"manager{manager_n}@bench.example",
                f"Manager {manager_n}",
                zone,
                reports_to=leader.email,
            )
            people.append(manager)
            for _ in range(rng.randint(5, 8)):
                rep_n += 1
                rep_zone = zone if rng.random() < 0.8 else rng.choice(ZONES)
                people.append(
                    Person(
                        f"rep{rep_n}@bench.example",
                        f"Rep {rep_n}",
                        rep_zone,
                        reports_to=manager.email,
                    )
                )
    # A leader whose last manager did not fit would be a rep; drop such dangling leaders.
    managed = {p.reports_to for p in people if p.reports_to}
    return [p for p in people if p.reports_to != people[0].email or p.email in managed]


def generated_os(size: int, *, seed: int = 7) -> OperatingSystem:
    """The shipped ``cadence_config.yaml`` (cadences, holidays, digest) with a generated roster."""
    shipped = load_operating_system(CONFIG)
    return dataclasses.replace(
        shipped, roster=Roster(generate_people(size, seed=seed)), time_off=(), targets=()
    )


# --- databases ---------------------------------------------------------------------------------


@contextmanager
def database_url(postgres_server: str | None) -> Iterator[str]:
    """A fresh, empty database: a SQLite file in a temporary directory, or (given a server
    URL) a throwaway PostgreSQL database created like ``tests/db.py`` does and dropped after."""
    if postgres_server is None:
        with tempfile.TemporaryDirectory(prefix="cadence-bench-") as directory:
            yield f"sqlite:///{Path(directory) / 'bench.db'}"
        return
    from tests.db import throwaway_postgres_database

    with throwaway_postgres_database(postgres_server) as url:
        yield url


def engine_label(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


# --- timing and output -------------------------------------------------------------------------


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_time(fn: Callable[[], T], *, repeats: int) -> tuple[float, T]:
    """Median wall time of ``repeats`` calls (``time.perf_counter``) and the last result."""
    times: list[float] = []
    result: T | None = None
    for _ in range(max(1, repeats)):
        elapsed, result = timed(fn)
        times.append(elapsed)
    assert result is not None
    return statistics.median(times), result


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "-"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def load() -> str:
    """The machine's load averages, printed beside numbers taken on a shared machine."""
    import os

    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({_cores()} cores)"


def print_machine() -> None:
    print(
        f"# Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{_cores()} cores"
    )


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0
