"""The digest of a plan's inputs is the same for the same inputs in any process."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from bot.config import load_operating_system
from bot.domain.operating_system import TimeOff
from bot.domain.plan_inputs import plan_inputs_digest

CONFIG = Path(__file__).resolve().parents[2] / "cadence_config.yaml"
PEOPLE = [(1, "a@acme.example", True), (2, "b@acme.example", False)]
HORIZON = timedelta(days=14)

_IN_ANOTHER_PROCESS = f"""
from datetime import timedelta
from bot.config import load_operating_system
from bot.domain.plan_inputs import plan_inputs_digest
from pathlib import Path
operating_system = load_operating_system(Path({str(CONFIG)!r}))
print(plan_inputs_digest(
    operating_system, people={PEOPLE!r}, cadence_ids=['b', 'a'], horizon=timedelta(days=14)
))
"""


def digest(**changes: object) -> str:
    operating_system = load_operating_system(CONFIG)
    return plan_inputs_digest(
        replace(operating_system, **changes), people=PEOPLE, cadence_ids=["a", "b"], horizon=HORIZON
    )


def test_the_same_config_gives_the_same_digest_in_another_process() -> None:
    # Sets (working days, holidays) iterate in a per-process order; the digest must not care.
    other = subprocess.run(
        [sys.executable, "-c", _IN_ANOTHER_PROCESS],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert other.stdout.strip() == digest()


def test_any_change_to_what_a_plan_reads_changes_the_digest() -> None:
    operating_system = load_operating_system(CONFIG)
    someone = next(iter(operating_system.roster)).email
    away = (TimeOff(email=someone, start=date(2026, 12, 1), end=date(2026, 12, 3)),)
    holidays = operating_system.organization.holidays | {date(2026, 12, 24)}

    assert digest(time_off=away) != digest()
    assert (
        digest(organization=replace(operating_system.organization, holidays=holidays)) != digest()
    )
    assert digest(cadences=operating_system.cadences[1:]) != digest()
    moved = plan_inputs_digest(
        operating_system,
        people=[(1, "a@acme.example", False), PEOPLE[1]],
        cadence_ids=["a", "b"],
        horizon=HORIZON,
    )
    assert moved != digest()
