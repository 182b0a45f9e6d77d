"""Slack's published Web API rate limits for the methods Cadence calls.

Tiers from Slack's method reference: Tier 2 is 20+ calls a minute, Tier 3 50+, Tier 4 100+;
``chat.postMessage`` has its own: about one message a second in each channel, short bursts
aside. The simulated workspace takes the floor of each tier, so an app that keeps within these
keeps within Slack's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimit:
    per_minute: int | None = None
    per_second: int | None = None
    per_channel: bool = False


TIER_2 = RateLimit(per_minute=20)
TIER_3 = RateLimit(per_minute=50)
TIER_4 = RateLimit(per_minute=100)

SLACK_RATE_LIMITS: dict[str, RateLimit] = {
    "auth.test": RateLimit(per_minute=100),
    "users.list": TIER_2,
    "users.info": TIER_4,
    "users.lookupByEmail": TIER_3,
    "conversations.open": TIER_3,
    "conversations.history": TIER_3,
    "chat.postMessage": RateLimit(per_second=1, per_channel=True),
    "chat.update": TIER_3,
    "chat.delete": TIER_3,
    "chat.postEphemeral": TIER_4,
    "views.open": TIER_4,
    "views.push": TIER_4,
    "views.update": TIER_4,
    "views.publish": TIER_4,
    "files.getUploadURLExternal": TIER_4,
    "files.completeUploadExternal": TIER_4,
}
