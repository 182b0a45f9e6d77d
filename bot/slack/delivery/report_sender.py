"""Sending the weekly digest to a leader's DM: the message, then its chart (files upload v2),
a manager's weekly summary, and a leader's quarterly review.

Slack's errors are left as ``SlackApiError`` for the caller to classify (the notifier maps them
to the delivery port's retry rules). ``metadata`` is passed through to ``chat.postMessage`` so
the dispatcher can tag the message with its outbox id and find it again after a crash.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.domain.digest import Digest
from bot.domain.manager_summary import ManagerSummary
from bot.domain.review import Review
from bot.services.delivery.ports import SentRef
from bot.slack.blocks.digest import digest_message
from bot.slack.blocks.digest_detail import manager_summary_message
from bot.slack.blocks.message import Message
from bot.slack.blocks.review import review_message
from bot.slack.blocks.text import day


def send_digest(
    client: WebClient,
    *,
    channel_or_user: str,
    digest: Digest,
    chart_png: bytes | None,
    metadata: dict[str, Any] | None = None,
) -> SentRef:
    """Post the digest, then upload its chart (if it has one) to the same conversation."""
    ref = post_digest(client, channel_or_user=channel_or_user, digest=digest, metadata=metadata)
    if chart_png is not None:
        upload_chart(client, channel=ref.channel, digest=digest, chart_png=chart_png)
    return ref


def post_digest(
    client: WebClient,
    *,
    channel_or_user: str,
    digest: Digest,
    metadata: dict[str, Any] | None = None,
) -> SentRef:
    """The digest's message alone; its chart follows with ``upload_chart``."""
    message = digest_message(digest)
    return _post(client, channel=channel_or_user, message=message, metadata=metadata)


def chart_filename(digest: Digest) -> str:
    """The chart's file name, one per digest week: how a resumed send sees it is there."""
    return f"cadence-digest-{digest.week_start.isoformat()}.png"


def upload_chart(client: WebClient, *, channel: str, digest: Digest, chart_png: bytes) -> None:
    """Share the digest's chart in ``channel`` (a conversation id, not a user id)."""
    client.files_upload_v2(
        channel=channel,
        file=chart_png,
        filename=chart_filename(digest),
        title=f"The rhythm per manager, 12 weeks to {day(digest.reported_week)} "
        f"{digest.reported_week.year}",
        initial_comment="Each manager's weeks: on time, late, missed, excused or not nudged.",
    )


def send_manager_summary(
    client: WebClient,
    *,
    channel_or_user: str,
    summary: ManagerSummary,
    metadata: dict[str, Any] | None = None,
) -> SentRef:
    message = manager_summary_message(summary)
    return _post(client, channel=channel_or_user, message=message, metadata=metadata)


def send_review(
    client: WebClient,
    *,
    channel_or_user: str,
    review: Review,
    metadata: dict[str, Any] | None = None,
) -> SentRef:
    message = review_message(review)
    return _post(client, channel=channel_or_user, message=message, metadata=metadata)


def _post(
    client: WebClient, *, channel: str, message: Message, metadata: dict[str, Any] | None
) -> SentRef:
    """One call: given a user id, Slack posts to the bot's DM with them and answers with that
    DM's channel id, so no ``conversations.open`` is needed first."""
    response = client.chat_postMessage(
        channel=channel, text=message.text, blocks=message.blocks_as_dicts(), metadata=metadata
    )
    return SentRef(str(response["channel"]), str(response["ts"]))
