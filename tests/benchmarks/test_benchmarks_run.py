"""Each benchmark still runs end to end at a tiny size, so none of them rots.

Smoke runs only: they check that a script completes and prints its measured / goal / baseline
table. Speed itself is never asserted here (a shared CI machine is no stopwatch); the numbers
live in docs/performance.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_benchmark(script: str, *args: str) -> str:
    finished = subprocess.run(
        [sys.executable, f"benchmarks/{script}", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return finished.stdout


def test_the_planner_benchmark_plans_through_the_cli_and_prints_its_goals() -> None:
    out = run_benchmark("planner.py", "--sizes", "60")

    assert "first plan" in out and "no-op re-plan" in out
    assert "baseline: engine" in out and "< 10 s" in out


def test_the_ack_benchmark_times_cadence_beside_a_bare_bolt_app_in_both_modes() -> None:
    out = run_benchmark("ack_path.py", "--requests", "3", "--clients", "1")

    assert "http" in out and "socket_mode" in out
    assert "/cadence status" in out and "baseline: bare Bolt p99 ms" in out


def test_the_fan_out_benchmark_states_the_allowed_rate_and_calls_per_dm() -> None:
    out = run_benchmark("dispatch_wave.py", "--size", "20", "--rates", "50", "0")

    assert "baseline: allowed" in out and ">= 0.98 of allowed" in out and ">= 500/s" in out
    assert "calls/DM" in out and "bot msgs/CPU-s" in out and "bot CPU ms/msg" in out


def test_the_digest_benchmark_times_the_top_leader_and_the_monday_run() -> None:
    out = run_benchmark(
        "digest_history.py", "--people", "60", "--years", "1", "--repeats", "1", "--every-leader"
    )

    assert "vp@bench.example" in out and "every leader's digest" in out


def test_the_digest_benchmark_reuses_a_kept_database(tmp_path: Path) -> None:
    kept = tmp_path / "60.db"
    args = ("--people", "60", "--years", "1", "--repeats", "1", "--keep", str(kept))

    first = run_benchmark("digest_history.py", *args)
    again = run_benchmark("digest_history.py", *args, "--every-leader", "--alone")

    assert "seeded in" in first and "kept from" in again
    assert "shared (build_digests)" in again and "one by one (build_digest)" in again


@pytest.mark.parametrize("script", ["schedule_engine.py"])
def test_a_benchmark_script_answers_help(script: str) -> None:
    assert "usage" in run_benchmark(script, "--help")
