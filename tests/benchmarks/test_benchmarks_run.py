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


@pytest.mark.parametrize("script", ["schedule_engine.py"])
def test_a_benchmark_script_answers_help(script: str) -> None:
    assert "usage" in run_benchmark(script, "--help")
