"""The coaching loop in the digest's JSON (see docs/digest-schema.md, ``coaching_loop``)."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.coaching_focus import FocusMix
from bot.domain.coaching_loop import CoachingLoop, ManagerCoaching
from bot.domain.hints import Hint
from bot.reporting import figures_json as fig

_DAY = timedelta(days=1)


def coaching_loop_json(loop: CoachingLoop | None) -> fig.Json | None:
    if loop is None:
        return None
    where = fig.window(loop.first_day, loop.last_day)
    return {
        "window": where,
        "focus": _focus(loop.focus),
        "months": [
            {"window": fig.window(p.start, p.end - _DAY), "focus": _focus(p.mix)}
            for p in loop.months
        ],
        "managers": [_manager(m, where) for m in loop.managers],
        "hints": [_hint(h) for h in loop.hints],
        "skips_last_week": dict(loop.skips_by_reason),
    }


def _focus(mix: FocusMix) -> fig.Json:
    return {
        "one_on_ones": mix.one_on_ones,
        "solutions": {s.value: n for s, n in mix.solutions.items()},
        "focus": {f.value: n for f, n in mix.focus.items()},
        "areas": [{"area": area, "one_on_ones": n} for area, n in mix.areas],
    }


def _manager(m: ManagerCoaching, where: fig.Json) -> fig.Json:
    ft = m.follow_through
    return {
        "email": m.email,
        "follow_through": {
            **fig.count_ratio(ft.on_time, ft.judged, where),
            "counts": {
                "on_time": ft.on_time,
                "late": ft.late,
                "overdue": ft.overdue,
                "open": ft.open,
            },
        },
        "checklist": fig.count_ratio(m.checklist.done, m.checklist.items, where),
        "focus": _focus(m.focus),
        "hints": [_hint(h) for h in m.hints],
    }


def _hint(h: Hint) -> fig.Json:
    return {
        "rule": h.rule.value,
        "manager": h.manager,
        "suggestion": h.suggestion,
        "because": h.because,
        "numbers": {k: fig.number(v) if isinstance(v, float) else v for k, v in h.numbers.items()},
        "severity": fig.number(h.severity),
    }
