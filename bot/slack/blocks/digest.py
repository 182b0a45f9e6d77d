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
from bot.slack.blocks.digest_coaching import coaching_digest_blocks
from bot.slack.blocks.digest_wording import headline_lines, missed_text, names, row_line
from bot.slack.blocks.display import context, header, section
from bot.slack.blocks.message import Message, message
from bot.slack.blocks.text import day, escape
from bot.slack.ids import MAX_REFERENCE_CHARS, ActionId, InvalidReference

# A leader reads the worst rows; the rest are summarised under "See all managers" (a modal),
# which keeps a subtree of any size within Slack's 50 blocks and 3,000 characters a section.
MAX_MANAGER_ROWS = 15
MAX_MISSED_LINES = 10
ATTENTION = ":warning:"
STEADY = ":white_check_mark:"


class DigestBlock(StrEnum):
    HEADLINE = "digest_headline"
    LEADER_ACTIONS = "digest_leader_actions"
    MANAGER = "digest_manager"
    MORE_MANAGERS = "digest_more_managers"
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


@dataclass(frozen=True)
class AllManagersRef:
    """The value of "See all managers": the week of the digest to list, rebuilt for the clicker."""

    week_start: date

    def encode(self) -> str:
        return json.dumps({"w": self.week_start.isoformat()})

    @classmethod
    def decode(cls, raw: str) -> AllManagersRef:
        try:
            data = json.loads(raw) if len(raw) <= MAX_REFERENCE_CHARS else None
            if not isinstance(data, dict) or set(data) != {"w"} or not isinstance(data["w"], str):
                raise ValueError("expected the key w, a date")
            return cls(date.fromisoformat(data["w"]))
        except ValueError as error:
            raise InvalidReference(f"not an all-managers reference: {error}") from None


def digest_message(digest: Digest) -> Message:
    rows = digest.managers[:MAX_MANAGER_ROWS]
    blocks: list[Block] = [
        header(f"Weekly digest · week of {day(digest.reported_week)}"),
        section(_headline(digest), block_id=DigestBlock.HEADLINE),
        *_leader_actions(digest),
        DividerBlock(),
        section("*Managers, who needs attention first*"),
        *(_row(digest, n, row) for n, row in enumerate(rows, start=1)),
        *_more_managers(digest, shown=len(rows)),
        DividerBlock(),
        section(_missed(digest), block_id=DigestBlock.MISSED),
        *coaching_digest_blocks(digest.coaching),
    ]
    chart = (
        "The chart below shows each manager's last 12 weeks: on time, late, missed, excused or "
        "not nudged. "
        if not digest.grid.empty
        else ""
    )
    blocks.append(context(f"{chart}Reps' answers are only ever shown as totals of enough answers."))
    attention = sum(1 for r in digest.managers if r.needs_attention)
    text = (
        f"Weekly digest for the week of {day(digest.reported_week)}: "
        f"rhythm {digest.headline.rhythm.value}, {attention} of {len(digest.managers)} "
        "managers need attention"
    )
    return message(text, blocks)


def _headline(digest: Digest) -> str:
    return f"*{escape(digest.leader_name)}'s organisation*\n" + "\n".join(
        f"• {escape(line)}" for line in headline_lines(digest)
    )


def _more_managers(digest: Digest, *, shown: int) -> list[Block]:
    """The managers past the first rows, as one sentence and a button that lists them all."""
    rest = digest.managers[shown:]
    if not rest:
        return []
    attention = [r.name for r in rest if r.needs_attention]
    steady = len(rest) - len(attention)
    parts = [f"{len(attention)} need attention ({escape(names(attention))})"] if attention else []
    parts += [f"{steady} on track"] if steady else []
    button = ButtonElement(
        text=f"See all {len(digest.managers)} managers",
        action_id=ActionId.ALL_MANAGERS,
        value=AllManagersRef(digest.week_start).encode(),
    )
    return [
        section(f"*…and {len(rest)} more managers*: {', '.join(parts)}."),
        ActionsBlock(block_id=DigestBlock.MORE_MANAGERS, elements=[button]),
    ]


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
        text=f"{flag} *{escape(row.name)}*\n{escape(row_line(digest, row))}",
        accessory=ButtonElement(
            text="Details",
            action_id=ActionId.MANAGER_DETAIL,
            value=ManagerDetailRef(row.email, digest.week_start).encode(),
        ),
    )


def _missed(digest: Digest) -> str:
    if not digest.who_missed:
        return "*Who missed what last week*\nNobody missed anything. :tada:"
    missed = digest.who_missed
    lines = [f"• *{escape(r.name)}*: {escape(missed_text(r))}" for r in missed[:MAX_MISSED_LINES]]
    if len(missed) > MAX_MISSED_LINES:
        lines.append(f"…and {len(missed) - MAX_MISSED_LINES} more managers (see all managers)")
    return "*Who missed what last week*\n" + "\n".join(lines)
