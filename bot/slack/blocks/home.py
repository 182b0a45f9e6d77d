"""The App Home tab: my open items and adherence; my managers (leaders); failures (admins).

``status_blocks`` is the same page about someone else, as a leader sees it from an escalation:
the same facts in the third person, without the item buttons, whose forms only their owner
may open (a leader clicking one would be refused).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import Block, ButtonElement, DividerBlock, SectionBlock
from slack_sdk.models.views import View

from bot.domain.adherence import AdherenceSummary
from bot.slack.blocks.coaching_wording import follow_through_text
from bot.slack.blocks.context import (
    AdherenceWeek,
    FailedDelivery,
    HomeContext,
    ManagerLine,
    OpenItem,
)
from bot.slack.blocks.display import context, header, section
from bot.slack.blocks.labels import FORM_BUTTONS
from bot.slack.blocks.nudges import describe
from bot.slack.blocks.text import (
    MAX_TEXT,
    NO_FIGURE,
    clip,
    day,
    escape,
    local_datetime,
    percent,
    slack_datetime,
)
from bot.slack.ids import ActionId, BlockId

MAX_OPEN_ITEMS = 20
MAX_FAILED = 15
LINES_PER_SECTION = 15


def home_view(ctx: HomeContext) -> View:
    blocks: list[Block] = [header(f"Cadence for {ctx.person_name}"), *_open_items(ctx, _YOURS)]
    blocks += _action_items(ctx, _YOURS)
    blocks += [DividerBlock(), *_adherence(ctx.weeks, _YOURS)]
    if ctx.team is not None:
        blocks += [DividerBlock(), *_team(ctx.team, _YOURS)]
    if ctx.failed_deliveries is not None:
        blocks += [DividerBlock(), *_failed(ctx.failed_deliveries, ctx.tz)]
    return View(type="home", blocks=blocks)


def status_blocks(ctx: HomeContext) -> list[Block]:
    """``ctx``'s person's page as someone above them sees it: read-only, in the third person."""
    theirs = _Voice(whose=f"{escape(ctx.person_name)}'s", own=False)
    blocks: list[Block] = [header(f"Cadence for {ctx.person_name}"), *_open_items(ctx, theirs)]
    blocks += _action_items(ctx, theirs)
    blocks += [DividerBlock(), *_adherence(ctx.weeks, theirs)]
    if ctx.team is not None:
        blocks += [DividerBlock(), *_team(ctx.team, theirs)]
    return blocks


@dataclass(frozen=True)
class _Voice:
    """Whose page it is: "Your" with the owner's buttons, or "Ana's" and read-only."""

    whose: str
    own: bool


_YOURS = _Voice(whose="Your", own=True)


def not_on_roster_text(admin_names: Sequence[str] = ()) -> str:
    who = ", ".join(escape(n) for n in admin_names) if admin_names else "your Cadence admin"
    return (
        "Hi! You're not on Cadence's roster yet, so there is nothing here for you. "
        f"If you should be, ask {who} to add you."
    )


def not_on_roster_home(admin_names: Sequence[str] = ()) -> View:
    return View(type="home", blocks=[header("Cadence"), section(not_on_roster_text(admin_names))])


def _open_items(ctx: HomeContext, voice: _Voice) -> list[Block]:
    blocks: list[Block] = [section(f"*{voice.whose} open items*")]
    if not ctx.open_items:
        return [*blocks, context("Nothing open right now." + (" :tada:" if voice.own else ""))]
    shown = ctx.open_items[:MAX_OPEN_ITEMS]
    blocks += [_open_item(item, ctx.tz, buttons=voice.own) for item in shown]
    if len(ctx.open_items) > len(shown):
        blocks.append(context(f"…and {len(ctx.open_items) - len(shown)} more."))
    return blocks


