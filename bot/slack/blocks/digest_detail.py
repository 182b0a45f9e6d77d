"""The digest's managers in depth: one manager's modal ("Details"), every manager's modal
("See all managers"), and a manager's own weekly summary DM. Each shows the rows exactly as the
digest computed them."""

from __future__ import annotations

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.domain.attention import ManagerRow
from bot.domain.digest import Digest
from bot.domain.manager_summary import ManagerSummary
from bot.slack.blocks.digest import ATTENTION, STEADY
from bot.slack.blocks.digest_coaching import coaching_detail_blocks
from bot.slack.blocks.digest_wording import coaching_line, counts, forecast_text, row_line
from bot.slack.blocks.display import context, header, section
from bot.slack.blocks.message import Message, message
from bot.slack.blocks.text import day, escape, percent
from bot.slack.ids import CallbackId


def manager_detail_modal(
    digest: Digest, manager_email: str, *, rep_names: dict[str, str] | None = None
) -> View:
    """Raises ``KeyError`` when the manager is not in this digest (not the reader's subtree).
    ``rep_names`` names the reps in the manager's coaching history (by email)."""
    rep_names = rep_names or {}
    row = digest.manager(manager_email)
    blocks: list[Block] = [
        header(row.name),
        *_rhythm(row),
        section(f"*Forecast*\n{escape(forecast_text(row, digest.currency))}"),
        section(f"*Coaching*\n{escape(coaching_line(row.coaching, digest.coaching_window))}"),
        section("*Week by week* (on time; forecasts within … of actuals)\n" + _weeks(row)),
        *coaching_detail_blocks(
            digest.coaching.manager(row.email) if digest.coaching else None, names=rep_names
        ),
        context(f"From {escape(digest.leader_name)}'s digest of {day(digest.week_start)}."),
    ]
    return View(
        type="modal",
        callback_id=CallbackId.MANAGER_DETAIL,
        title="Manager detail",
        close="Close",
        blocks=blocks,
    )


# Ten managers a section stays under Slack's 3,000 characters; 98 sections fit a modal.
MANAGERS_PER_SECTION = 10
MAX_MODAL_SECTIONS = 98


def all_managers_modal(digest: Digest) -> View:
    """Every manager of the digest, worst first: the "See all managers" modal."""
    rows = [
        f"{ATTENTION if row.needs_attention else STEADY} *{escape(row.name)}*: "
        f"{escape(row_line(digest, row))}"
        for row in digest.managers
    ]
    chunks = [rows[n : n + MANAGERS_PER_SECTION] for n in range(0, len(rows), MANAGERS_PER_SECTION)]
    blocks: list[Block] = [section("\n".join(chunk)) for chunk in chunks[:MAX_MODAL_SECTIONS]]
    if len(chunks) > MAX_MODAL_SECTIONS:
        left = len(rows) - MAX_MODAL_SECTIONS * MANAGERS_PER_SECTION
        blocks.append(context(f"…and {left} more: `cadence-bot digest --format json`"))
    blocks.append(
        context(f"From {escape(digest.leader_name)}'s digest of {day(digest.week_start)}.")
    )
    return View(
        type="modal",
        callback_id=CallbackId.ALL_MANAGERS,
        title=f"All {len(rows)} managers",
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
        f"`{day(p.week_start):<10} {percent(p.adherence):>4} {percent(p.wape):>4}`"
        for p in row.weeks
    ]
    return "\n".join(lines)
