"""The review's rhythm groups: each part kept or not, at and below its threshold."""

from __future__ import annotations

import pytest

from bot.domain.adherence import AdherenceSummary
from bot.domain.coaching import CoachingGap
from bot.domain.review import RhythmGroup, Share, rhythm_group, rhythm_parts


def gap(logged: int, coached: float | None, reported: float | None = None) -> CoachingGap:
    return CoachingGap(
        logged_one_on_ones=logged,
        logged_share=coached,
        suppressed=reported is None,
        responses=None if reported is None else 3,
        reported_share=reported,
        average_usefulness=None,
    )


@pytest.mark.parametrize(
    ("on_time", "late", "coaching", "kept"),
    [
        (4, 1, gap(2, 0.5), ("on time", "coaching")),  # 80% on time, half coaching: both kept
        (3, 1, gap(2, 0.5, reported=0.5), ("coaching",)),  # 75%: not kept
        (4, 1, gap(3, 1 / 3), ("on time",)),  # a third of the 1:1s coaching: not kept
        (4, 1, gap(2, 1.0, reported=0.34), ("on time",)),  # reps say otherwise: not kept
        (4, 1, gap(0, None), ("on time",)),  # nothing logged: not kept
    ],
)
def test_each_part_is_kept_at_its_threshold_and_not_below(
    on_time: int, late: int, coaching: CoachingGap, kept: tuple[str, ...]
) -> None:
    summary = AdherenceSummary(on_time=on_time, late=late)

    assert rhythm_parts(summary, None, coaching)[0] == kept


def test_a_checklist_counts_only_where_it_is_configured() -> None:
    summary = AdherenceSummary(on_time=5)

    with_list = rhythm_parts(summary, Share(7, 10), gap(1, 1.0))
    without = rhythm_parts(summary, None, gap(1, 1.0))

    assert with_list == (("on time", "coaching"), ("checklist",))
    assert without == (("on time", "coaching"), ())


@pytest.mark.parametrize(
    ("judged", "kept", "missed", "group"),
    [
        (3, ("on time",), (), RhythmGroup.TOO_LITTLE),
        (4, ("on time", "coaching"), (), RhythmGroup.KEPT),
        (4, ("coaching",), ("on time",), RhythmGroup.PARTLY),
        (4, (), ("on time", "coaching"), RhythmGroup.NOT_KEPT),
    ],
)
def test_managers_are_grouped_by_the_parts_they_kept(
    judged: int, kept: tuple[str, ...], missed: tuple[str, ...], group: RhythmGroup
) -> None:
    assert rhythm_group(AdherenceSummary(on_time=judged), kept, missed) is group
