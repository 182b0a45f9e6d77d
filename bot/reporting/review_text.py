"""The quarterly review in plain sentences: the terminal prints them, the Slack DM shows them.

It says what the data shows and how much data there is. It never says why: the groups are
managers who kept the rhythm and their results in the same quarter, side by side.
"""

from __future__ import annotations

from bot.domain.review import (
    COACHED_SHARE,
    KEPT_RATE,
    MIN_GROUP,
    MIN_JUDGED,
    Review,
    ReviewGroup,
    ReviewManager,
    RhythmGroup,
)
from bot.reporting.results_wording import accuracy_phrase, attainment_phrase, plural
from bot.slack.blocks.text import percent

NOT_ENOUGH_DATA = "not enough data yet"
NO_CAUSE = "This shows what went together, not what caused what."
COMPARED = (RhythmGroup.KEPT, RhythmGroup.PARTLY, RhythmGroup.NOT_KEPT)


def title(review: Review) -> str:
    q = review.quarter
    return (
        f"Quarterly review for {review.leader_name}, {q.label} "
        f"({q.start.day} {q.start:%b} to {q.end.day} {q.end:%b %Y})"
    )


def rhythm_definition(review: Review) -> str:
    checklist = any(m.checklist is not None for m in review.managers)
    parts = [
        f"on time (at least {percent(KEPT_RATE)} of what was due done on time)",
        *([f"checklists (at least {percent(KEPT_RATE)} of the items done)"] if checklist else []),
        f"coaching (1:1s logged, at least {percent(COACHED_SHARE)} of them coaching, and as "
        "many reps saying they were coached where enough reps answered)",
    ]
    return "Keeping the rhythm means: " + "; ".join(parts) + "."


def group_heading(group: ReviewGroup) -> str:
    names = ", ".join(m.name for m in group.managers)
    who = f"{plural(len(group.managers), 'manager')} ({names})" if names else "nobody"
    return f"{group.group.value.capitalize()}: {who}"


def group_figures(group: ReviewGroup, currency: str) -> list[str]:
    if not group.managers or group.group is RhythmGroup.TOO_LITTLE:
        return []
    if not group.enough_data:
        return [f"{NOT_ENOUGH_DATA} (a group needs at least {MIN_GROUP} managers)"]
    return [
        f"attainment: {attainment_phrase(group.attainment, currency)}",
        f"accuracy: {accuracy_phrase(group.accuracy)}",
    ]


def finding(review: Review) -> str:
    """The groups' attainment side by side, when at least two groups have enough data."""
    shown = [
        review.group(which)
        for which in COMPARED
        if review.group(which).enough_data and review.group(which).attainment.ratio is not None
    ]
    if len(shown) < 2:
        return (
            f"{NOT_ENOUGH_DATA.capitalize()} to compare: at least two groups need "
            f"{MIN_GROUP} or more managers with actuals."
        )
    parts = [
        f"managers who {g.group.value} reached {percent(g.attainment.ratio)} of target "
        f"({plural(g.attainment.with_target, 'manager')} with a target)"
        for g in shown
    ]
    return f"In {review.quarter.label}, " + "; ".join(parts) + ". " + NO_CAUSE


def coaching_text(manager: ReviewManager, *, settled: bool) -> str:
    gap = manager.coaching
    logged = (
        f"{round((gap.logged_share or 0) * gap.logged_one_on_ones)} of "
        f"{plural(gap.logged_one_on_ones, 'logged 1:1')} coaching"
        if gap.logged_one_on_ones
        else "no 1:1s logged"
    )
    if not settled:
        reps = "reps' answers not in yet"
    elif gap.suppressed or gap.reported_share is None:
        reps = "reps: not enough responses"
    else:
        reps = f"{percent(gap.reported_share)} of {gap.responses} reps' answers say coached"
    return f"{logged}, {reps}"


def manager_line(manager: ReviewManager, review: Review) -> str:
    share = manager.on_time_share
    parts = [f"on time {share.numerator} of {share.denominator} ({percent(share.value)})"]
    if manager.checklist is not None:
        done = manager.checklist
        parts.append(f"checklist {done.numerator} of {done.denominator} items")
    parts += [
        f"coaching {coaching_text(manager, settled=review.coaching_settled)}",
        f"attainment {attainment_phrase(manager.attainment, review.currency)}",
        accuracy_phrase(manager.accuracy),
    ]
    return "; ".join(parts)


def render_review_text(review: Review) -> str:
    lines = [title(review), "", rhythm_definition(review)]
    lines.append(
        f"Managers with fewer than {MIN_JUDGED} items judged (done or missed) in the quarter "
        "have too little history to group."
    )
    for group in review.groups:
        lines += ["", group_heading(group)]
        lines += [f"  {line}" for line in group_figures(group, review.currency)]
    lines += ["", finding(review), "", "Managers"]
    for manager in review.managers:
        lines += [
            f"  {manager.name} ({manager.group.value})",
            f"    {manager_line(manager, review)}",
        ]
    return "\n".join(lines)
