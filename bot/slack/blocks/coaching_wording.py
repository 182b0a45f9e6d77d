"""The coaching loop's sentences, plain text: Slack (escaped, with markup) and the terminal
render the same words."""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.action_items import FollowThrough
from bot.domain.checklists import ChecklistSummary
from bot.domain.coaching_focus import Diagnosis, FocusMix
from bot.domain.coaching_loop import CoachingLoop, ManagerCoaching
from bot.domain.hints import Hint
from bot.slack.blocks.labels import FOCUSES, SKIP_REASONS, SOLUTIONS
from bot.slack.blocks.text import day, percent

WORKING_ON = "What your managers are working on"
HINTS = "Where a manager could use help"
SKIPS = "Skips last week, by reason"


def solution_mix(mix: FocusMix) -> str:
    if not mix.one_on_ones:
        return "no 1:1s logged"
    shares = ", ".join(
        f"{SOLUTIONS[solution].lower()} {percent(count / mix.one_on_ones)}"
        for solution, count in mix.solutions.items()
    )
    plural = "s" if mix.one_on_ones != 1 else ""
    return f"{mix.one_on_ones} 1:1{plural}: {shares}"


def focus_text(mix: FocusMix) -> str:
    parts = [f"{FOCUSES[f].lower()}s {n}" for f, n in mix.focus.items() if f in FOCUSES]
    areas = ", ".join(f"{area} ({n})" for area, n in mix.top_areas)
    if areas:
        parts.append(f"most worked on: {areas}")
    return "; ".join(parts) or "no skill or mindset named"


def follow_through_text(ft: FollowThrough) -> str:
    if not ft.judged and not ft.open:
        return "no action items"
    judged = f"{ft.on_time}/{ft.judged} action items on time" if ft.judged else "none due yet"
    extra = [f"{n} {label}" for n, label in ((ft.late, "late"), (ft.still_open, "open")) if n]
    return ", ".join([judged, *extra])


def checklist_text(summary: ChecklistSummary) -> str:
    if not summary.items:
        return "no checklist"
    return f"{percent(summary.share)} of checklist items done ({summary.done}/{summary.items})"


def manager_text(m: ManagerCoaching) -> str:
    areas = ", ".join(area for area, _ in m.focus.top_areas) or "no area named"
    return (
        f"{m.name}: {areas} · {follow_through_text(m.follow_through)} · "
        f"{checklist_text(m.checklist)}"
    )


def hint_text(hint: Hint, *, with_name: bool = True) -> str:
    who = f"{hint.manager_name}: " if with_name else ""
    return f"{who}{hint.suggestion} Because {hint.because}."


def skips_text(skips: Mapping[str, int]) -> str:
    if not skips:
        return "No skips."
    labels = {reason.value: label for reason, label in SKIP_REASONS.items()}
    parts = [f"{labels.get(reason, reason)} {n}" for reason, n in skips.items()]
    return f"{', '.join(parts)}. A skip with an accepted reason never counts against anyone."


def diagnosis_text(d: Diagnosis) -> str:
    focus = FOCUSES[d.focus] if d.focus in FOCUSES and d.focus is not None else None
    area = f"{focus or 'Focus'}: {d.area}" if d.area else (focus or "no focus named")
    issue = f" — diagnosed: {d.performance_issue}" if d.performance_issue else ""
    return f"{day(d.held_on)}: {SOLUTIONS[d.solution]}, {area}{issue}"


def loop_sections(loop: CoachingLoop) -> list[tuple[str, list[str]]]:
    """The digest's coaching sections as (heading, lines); hints only when some fired."""
    weeks = f"{day(loop.first_day)} to {day(loop.last_day)}"
    by_month = "; ".join(f"{p.start:%b}: {solution_mix(p.mix)}" for p in loop.months)
    working = [
        f"All managers ({weeks}): {solution_mix(loop.focus)}; {focus_text(loop.focus)}",
        *([f"By month: {by_month}"] if loop.months else []),
        *(manager_text(m) for m in loop.managers),
    ]
    sections = [(WORKING_ON, working)]
    if loop.hints:
        sections.append((HINTS, [hint_text(h) for h in loop.hints]))
    sections.append((SKIPS, [skips_text(loop.skips_by_reason)]))
    return sections