def _action_items(ctx: HomeContext, voice: _Voice) -> list[Block]:
    if not ctx.open_action_items:
        return []
    overdue = f", {ctx.overdue_action_items} overdue" if ctx.overdue_action_items else ""
    hint = " `/cadence items` lists them to mark done." if voice.own else ""
    return [
        context(
            f"*{voice.whose} action items*: {ctx.open_action_items} open{overdue}.{hint}",
            block_id=BlockId.HOME_ACTION_ITEMS,
        )
    ]


def _open_item(open_item: OpenItem, tz: str, *, buttons: bool) -> SectionBlock:
    item = open_item.item
    flag = ":red_circle: overdue, was due" if open_item.overdue else "Due"
    return SectionBlock(
        block_id=f"{BlockId.HOME_ITEM}.{item.occurrence_id}",
        text=f"{describe(item)}\n{flag} {slack_datetime(open_item.due_at, tz)}",
        accessory=None
        if not buttons
        else ButtonElement(
            text=FORM_BUTTONS[item.kind],
            action_id=ActionId.HOME_OPEN_ITEM,
            value=item.metadata().encode(),
            style="primary" if open_item.overdue else None,
        ),
    )


def _counts(summary: AdherenceSummary) -> str:
    parts = [f"{summary.on_time}/{summary.judged} on time"] if summary.judged else []
    parts += [
        f"{n} {label}"
        for n, label in (
            (summary.late, "late"),
            (summary.missed, "missed"),
            (summary.skipped, "skipped"),
            (summary.excused, "excused"),
            (summary.not_nudged, "not nudged"),
            (summary.pending, "open"),
        )
        if n
    ]
    return ", ".join(parts) or "nothing due"


def _adherence(weeks: Sequence[AdherenceWeek], voice: _Voice) -> list[Block]:
    heading = section(f"*{voice.whose} adherence, last {len(weeks) or 8} weeks*")
    if not weeks:
        return [heading, context("No history yet.")]
    lines = [
        f"`{day(w.week_start):<10} {percent(w.summary.rate):>4}`  {_counts(w.summary)}"
        for w in weeks
    ]
    return [heading, section("\n".join(lines), block_id=BlockId.HOME_ADHERENCE)]


def _chunks(lines: Sequence[str]) -> Iterator[str]:
    for start in range(0, len(lines), LINES_PER_SECTION):
        yield clip("\n".join(lines[start : start + LINES_PER_SECTION]), MAX_TEXT)


def _manager_line(line: ManagerLine) -> str:
    forecast = {True: ":white_check_mark:", False: ":x:", None: NO_FIGURE}[line.forecast_submitted]
    summary = line.summary
    missed = f" · {summary.missed} missed" if summary.missed else ""
    follow = ""
    if line.follow_through is not None and (line.follow_through.judged or line.follow_through.open):
        follow = f" · {follow_through_text(line.follow_through)}"
    return (
        f"*{escape(line.name)}*: {percent(summary.rate)} on time{missed} · forecast {forecast}"
        f"{follow}"
    )


def _team(team: Sequence[ManagerLine], voice: _Voice) -> list[Block]:
    blocks: list[Block] = [section(f"*{voice.whose} managers*")]
    if not team:
        who = "you" if voice.own else "them"
        return [*blocks, context(f"No managers report to {who}.")]
    lines = [_manager_line(m) for m in team]
    blocks += [
        section(chunk, block_id=f"{BlockId.HOME_TEAM}.{n}")
        for n, chunk in enumerate(_chunks(lines), start=1)
    ]
    return blocks


def _failed(failed: Sequence[FailedDelivery], tz: str) -> list[Block]:
    blocks: list[Block] = [section("*Failed deliveries* (admin)")]
    if not failed:
        return [*blocks, context("None. Every message went out.")]
    lines = [
        f"{escape(f.recipient_name)}: {escape(f.what)}, `{escape(f.error)}` "
        f"({local_datetime(f.failed_at, tz)})"
        for f in failed[:MAX_FAILED]
    ]
    blocks.append(section("\n".join(lines), block_id=BlockId.HOME_FAILED))
    if len(failed) > MAX_FAILED:
        blocks.append(context(f"…and {len(failed) - MAX_FAILED} more."))
    return blocks
