"""Never overdone: a daily budget of DMs per person, with nudges merged beyond it.

On a day when more nudges are due for one person than their budget allows, the due nudges go
out as one DM that lists every item with its buttons, instead of one DM each. The count is per
recipient and per their local day, and includes what was already sent to them that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.domain.occurrence import SkipReason

DEFAULT_DAILY_BUDGET = 3

N = TypeVar("N")


def over_budget(*, sent_today: int, due_now: int, budget: int) -> bool:
    """Would sending ``due_now`` separate DMs take the person past ``budget`` today?"""
    return due_now > 1 and sent_today + due_now > budget


def merge_plan(due: Sequence[N], *, sent_today: int, budget: int) -> list[list[N]]:
    """How ``due`` nudges go out: one DM each, or all of them in one merged DM."""
    if over_budget(sent_today=sent_today, due_now=len(due), budget=budget):
        return [list(due)]
    return [[nudge] for nudge in due]


@dataclass(frozen=True)
class NudgeSettings:
    """``daily_budget``: DMs per person per local day before nudges merge; ``skip_reasons``:
    the reasons a skip may give, each accepted (a skip with one never counts against anyone)."""

    daily_budget: int = DEFAULT_DAILY_BUDGET
    skip_reasons: tuple[SkipReason, ...] = tuple(SkipReason)
