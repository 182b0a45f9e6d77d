"""The coaching loop's config: ``hints:``, ``nudges:`` and a cadence's ``checklist:``."""

from __future__ import annotations

from pathlib import Path

from bot.config import load_operating_system
from bot.domain.dm_budget import DEFAULT_DAILY_BUDGET
from bot.domain.hints import HintSettings
from bot.domain.occurrence import SkipReason
from tests.config.test_loader import SHIPPED, VALID, line_of, problems_in, write

CONFIGURED = (
    VALID
    + """\
    checklist: [Reviewed pipeline, Agreed next steps]
hints:
  forecast_bias: {threshold: 20%, periods: 2}
  coaching_quality: {enabled: false}
  follow_through: {late_at_least: 0.6, min_items: 5}
nudges:
  daily_budget: 2
  skip_reasons: [rep_out, customer_emergency]
"""
)


def test_hints_nudges_and_a_checklist_are_read_into_the_operating_system(tmp_path: Path) -> None:
    system = load_operating_system(write(tmp_path, CONFIGURED))

    assert system.cadences[0].checklist == ("Reviewed pipeline", "Agreed next steps")
    assert system.hints.forecast_bias.threshold == 0.2
    assert system.hints.forecast_bias.periods == 2
    assert not system.hints.coaching_quality.enabled
    assert system.hints.rhythm_slipping == HintSettings().rhythm_slipping
    assert system.hints.follow_through.late_at_least == 0.6
    assert system.nudges.daily_budget == 2
    assert system.nudges.skip_reasons == (SkipReason.REP_OUT, SkipReason.CUSTOMER_EMERGENCY)


def test_without_the_sections_every_default_applies(tmp_path: Path) -> None:
    system = load_operating_system(write(tmp_path, VALID))

    assert system.hints == HintSettings()
    assert system.nudges.daily_budget == DEFAULT_DAILY_BUDGET
    assert system.nudges.skip_reasons == tuple(SkipReason)
    assert system.cadences[0].checklist == ()


def test_the_shipped_example_declares_a_1on1_checklist() -> None:
    system = load_operating_system(SHIPPED)
    one_on_one = system.cadence("rep-1on1")
    assert one_on_one is not None and len(one_on_one.checklist) >= 3


def test_a_bad_share_and_an_unknown_reason_are_reported_on_their_lines(tmp_path: Path) -> None:
    text = CONFIGURED.replace("20%", "150%").replace("customer_emergency]", "vacation]")
    path = write(tmp_path, text)

    problems = {p.line: p for p in problems_in(path)}

    share = problems[line_of(text, "150%")]
    assert "'150%' is not a share" in share.message
    assert "15%" in share.hint
    reason = problems[line_of(text, "vacation")]
    assert "'vacation' is not a skip reason" in reason.message


def test_a_checklist_on_a_coaching_pulse_is_refused(tmp_path: Path) -> None:
    text = (
        VALID
        + """\
  - id: pulse
    kind: coaching_pulse
    audience: reps
    schedule: {every: week, opens: fri 14:00, due: tue 17:00}
    checklist: [Answered honestly]
"""
    )
    [problem] = problems_in(write(tmp_path, text))
    assert problem.line == line_of(text, "Answered honestly")
    assert "a coaching pulse has no checklist" in problem.message
