"""The daily DM budget: beyond it, due nudges merge into one DM."""

from __future__ import annotations

from bot.domain.dm_budget import merge_plan, over_budget


def test_within_the_budget_each_nudge_is_its_own_dm() -> None:
    assert merge_plan(["a", "b", "c"], sent_today=0, budget=3) == [["a"], ["b"], ["c"]]


def test_beyond_the_budget_every_due_nudge_goes_in_one_dm() -> None:
    assert merge_plan(["a", "b", "c", "d", "e"], sent_today=0, budget=3) == [
        ["a", "b", "c", "d", "e"]
    ]
    assert merge_plan(["a", "b"], sent_today=2, budget=3) == [["a", "b"]]


def test_a_single_nudge_is_never_merged_with_nothing() -> None:
    assert not over_budget(sent_today=9, due_now=1, budget=3)
    assert merge_plan(["a"], sent_today=9, budget=3) == [["a"]]
