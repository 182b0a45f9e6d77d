"""``cadence-bot review --format json``: every figure of the review with what it rests on."""

from __future__ import annotations

from bot.domain.review import (
    COACHED_SHARE,
    KEPT_RATE,
    MIN_GROUP,
    MIN_JUDGED,
    Review,
    ReviewGroup,
    ReviewManager,
)
from bot.reporting import figures_json as fig
from bot.reporting.review_text import NOT_ENOUGH_DATA, finding

SCHEMA = "cadence.review/1"


def review_json(review: Review) -> fig.Json:
    where = fig.period_window(review.quarter)
    return {
        "schema": SCHEMA,
        "leader": {"email": review.leader, "name": review.leader_name},
        "window": where,
        "generated_at": review.generated_at.isoformat(),
        "currency": review.currency,
        "rules": {
            "kept_on_time_share": KEPT_RATE,
            "kept_checklist_share": KEPT_RATE,
            "coached_share": COACHED_SHARE,
            "min_items_due_to_group": MIN_JUDGED,
            "min_managers_per_group": MIN_GROUP,
        },
        "reps_answers_settled": review.coaching_settled,
        "groups": [_group(group) for group in review.groups],
        "managers": [_manager(m, review) for m in review.managers],
        "finding": finding(review),
    }


def _group(group: ReviewGroup) -> fig.Json:
    enough = group.enough_data
    return {
        "group": group.group.name.lower(),
        "label": group.group.value,
        "managers": [m.email for m in group.managers],
        "enough_data": enough,
        "note": None if enough else NOT_ENOUGH_DATA,
        # Withheld for a small group, as in the text: a figure of one or two managers is not a
        # pattern, and the managers' own figures are listed one by one anyway.
        "attainment": fig.attainment(group.attainment) if enough else None,
        "accuracy": fig.accuracy(group.accuracy, fig.period_window(group.attainment.period))
        if enough
        else None,
    }


def _manager(manager: ReviewManager, review: Review) -> fig.Json:
    where = fig.period_window(review.quarter)
    checklist = manager.checklist
    return {
        "email": manager.email,
        "name": manager.name,
        "group": manager.group.name.lower(),
        "kept": list(manager.kept),
        "not_kept": list(manager.not_kept),
        "on_time": fig.on_time(manager.on_time, where),
        "checklist": None
        if checklist is None
        else fig.count_ratio(checklist.numerator, checklist.denominator, where),
        "coaching": fig.coaching(manager.coaching, where),
        "attainment": fig.attainment(manager.attainment),
        "accuracy": fig.accuracy(manager.accuracy, where),
    }
