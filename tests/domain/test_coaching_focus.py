"""What managers are working on: solution mix, skill vs mindset, and the areas named."""

from __future__ import annotations

from datetime import date

from bot.domain.coaching_focus import Diagnosis, focus_mix, focus_over_time, rep_history
from bot.domain.occurrence import SolutionType
from bot.domain.submissions import Focus

NOV, DEC = date(2026, 11, 1), date(2026, 12, 1)


def _d(rep: str, day: date, solution: SolutionType, area: str | None = None) -> Diagnosis:
    focus = Focus.SKILL if area else None
    return Diagnosis("m@x", rep, day, solution, focus, area)


LOGGED = [
    _d("ann", date(2026, 11, 3), SolutionType.COACHING, "Discovery"),
    _d("bob", date(2026, 11, 10), SolutionType.COACHING, " discovery "),
    _d("ann", date(2026, 11, 17), SolutionType.FIELD_TRAINING, "Negotiation"),
    _d("ann", date(2026, 12, 2), SolutionType.FEEDBACK),
]


def test_the_mix_counts_solutions_focus_and_areas_named_alike_once() -> None:
    mix = focus_mix(LOGGED)
    assert mix.one_on_ones == 4
    assert mix.solutions[SolutionType.COACHING] == 2
    assert mix.share(SolutionType.FEEDBACK) == 0.25
    assert mix.focus == {Focus.SKILL: 3}
    assert mix.top_areas == (("Discovery", 2), ("Negotiation", 1))


def test_over_time_each_stretch_has_its_own_mix() -> None:
    periods = focus_over_time(LOGGED, boundaries=[NOV, DEC, date(2027, 1, 1)])
    assert [p.mix.one_on_ones for p in periods] == [3, 1]
    assert periods[1].mix.solutions == {SolutionType.FEEDBACK: 1}


def test_a_reps_history_is_newest_first() -> None:
    assert [d.held_on.day for d in rep_history(LOGGED, "ANN")] == [2, 17, 3]
