"""The coaching loop of Dana Lee's digest of 19 Oct 2026, on the seeded quarter (both databases).

Each default hint fires on a history built to trigger it, with its numbers, and stays silent on
one built not to. The seeded quarter (tests/seeds/quarter.py) already holds:

forecast bias: every weekly commit 100k against Q3 actuals of Carlos 120k (under by 1/6, more
    than 15%, every period), Jordan 90k (over by 1/9, within 15%), Aisha 100k (exact).
coaching: September 1:1s — Carlos logs coaching in 4 of 5 but only 2 of his reps answered
    (below k = 3); Jordan logs it in 1 of 4.
rhythm: Carlos missed the team meeting of 7 Sep, 28 Sep and 12 Oct: two weeks of three below
    80% on time, not three.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from bot.domain.digest import Digest
from bot.domain.hints import ForecastBiasRule, HintRule
from bot.domain.occurrence import OccurrenceStatus, SkipReason, SolutionType
from bot.domain.submissions import Focus
from bot.persistence.models import ActionItem, CoachingRating, OneOnOneNote
from bot.reporting.digest_json import digest_json
from bot.services.digests import build_digest
from bot.slack.blocks.coaching_wording import SKIPS, loop_sections
from tests.seeds.quarter import (
    AISHA,
    CARLOS,
    DANA,
    JORDAN,
    TEAM,
    Seeder,
    example_os,
    seed_quarter,
)

WEEK = date(2026, 10, 19)
NOW = datetime(2026, 10, 19, 14, tzinfo=UTC)
OS = example_os()


@pytest.fixture
def seed(session: Session) -> Seeder:
    return seed_quarter(session, OS)


def digest(seed: Seeder) -> Digest:
    seed.session.flush()
    return build_digest(seed.session, OS, leader_email=DANA, week_start=WEEK, now=NOW)


def hints(seed: Seeder, rule: HintRule) -> dict[str, dict[str, float | int]]:
    loop = digest(seed).coaching
    assert loop is not None
    return {m.email: dict(h.numbers) for m in loop.managers for h in m.hints if h.rule is rule}


def test_a_steady_under_forecast_hints_coaching_the_forecast_call(seed: Seeder) -> None:
    found = hints(seed, HintRule.FORECAST_BIAS)

    assert list(found) == [CARLOS]  # Jordan's +11% is within 15%; Aisha is exact
    under = float((Decimal(100) - 120) / 120)
    assert found[CARLOS] == {
        "periods": 3,
        "threshold": 0.15,
        "bias_1": under,
        "bias_2": under,
        "bias_3": under,
    }
    loop = digest(seed).coaching
    assert loop is not None
    [hint] = [h for h in loop.hints if h.manager == CARLOS]
    assert "under the actual by more than 15% in each of the last 3 periods" in hint.because
    assert hint.suggestion.startswith("Coach the forecast call")


def _september_answers(seed: Seeder, answers: dict[str, bool]) -> None:
    for rep, yes in answers.items():
        seed.rating(rep, date(2026, 9, 14), yes=yes, usefulness=2 if yes else None)


def _carlos_ratings(seed: Seeder, *, yes: bool) -> None:
    rows = seed.session.query(CoachingRating).filter(CoachingRating.manager_id == seed.ids[CARLOS])
    for row in rows:
        row.received_coaching, row.usefulness = yes, (3 if yes else None)


def test_coaching_logged_but_not_felt_needs_k_answers_before_it_hints(seed: Seeder) -> None:
    # Carlos logs coaching in 4 of 5 September 1:1s; his two answering reps say they weren't.
    _carlos_ratings(seed, yes=False)
    assert hints(seed, HintRule.COACHING_QUALITY) == {}  # 2 answers: fewer than k = 3

    _september_answers(seed, {"maria@acme.example": True})

    assert hints(seed, HintRule.COACHING_QUALITY) == {
        CARLOS: {
            "logged_share": 0.8,
            "logged_one_on_ones": 5,
            "reported_share": pytest.approx(1 / 3),
            "responses": 3,
        }
    }


def test_coaching_that_reps_feel_gives_no_hint(seed: Seeder) -> None:
    _september_answers(seed, {"maria@acme.example": True, "tyler@acme.example": False})

    # Carlos: 3 of 4 answers say coached (75% > 40%); Jordan logs coaching in 1 of 4 only.
    assert hints(seed, HintRule.COACHING_QUALITY) == {}


def test_three_slipping_weeks_running_hint_a_workload_conversation(seed: Seeder) -> None:
    assert hints(seed, HintRule.RHYTHM_SLIPPING) == {}  # 28 Sep 50%, 5 Oct 100%, 12 Oct 50%

    seed.occurrences[(CARLOS, TEAM, date(2026, 10, 5))].status = OccurrenceStatus.MISSED

    assert hints(seed, HintRule.RHYTHM_SLIPPING) == {
        CARLOS: {"weeks": 3, "below": 0.8, "week_1": 0.5, "week_2": 0.5, "week_3": 0.5}
    }


def test_a_skip_with_a_reason_is_no_slip(seed: Seeder) -> None:
    week = seed.occurrences[(CARLOS, TEAM, date(2026, 10, 5))]
    week.status, week.skip_reason = OccurrenceStatus.SKIPPED, SkipReason.REP_OUT

    assert hints(seed, HintRule.RHYTHM_SLIPPING) == {}
    loop = digest(seed).coaching
    assert loop is not None and loop.skips_by_reason == {}  # the skip was not last week


def _note_with_items(
    seed: Seeder, manager: str, rep: str, held_on: date, items: list[tuple[int, int | None]]
) -> None:
    """A 1:1 with action items ``(days until due, days after due it was done or None)``."""
    note = OneOnOneNote(
        manager_id=seed.ids[manager],
        rep_id=seed.ids[rep],
        held_on=held_on,
        topics="Deals",
        solution_type=SolutionType.COACHING,
        focus=Focus.SKILL,
        focus_detail="Discovery",
        submitted_at=datetime.combine(held_on, time(18), tzinfo=UTC),
        action_items=[
            ActionItem(
                owner_id=seed.ids[rep],
                text=f"Item {n}",
                due_on=held_on + timedelta(days=due),
                done_at=(
                    None
                    if late is None
                    else datetime.combine(held_on + timedelta(days=due + late), time(20), UTC)
                ),
            )
            for n, (due, late) in enumerate(items)
        ],
    )
    seed.session.add(note)


def test_action_items_mostly_late_hint_follow_through(seed: Seeder) -> None:
    # Aisha: 1 on time, 2 done late, 1 still open past its due date (of 4 due): 75% late.
    _note_with_items(
        seed, AISHA, "ben@acme.example", date(2026, 9, 28), [(3, 0), (3, 2), (3, 5), (3, None)]
    )
    # Jordan: 3 on time, 1 late, and one not due until after the reported week (not judged).
    _note_with_items(
        seed, JORDAN, "sam@acme.example", date(2026, 9, 28), [(3, -1), (3, 0), (4, 0), (4, 1)]
    )
    _note_with_items(seed, JORDAN, "sam@acme.example", date(2026, 10, 16), [(7, None)])

    found = hints(seed, HintRule.FOLLOW_THROUGH)

    assert found == {
        AISHA: {"judged": 4, "late": 2, "overdue": 1, "on_time": 1, "late_share": 0.75}
    }
    loop = digest(seed).coaching
    assert loop is not None
    jordan = loop.manager(JORDAN)
    assert jordan is not None
    ft = jordan.follow_through
    assert (ft.on_time, ft.late, ft.overdue, ft.open) == (3, 1, 0, 1)


def test_the_digest_shows_at_most_three_hints_worst_first(seed: Seeder) -> None:
    seed.occurrences[(CARLOS, TEAM, date(2026, 10, 5))].status = OccurrenceStatus.MISSED
    _carlos_ratings(seed, yes=False)
    _september_answers(seed, {"maria@acme.example": True})
    _note_with_items(
        seed, AISHA, "ben@acme.example", date(2026, 9, 28), [(3, 5), (3, 2), (3, 5), (3, None)]
    )

    loop = digest(seed).coaching

    assert loop is not None
    every = [h for m in loop.managers for h in m.hints]
    assert len(every) == 4
    assert len(loop.hints) == 3
    severities = [h.severity for h in loop.hints]
    assert severities == sorted(severities, reverse=True)
    assert min(severities) >= max(h.severity for h in every if h not in loop.hints)


def test_a_rule_turned_off_in_the_config_is_silent(seed: Seeder) -> None:
    quiet = replace(OS, hints=replace(OS.hints, forecast_bias=ForecastBiasRule(enabled=False)))
    seed.session.flush()
    loop = build_digest(seed.session, quiet, leader_email=DANA, week_start=WEEK, now=NOW).coaching

    assert loop is not None and not any(m.hints for m in loop.managers)


def test_the_digest_lists_last_weeks_skips_by_reason(seed: Seeder) -> None:
    week = seed.occurrences[(CARLOS, TEAM, date(2026, 10, 12))]
    week.status, week.skip_reason = OccurrenceStatus.SKIPPED, SkipReason.REP_OUT

    loop = digest(seed).coaching

    assert loop is not None and loop.skips_by_reason == {"rep_out": 1}
    [(_, lines)] = [s for s in loop_sections(loop) if s[0] == SKIPS]
    assert lines == [
        "Rep out (sick, holiday, leave) 1. A skip with an accepted reason never counts against "
        "anyone."
    ]


def test_the_digests_json_carries_the_coaching_loop_with_its_numbers(seed: Seeder) -> None:
    _note_with_items(
        seed, AISHA, "ben@acme.example", date(2026, 9, 28), [(3, 0), (3, 2), (3, 5), (3, None)]
    )

    loop = digest_json(digest(seed))["coaching_loop"]

    assert loop["window"] == {"first_day": "2026-08-24", "last_day": "2026-10-18"}
    aisha = next(m for m in loop["managers"] if m["email"] == AISHA)
    assert aisha["follow_through"]["value"] == 0.25
    assert aisha["follow_through"]["counts"] == {"on_time": 1, "late": 2, "overdue": 1, "open": 0}
    assert aisha["focus"]["areas"] == [{"area": "Discovery", "one_on_ones": 1}]
    # Worst first: 75% late against a 50% threshold, before a 1/6 bias against 15%.
    assert [(h["rule"], h["manager"]) for h in loop["hints"]] == [
        ("follow_through", AISHA),
        ("forecast_bias", CARLOS),
    ]
    assert loop["hints"][0]["numbers"]["late_share"] == 0.75
    json.dumps(loop)  # plain JSON all the way down
