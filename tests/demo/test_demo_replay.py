"""``--seed`` replays the same weeks: the same DMs, the same clicks and answers, the same digest.

Each run is its own process with its own ``PYTHONHASHSEED``, and the replay runs with the wall
clock ten days ahead: an order that depends on set or dict hashing, or anything the wall clock
or a fresh uuid leaks into what people see, shows up as a difference between two runs of one
seed. A different seed must give a different month.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
START = "2026-11-02"


@dataclass(frozen=True)
class Replay:
    out: str
    page: str


# The command as a user types it, with the wall clock moved on by ``WALL_CLOCK_AHEAD`` days.
COMMAND = """
import datetime, sys, time_machine
from bot.cli import main
ahead = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=int(sys.argv.pop(1)))
with time_machine.travel(ahead, tick=True):
    raise SystemExit(main())
"""


def run(directory: Path, *, seed: int, hash_seed: int, days_ahead: int) -> subprocess.Popen[str]:
    argv = [
        *("demo", str(REPO / "cadence_config.yaml"), "--weeks", "1", "--start", START),
        *("--seed", str(seed), "--out", str(directory)),
    ]
    return subprocess.Popen(
        [sys.executable, "-c", COMMAND, str(days_ahead), *argv],
        env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def replays(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Replay]:
    runs = {"seed 7": (7, 1, 0), "seed 7 again": (7, 2, 10), "seed 8": (8, 3, 0)}
    started = {}
    for name, (seed, hash_seed, days_ahead) in runs.items():
        directory = tmp_path_factory.mktemp(name.replace(" ", "-"))
        process = run(directory, seed=seed, hash_seed=hash_seed, days_ahead=days_ahead)
        started[name] = (directory, process)
    replays = {}
    for name, (directory, process) in started.items():
        printed, _ = process.communicate(timeout=600)
        assert process.returncode == 0, printed
        replays[name] = Replay(
            printed.replace(str(directory.resolve()), "DIR"),
            (directory / "index.html").read_text(encoding="utf-8"),
        )
    return replays


def test_the_same_seed_replays_the_same_weeks_to_the_byte(replays: dict[str, Replay]) -> None:
    first, again = replays["seed 7"], replays["seed 7 again"]
    # The page holds every DM, modal, App Home and chart each person saw, and every click,
    # command and submission they made, with its time: all of it the same.
    assert first.page == again.page
    assert first.out == again.out
    assert "Weekly digest for" in first.out


def test_another_seed_gives_other_answers_and_other_figures(replays: dict[str, Replay]) -> None:
    first, other = replays["seed 7"], replays["seed 8"]
    digests = [r.out.split("What everyone saw")[0] for r in (first, other)]
    assert digests[0] != digests[1]
    answered = [r.page.split("You submitted")[1:] for r in (first, other)]
    assert answered[0] != answered[1]
