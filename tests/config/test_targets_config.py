"""``targets:`` in the config: quotas per manager and period, checked like the rest."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from bot.config import load_operating_system
from bot.domain.actuals import parse_period
from bot.domain.targets import Target
from tests.config.test_checks import BASE, line_of, problems_in


def test_targets_become_quotas_per_manager_and_period(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        BASE
        + "targets:\n"
        + "  - {manager: MGR@t.example, period: 2026-q4, amount: 300000}\n"
        + "  - {manager: mgr@t.example, period: 2026-11, amount: '100,000.50'}\n",
        encoding="utf-8",
    )

    targets = load_operating_system(path).targets

    assert targets == (
        Target("mgr@t.example", parse_period("2026-Q4"), Decimal("300000")),
        Target("mgr@t.example", parse_period("2026-11"), Decimal("100000.50")),
    )


def test_every_bad_target_is_named_with_its_line_and_field(tmp_path: Path) -> None:
    text = (
        BASE
        + "targets:\n"
        + "  - {manager: rep@t.example, period: 2026-Q4, amount: 10}\n"
        + "  - {manager: mgr@t.example, period: 2026-Q5, amount: 10}\n"
        + "  - {manager: mgr@t.example, period: 2026-Q4, amount: -3}\n"
        + "  - {manager: mrg@t.example, period: 2026-Q4, amount: 10}\n"
        + "  - {manager: mgr@t.example, period: 2026-Q3, amount: 1}\n"
        + "  - {manager: mgr@t.example, period: 2026-q3, amount: 2}\n"
    )

    found = {(p.line, p.field): p.message for p in problems_in(tmp_path, text)}

    assert "has no reps" in found[line_of(text, "rep@t.example, period"), "targets[0].manager"]
    assert "2026-Q5" in found[line_of(text, "2026-Q5"), "targets[1].period"]
    assert "negative" in found[line_of(text, "-3"), "targets[2].amount"]
    assert "not on the roster" in found[line_of(text, "mrg@"), "targets[3].manager"]
    assert (
        "already has a target for 2026-Q3" in found[line_of(text, "2026-q3"), "targets[5].period"]
    )
    assert len(found) == 5
