"""``SlackDirectory``: the workspace's members from ``users.list``, one call per page."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.roster_sync import SlackMember

# Slack's recommended page size for users.list: one call per 200 people, never one per person.
PAGE_SIZE = 200
# users.list is Tier 2 (about 20 calls a minute): a few waits are normal in a large workspace.
MAX_RATE_LIMITED_WAITS = 5


class SlackDirectory:
    """Pages through ``users.list``; on HTTP 429 waits ``Retry-After`` and asks again."""

    def __init__(self, client: WebClient, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self._client = client
        self._sleep = sleep

    def members(self) -> Iterator[SlackMember]:
        cursor = ""
        while True:
            page = self._page(cursor)
            for member in page.get("members", []):
                yield _member(member)
            cursor = (page.get("response_metadata") or {}).get("next_cursor", "")
            if not cursor:
                return

    def _page(self, cursor: str) -> dict[str, Any]:
        waits = 0
        while True:
            try:
                response = self._client.users_list(limit=PAGE_SIZE, cursor=cursor or None)
            except SlackApiError as error:
                if error.response.status_code != 429 or waits == MAX_RATE_LIMITED_WAITS:
                    raise
                waits += 1
                self._sleep(float(error.response.headers.get("Retry-After", 1)))
                continue
            return dict(response.data)  # type: ignore[arg-type]


def _member(data: dict[str, Any]) -> SlackMember:
    email = (data.get("profile") or {}).get("email")
    return SlackMember(
        id=data["id"],
        email=email.lower() if email else None,
        tz=data.get("tz") or None,
        deleted=bool(data.get("deleted")),
        is_bot=bool(data.get("is_bot")),
    )
