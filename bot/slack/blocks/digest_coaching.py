"""The coaching loop in Slack: the digest's sections and a manager's part of the detail modal.

Kept apart from the digest's rhythm and forecast blocks; the words come from
``coaching_wording`` so Slack and the terminal say the same thing.
"""

from __future__ import annotations

from slack_sdk.models.blocks import Block, DividerBlock

from bot.domain.coaching_loop import CoachingLoop, ManagerCoaching
from bot.slack.blocks.coaching_wording import (
    checklist_text,
    diagnosis_text,
    focus_text,
    follow_through_text,
    hint_text,
    loop_sections,
    solution_mix,
)
from bot.slack.blocks.display import context, section
from bot.slack.blocks.text import day, escape

MAX_REP_LINES = 4


def coaching_digest_blocks(loop: CoachingLoop | None) -> list[Block]:
    if loop is None:
        return []
    blocks: list[Block] = [DividerBlock()]
    for n, (heading, lines) in enumerate(loop_sections(loop)):
        body = "\n".join(f"• {escape(line)}" for line in lines)
        blocks.append(section(f"*{heading}*\n{body}", block_id=f"digest_coaching.{n}"))
    return blocks


def coaching_detail_blocks(
    manager: ManagerCoaching | None, *, names: dict[str, str]
) -> list[Block]:
    """A manager's coaching in their detail modal: follow-through, checklist, focus month by
    month, each rep's history, and the hints about them. ``names`` maps rep emails to names."""
    if manager is None:
        return []
    blocks: list[Block] = [
        section(
            f"*Follow-through*: {escape(follow_through_text(manager.follow_through))}\n"
            f"*Checklists*: {escape(checklist_text(manager.checklist))}"
        )
    ]
    months = [
        f"`{p.start:%b %Y}` {escape(solution_mix(p.mix))}; {escape(focus_text(p.mix))}"
        for p in manager.months
    ]
    blocks.append(section("*What they are working on, month by month*\n" + "\n".join(months)))
    for rep, history in sorted(manager.reps.items(), key=lambda kv: names.get(kv[0], kv[0])):
        lines = [f"• {escape(diagnosis_text(d))}" for d in history[:MAX_REP_LINES]]
        blocks.append(section(f"*{escape(names.get(rep, rep))}*\n" + "\n".join(lines)))
    if manager.hints:
        hints = "\n".join(f"• {escape(hint_text(h, with_name=False))}" for h in manager.hints)
        blocks.append(section(f"*Hints*\n{hints}"))
    blocks.append(
        context(
            f"Diagnoses and solutions are {escape(manager.name)}'s own notes, shown to them and "
            f"the leaders above them only. Since {day(manager.months[0].start)}."
            if manager.months
            else "Diagnoses are shown to the manager and their leaders only."
        )
    )
    return blocks
