"""A chat message as Cadence sends it: notification text plus Block Kit blocks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from slack_sdk.models.blocks import Block

from bot.slack.blocks.text import MAX_TEXT, clip

MAX_MESSAGE_BLOCKS = 50


class Message(NamedTuple):
    """``text`` is what notifications and screen readers show; ``blocks`` what the client shows."""

    text: str
    blocks: list[Block]

    def blocks_as_dicts(self) -> list[dict[str, object]]:
        """Serialised blocks; serialising runs slack_sdk's validation of Slack's limits."""
        return [block.to_dict() for block in self.blocks]


def message(text: str, blocks: Sequence[Block]) -> Message:
    if len(blocks) > MAX_MESSAGE_BLOCKS:
        raise ValueError(f"a message holds at most {MAX_MESSAGE_BLOCKS} blocks, got {len(blocks)}")
    return Message(clip(text, MAX_TEXT), list(blocks))
