"""The port to Slack's user directory: who has an account, under which email and zone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SlackMember:
    """One Slack account as ``users.list`` describes it; bots and guests may have no email."""

    id: str
    email: str | None
    tz: str | None
    deleted: bool = False
    is_bot: bool = False


class Directory(Protocol):
    def members(self) -> Iterable[SlackMember]:
        """Every account of the workspace, deleted ones included (sync reports them)."""
        ...
