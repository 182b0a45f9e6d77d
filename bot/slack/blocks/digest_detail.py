"""One manager in depth, from a digest: the modal behind "Details", and the manager's own
weekly summary DM. Both show the manager's row exactly as the digest computed it."""

from __future__ import annotations

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.domain.attention import ManagerRow
from bot.domain.digest import Digest
from bot.domain.manager_summary import ManagerSummary
from bot.slack.blocks.digest_wording import coaching_line, counts, forecast_text, score
from bot.slack.blocks.display import context, header, section
from bot.slack.blocks.message import Message, message
from bot.slack.blocks.text import NO_FIGURE, day, escape, percent
from bot.slack.ids import CallbackId


def manager_detail_modal(digest: Digest, manager_email: str) -> View:
    """Raises ``KeyError`` when the manager is not in this digest (not the reader's subtree)."""
    row = digest.manager(manager_email)
    blocks: list[Block] = [
        header(row.name),
        *_rhythm(row),
        section(f"*Forecast*\n{escape(forecast_text(row, digest.currency))}"),
        section(f"*Coaching*\n{escape(coaching_line(row.coaching, digest.coaching_window))}"),
        section("*Week by week* (on time, forecast accuracy)\n" + _weeks(row)),
        context(f"From {escape(digest.leader_name)}'s digest of {day(digest.week_start)}."),
    ]
    return View(
        type="modal",
        callback_id=CallbackId.MANAGER_DETAIL,
        title="Manager detail",
        close="Close",
        blocks=blocks,
    )


def manager_summary_message(summary: ManagerSummary) -> Message:
    row = summary.row
    blocks: list[Block] = [
        section(f":bar_chart: *Your week of {day(summary.reported_week)}*"),
        *_rhythm(row),
        section(f"*Forecast*\n{escape(forecast_text(row, summary.currency))}"),
        section(f"*Coaching*\n{escape(coaching_line(row.coaching, summary.coaching_window))}"),
    ]
    text = (
        f"Your week of {day(summary.reported_week)}: {percent(row.week.rate)} on time, "
        f"{percent(row.trailing.rate)} over 8 weeks"
    )
    return message(text, blocks)


def _rhythm(row: ManagerRow) -> list[Block]:
    return [
        section(f"*Last week*: {percent(row.week.rate)} on time — {escape(counts(row.week))}"),
        section(
            f"*Last 8 weeks*: {percent(row.trailing.rate)} on time — {escape(counts(row.trailing))}"
        ),
    ]


def _weeks(row: ManagerRow) -> str:
    lines = [
        f"`{day(p.week_start):<10} {percent(p.adherence):>4} "
        f"{score(p.wape) if p.wape is not None else NO_FIGURE:>4}`"
        for p in row.weeks
    ]
    return "\n".join(lines)
