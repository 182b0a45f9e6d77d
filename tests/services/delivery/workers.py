"""Dispatch workers in their own processes, pointed at a database and the fake Slack."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.simulated_slack.server import SimulatedSlack

# The workers run on the real clock, so their organisation works round the clock, every day:
# the dispatcher's working-hours gate then never holds the wave, whatever the time of day.
ROUND_THE_CLOCK = """\
organization:
  name: Wave Co
  timezone: America/Chicago
  working_hours: "00:00-24:00"
  working_days: [mon, tue, wed, thu, fri, sat, sun]
people:
  - {email: lead@wave.example, name: Lead}
  - {email: mgr@wave.example, name: Manager, reports_to: lead@wave.example}
  - {email: rep@wave.example, name: Rep, reports_to: mgr@wave.example}
cadences:
  - id: weekly-forecast
    kind: forecast
    audience: managers
    schedule: {every: week, opens: mon 09:00, due: wed 17:00}
"""


def start_worker(
    database_url: str,
    slack: SimulatedSlack,
    *,
    cwd: Path,
    lease_seconds: float,
    batch_size: int = 10,
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": slack.token,
        "SLACK_API_BASE_URL": slack.base_url,
    }
    command = [
        sys.executable,
        "-m",
        "bot.scheduling.dispatch_worker",
        "--until-drained",
        f"--lease-seconds={lease_seconds}",
        f"--batch-size={batch_size}",
        "--poll-seconds=0.2",
    ]
    # cwd: a directory without a .env, so only these settings and this config apply.
    (cwd / "cadence_config.yaml").write_text(ROUND_THE_CLOCK)
    return subprocess.Popen(command, env=env, cwd=cwd, stderr=subprocess.PIPE)


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def finish(worker: subprocess.Popen[bytes], *, timeout: float) -> None:
    try:
        _, stderr = worker.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        _, stderr = worker.communicate()
        raise AssertionError(
            f"worker did not drain the outbox:\n{stderr.decode()[-3000:]}"
        ) from None
    assert worker.returncode == 0, stderr.decode()[-3000:]


def outbox_ids_posted(slack: SimulatedSlack) -> list[int]:
    """The outbox id of every message Slack accepted, in order of arrival."""
    return [
        int(m.metadata["event_payload"]["outbox_id"])
        for m in slack.state.messages
        if m.metadata and m.metadata.get("event_type") == "cadence_outbox"
    ]
