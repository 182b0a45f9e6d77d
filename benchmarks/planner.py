"""The planner at organisation scale, through ``cadence-bot plan`` (one tick, then exit).

For each size: a generated org (the shipped cadences, a ``people_file`` roster) in a fresh,
migrated database (not timed). Then, each in its own ``cadence-bot plan`` process:
1. the first plan (sync, plan, close): the plan step's wall and CPU time as the command
   prints them (the CPU is the plan process's own, not the database server's), the process's
   wall time and its peak RSS;
2. a second plan 15 minutes later with nothing changed (the tick ``serve`` runs every 15 min).
Baseline, same run: the pure schedule engine (``occurrences_between``) over the same org and
horizon in this process, i.e. the least any plan must compute.

    python benchmarks/planner.py [--sizes 20000] [--database-url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from _common import (
    CONFIG,
    REPO_ROOT,
    database_url,
    engine_label,
    generate_people,
    generated_os,
    load,
    print_machine,
    print_table,
)

from bot.domain.schedule import occurrences_between
from bot.persistence.migrate import upgrade

# Monday 23 Nov 2026, 06:00 UTC: before the week's first nudges anywhere west of India.
NOW = datetime(2026, 11, 23, 6, tzinfo=UTC)
GOAL_FIRST_S, GOAL_RSS_MB, GOAL_NOOP_S = 10.0, 300.0, 2.0
_SYNC_LINE = re.compile(r"^Roster: .*\(([\d.]+) s, [\d.]+ s CPU\)$")
_PLAN_LINE = re.compile(
    r"^Planned .*: (\d+) occurrences added .* (\d+) messages queued"
    r".*\(([\d.]+) s, ([\d.]+) s CPU\)$"
)


@dataclass
class Tick:
    sync_s: float  # the roster sync step before it
    plan_s: float  # the plan step, as `cadence-bot plan` reports it
    plan_cpu_s: float  # the plan step's CPU time in that process (the database's is not in it)
    process_s: float  # the whole process: start-up, config, sync, plan, close
    rss_mb: float
    occurrences: int
    messages: int


def write_config(directory: Path, size: int) -> Path:
    """The shipped config with ``people_file`` pointing at a generated roster of ``size``."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    # Time off and targets name the shipped roster's people.
    for key in ("people", "time_off", "targets"):
        config.pop(key, None)
    config["people_file"] = "people.csv"
    with (directory / "people.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["email", "name", "reports_to", "timezone"])
        for p in generate_people(size):
            writer.writerow([p.email, p.name, p.reports_to or "", p.timezone])
    path = directory / "cadence_config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def plan_once(config: Path, url: str, now: datetime, days: int) -> Tick:
    env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": "", "SLACK_APP_TOKEN": ""}
    command = [
        sys.executable,
        "-c",
        "import sys; from bot.cli import main; sys.exit(main())",
        "plan",
        str(config),
        "--days",
        str(days),
        "--now",
        now.isoformat(),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"cadence-bot plan failed ({process.returncode}):\n{output}")
    match = next(m for line in output.splitlines() if (m := _PLAN_LINE.match(line)))
    synced = next(m for line in output.splitlines() if (m := _SYNC_LINE.match(line)))
    return Tick(
        sync_s=float(synced[1]),
        plan_s=float(match[3]),
        plan_cpu_s=float(match[4]),
        process_s=elapsed,
        rss_mb=usage.ru_maxrss / 1024,
        occurrences=int(match[1]),
        messages=int(match[2]),
    )


def engine_baseline(size: int, days: int) -> tuple[float, float, int]:
    """Wall and CPU time of the engine over the horizon, and how many occurrences it gave."""
    operating_system = generated_os(size)
    started, cpu = time.perf_counter(), time.process_time()
    count = sum(
        1 for _ in occurrences_between(operating_system, start=NOW, end=NOW + timedelta(days=days))
    )
    return time.perf_counter() - started, time.process_time() - cpu, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000])
    parser.add_argument("--days", type=int, default=14, help="planning horizon")
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server URL (a throwaway database is created on it and dropped); "
        "default: a SQLite file in a temporary directory",
    )
    args = parser.parse_args()

    print_machine()
    print(f"# now {NOW:%Y-%m-%d %H:%M} UTC, horizon {args.days} days; {load()}\n")
    table = []
    for size in args.sizes:
        engine_s, engine_cpu_s, engine_count = engine_baseline(size, args.days)
        with tempfile.TemporaryDirectory(prefix="cadence-plan-") as directory:
            config = write_config(Path(directory), size)
            with database_url(args.database_url) as url:
                upgrade(url)
                first = plan_once(config, url, NOW, args.days)
                noop = plan_once(config, url, NOW + timedelta(minutes=15), args.days)
        label = engine_label(url)
        table += [
            (
                label,
                size,
                "first plan",
                f"{first.occurrences}+{first.messages}",
                f"{first.plan_s:.2f} s",
                f"{first.plan_cpu_s:.2f} s",
                f"< {GOAL_FIRST_S:.0f} s",
                f"{engine_s:.2f} s, {engine_cpu_s:.2f} s CPU ({engine_count} occ.)",
                f"{first.plan_s / engine_s:.1f}x / {first.plan_cpu_s / engine_cpu_s:.1f}x",
                f"{first.sync_s:.2f} s",
                f"{first.process_s:.2f} s",
                f"{first.rss_mb:.0f} MB (< {GOAL_RSS_MB:.0f})",
            ),
            (
                label,
                size,
                "no-op re-plan",
                f"{noop.occurrences}+{noop.messages}",
                f"{noop.plan_s:.2f} s",
                f"{noop.plan_cpu_s:.2f} s",
                f"< {GOAL_NOOP_S:.0f} s",
                f"{engine_s:.2f} s, {engine_cpu_s:.2f} s CPU",
                f"{noop.plan_s / engine_s:.1f}x / {noop.plan_cpu_s / engine_cpu_s:.1f}x",
                f"{noop.sync_s:.2f} s",
                f"{noop.process_s:.2f} s",
                f"{noop.rss_mb:.0f} MB",
            ),
        ]
    print_table(
        (
            "engine",
            "people",
            "tick",
            "inserted occ+msg",
            "measured",
            "its CPU",
            "goal",
            "baseline: engine",
            "ratio (wall / CPU)",
            "sync before it",
            "process",
            "peak RSS",
        ),
        table,
    )
    print(f"\n# after: {load()}")


if __name__ == "__main__":
    main()
