"""The weekly digest in Slack: the leader's message and the references its buttons carry.

A manager's detail modal and their own weekly summary are in ``digest_detail``; the sentences
come from ``digest_wording``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, DividerBlock, SectionBlock

from bot.domain.attention import ManagerRow
from bot.domain.digest import Digest
from bot.slack.blocks.adjustment_modal import AdjustmentRef
from bot.slack.blocks.digest_wording import (
    accuracy_line,
    coaching_line,
    forecast_line,
    manager_line,
    missed_text,
    rhythm_line,
)
from bot.slack.blocks.display import context, header, section
from bot.slack.blocks.message import Message, message
from bot.slack.blocks.text import day, escape
from bot.slack.ids import MAX_REFERENCE_CHARS, ActionId, InvalidReference

# 9 fixed blocks (with "Adjust forecast" and "…and N more") + 40 rows: Slack's limit is 50.
MAX_MANAGER_ROWS = 40
ATTENTION = ":warning:"
STEADY = ":white_check_mark:"


class DigestBlock(StrEnum):
    HEADLINE = "digest_headline"
    LEADER_ACTIONS = "digest_leader_actions"
    MANAGER = "digest_manager"
    MISSED = "digest_missed"


@dataclass(frozen=True)
class ManagerDetailRef:
    """The value of a row's "Details" button: which manager, in which week's digest.

    The listener rebuilds the digest of the user who clicked; a manager outside their subtree
    is simply not found there.
    """

    manager: str
    week_start: date

    def encode(self) -> str:
        return json.dumps({"m": self.manager, "w": self.week_start.isoformat()}, sort_keys=True)

    @classmethod
    def decode(cls, raw: str) -> ManagerDetailRef:
        try:
            data = json.loads(raw) if len(raw) <= MAX_REFERENCE_CHARS else None
            if not isinstance(data, dict) or set(data) != {"m", "w"}:
                raise ValueError("expected the keys m and w")
            if not isinstance(data["m"], str) or not isinstance(data["w"], str):
                raise ValueError("m and w must be strings")
            week = date.fromisoformat(data["w"])
        except ValueError as error:
            raise InvalidReference(f"not a manager detail reference: {error}") from None
        return cls(data["m"], week)


def digest_message(digest: Digest) -> Message:
    rows = digest.managers[:MAX_MANAGER_ROWS]
    blocks: list[Block] = [
        header(f"Weekly digest · week of {day(digest.reported_week)}"),
        section(_headline(digest), block_id=DigestBlock.HEADLINE),
        *_leader_actions(digest),
        DividerBlock(),
        section("*Managers, who needs attention first*"),
        *(_row(digest, n, row) for n, row in enumerate(rows, start=1)),
    ]
    if len(digest.managers) > len(rows):
        more = len(digest.managers) - len(rows)
        blocks.append(context(f"…and {more} more: `cadence-bot digest --leader {digest.leader}`"))
    blocks += [DividerBlock(), section(_missed(digest), block_id=DigestBlock.MISSED)]
    blocks.append(
        context(
            "The chart below shows the on-time rate and forecast accuracy of the last 12 weeks. "
            "Reps' answers are only ever shown as totals of enough answers."
        )
    )
    attention = sum(1 for r in digest.managers if r.needs_attention)
    text = (
        f"Weekly digest for the week of {day(digest.reported_week)}: "
        f"rhythm {digest.headline.rhythm.value}, {attention} of {len(digest.managers)} "
        "managers need attention"
    )
    return message(text, blocks)


def _headline(digest: Digest) -> str:
    headline = digest.headline
    lines = [
        rhythm_line(headline),
        forecast_line(headline.forecast, digest.currency),
        accuracy_line(headline.accuracy),
        coaching_line(headline.coaching, digest.coaching_window),
    ]
    return f"*{escape(digest.leader_name)}'s organisation*\n" + "\n".join(
        f"• {escape(line)}" for line in lines
    )


def _leader_actions(digest: Digest) -> list[Block]:
    """ "Adjust forecast": the leader's own call on the period the headline shows."""
    period = digest.headline.forecast.period_start
    if period is None:
        return []
    button = ButtonElement(
        text="Adjust forecast",
        action_id=ActionId.ADJUST_FORECAST,
        value=AdjustmentRef(period).encode(),
    )
    return [ActionsBlock(block_id=DigestBlock.LEADER_ACTIONS, elements=[button])]


def _row(digest: Digest, n: int, row: ManagerRow) -> SectionBlock:
    flag = ATTENTION if row.needs_attention else STEADY
    return SectionBlock(
        block_id=f"{DigestBlock.MANAGER}.{n}",
        text=f"{flag} *{escape(row.name)}*\n{escape(manager_line(row, digest.currency))}",
        accessory=ButtonElement(
            text="Details",
            action_id=ActionId.MANAGER_DETAIL,
            value=ManagerDetailRef(row.email, digest.week_start).encode(),
        ),
    )


def _missed(digest: Digest) -> str:
    if not digest.who_missed:
        return "*Who missed what last week*\nNobody missed anything. :tada:"
    lines = [f"• *{escape(r.name)}*: {escape(missed_text(r))}" for r in digest.who_missed]
    return "*Who missed what last week*\n" + "\n".join(lines)
