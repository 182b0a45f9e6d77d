"""The quarterly review in a leader's DM: the groups, their results, what the data shows.

Managers one by one are in ``cadence-bot review`` (text or JSON); the DM stays short.
"""

from __future__ import annotations

from slack_sdk.models.blocks import Block, DividerBlock

from bot.domain.review import Review
from bot.reporting.review_text import (
    finding,
    group_figures,
    group_heading,
    rhythm_definition,
    title,
)
from bot.slack.blocks.display import context, header, section
from bot.slack.blocks.message import Message, message
from bot.slack.blocks.text import escape


def review_message(review: Review) -> Message:
    groups = [
        section(
            "\n".join(
                [
                    f"*{escape(group_heading(group))}*",
                    *(f"• {escape(line)}" for line in group_figures(group, review.currency)),
                ]
            )
        )
        for group in review.groups
    ]
    blocks: list[Block] = [
        header(f"Quarterly review · {review.quarter.label}"),
        context(escape(rhythm_definition(review))),
        *groups,
        DividerBlock(),
        section(escape(finding(review))),
        context(
            "Each manager's figures: "
            f"`cadence-bot review --leader {review.leader} --quarter {review.quarter.label}`"
        ),
    ]
    return message(title(review), blocks)
