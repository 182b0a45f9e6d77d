"""``SlackNotifier``: the delivery port over Slack's Web API.

A DM is one ``chat.postMessage`` with the recipient's user id as the channel: Slack posts to
the bot's DM with them and answers with the DM's channel id. Every DM carries message metadata
with its outbox id, so a message whose sender died before recording it can be found in the
recipient's DM instead of being sent twice (the one place that opens the DM, to read it). A
digest's chart follows its message as a file named after the week, so a resumed send can tell
whether it is there. The client has no retry handlers: the dispatcher decides about retries,
with the outbox row as its memory.
"""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, NoReturn

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.delivery.compose import OutgoingMessage, OutgoingReport
from bot.services.delivery.ports import (
    PermanentDeliveryError,
    RateLimited,
    SentRef,
    TransientDeliveryError,
)
from bot.settings import Settings
from bot.slack.delivery.render import CannotRender, render
from bot.slack.delivery.report_sender import (
    chart_filename,
    post_digest,
    send_manager_summary,
    send_review,
    upload_chart,
)
from bot.slack.delivery.web_client import KeepAliveWebClient

EVENT_TYPE = "cadence_outbox"
# Slack answers these with HTTP 200 and ok=false, but they pass.
TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
DEFAULT_TIMEOUT_SECONDS = 10


def delivery_client(settings: Settings, *, timeout: int = DEFAULT_TIMEOUT_SECONDS) -> WebClient:
    """The sender's Web API client: one kept-open connection, no retry handlers."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return KeepAliveWebClient(
        token=token, base_url=settings.slack_api_base_url, timeout=timeout, retry_handlers=[]
    )


class SlackNotifier:
    def __init__(self, client: WebClient) -> None:
        self._client = client
        # A DM channel's id never changes: crash recovery opens each person's DM once.
        self._dm_channels: dict[str, str] = {}

    def send(self, message: OutgoingMessage, *, outbox_id: int) -> SentRef:
        text, blocks = _rendered(message)
        response = _call(
            self._client.chat_postMessage,
            channel=_recipient(message.recipient_slack_id),
            text=text,
            blocks=blocks,
            metadata=_tag(outbox_id),
        )
        return SentRef(str(response["channel"]), str(response["ts"]))

    def send_report(self, report: OutgoingReport, *, outbox_id: int) -> SentRef:
        channel = _recipient(report.recipient_slack_id)
        ref: SentRef
        if report.digest is not None:
            ref = _call(
                post_digest,
                client=self._client,
                channel_or_user=channel,
                digest=report.digest,
                metadata=_tag(outbox_id),
            )
        elif report.summary is not None:
            ref = _call(
                send_manager_summary,
                client=self._client,
                channel_or_user=channel,
                summary=report.summary,
                metadata=_tag(outbox_id),
            )
        elif report.review is not None:
            ref = _call(
                send_review,
                client=self._client,
                channel_or_user=channel,
                review=report.review,
                metadata=_tag(outbox_id),
            )
        else:
            raise PermanentDeliveryError(f"a {report.purpose} message with no report in it")
        return ref

    def complete_report(self, ref: SentRef, report: OutgoingReport, *, look_first: bool) -> None:
        """A digest's chart, uploaded after its message (a summary has no attachment)."""
        digest = report.digest
        if digest is None or digest.grid.empty:
            return  # nothing was due in the chart's weeks: no chart is drawn or uploaded
        if look_first and self._has_file(ref, chart_filename(digest)):
            return
        # matplotlib takes a while to import: loaded by the first chart, not at every start.
        from bot.reporting.chart import digest_chart

        chart = digest_chart(digest)
        if chart is not None:
            _call(
                upload_chart,
                client=self._client,
                channel=ref.channel,
                digest=digest,
                chart_png=chart,
            )

    def find_sent(
        self, recipient_slack_id: str, *, outbox_id: int, since: datetime
    ) -> SentRef | None:
        channel = self._dm_channel(recipient_slack_id)
        for found in self._history(channel, oldest=f"{since.timestamp():.6f}"):
            metadata = found.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == EVENT_TYPE and payload.get("outbox_id") == outbox_id:
                return SentRef(channel, str(found["ts"]))
        return None

    def update(self, ref: SentRef, message: OutgoingMessage) -> None:
        text, blocks = _rendered(message)
        _call(self._client.chat_update, channel=ref.channel, ts=ref.ts, text=text, blocks=blocks)

    def _has_file(self, ref: SentRef, filename: str) -> bool:
        """Whether a file named ``filename`` was shared in the conversation after ``ref``."""
        for found in self._history(ref.channel, oldest=ref.ts):
            if any(f.get("name") == filename for f in found.get("files") or []):
                return True
        return False

    def _dm_channel(self, user_id: str) -> str:
        if user_id not in self._dm_channels:
            response = _call(self._client.conversations_open, users=user_id)
            self._dm_channels[user_id] = str(response["channel"]["id"])
        return self._dm_channels[user_id]

    def _history(self, channel: str, *, oldest: str) -> Iterator[dict[str, Any]]:
        cursor: str | None = None
        while True:
            page = _call(
                self._client.conversations_history,
                channel=channel,
                oldest=oldest,
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
            yield from page.get("messages", [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return


def _recipient(slack_id: str | None) -> str:
    if not slack_id:
        raise PermanentDeliveryError("recipient has no Slack id (not found in Slack by email)")
    return slack_id


def _tag(outbox_id: int) -> dict[str, Any]:
    """Message metadata naming the outbox row, so ``find_sent`` can find the message again."""
    return {"event_type": EVENT_TYPE, "event_payload": {"outbox_id": outbox_id}}


def _rendered(message: OutgoingMessage) -> tuple[str, list[dict[str, object]]]:
    try:
        rendered = render(message)
        return rendered.text, rendered.blocks_as_dicts()
    except CannotRender as error:
        raise PermanentDeliveryError(str(error)) from error


def _call(method: Callable[..., Any], **arguments: Any) -> Any:
    """One Web API call, with Slack's failures translated to the port's errors."""
    try:
        return method(**arguments)
    except SlackApiError as error:
        _raise_delivery_error(error)
    except (OSError, http.client.HTTPException) as error:
        # Timeouts, refused or dropped connections: urllib's errors are all OSErrors.
        raise TransientDeliveryError(f"{type(error).__name__}: {error}") from error


def _raise_delivery_error(error: SlackApiError) -> NoReturn:
    response = error.response
    status = response.status_code
    code = response.get("error") if isinstance(response.data, dict) else None
    if status == 429 or code == "ratelimited":
        headers = {key.lower(): value for key, value in (response.headers or {}).items()}
        retry_after = float(headers.get("retry-after", 1))
        raise RateLimited(retry_after, method=_method_of(response.api_url)) from error
    if status >= 500:
        raise TransientDeliveryError(f"HTTP {status}: {code or 'server error'}") from error
    if code in TRANSIENT_ERRORS:
        raise TransientDeliveryError(str(code)) from error
    # user_not_found, account_inactive, channel_not_found, not_in_channel, invalid_auth, and
    # anything else Slack rejects outright: the same request would be rejected again.
    raise PermanentDeliveryError(str(code or f"HTTP {status}")) from error


def _method_of(api_url: str) -> str:
    """``https://slack.com/api/chat.postMessage`` → ``chat.postMessage``: Slack's limits are
    per method."""
    return api_url.rstrip("/").rsplit("/", 1)[-1]
