"""``/healthz``, ``/readyz`` and ``/metrics`` answer in HTTP and Socket Mode, and the counters
move under real traffic: a plan, a wave of nudges, a click on one of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from bot.simulated_slack import SimulatedSlack
from bot.slack.ids import ActionId
from tests.acceptance.round_trip import TRANSPORTS, Bot, eventually, running_bot

AISHA = "aisha@acme.example"
# Monday 7 December 2026, 10:00 in Chicago: the week's items opened at 09:00.
MONDAY = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)


def samples(bot: Bot) -> Iterator[Sample]:
    response = httpx.get(f"{bot.transport.operator_url}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    for family in text_string_to_metric_families(response.text):
        yield from family.samples


def value(bot: Bot, name: str, **labels: str) -> float:
    return sum(
        s.value
        for s in samples(bot)
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    )


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_probes_answer_and_counters_move_under_traffic(
    transport: str, empty_database_url: str, fake_slack: SimulatedSlack
) -> None:
    with running_bot(empty_database_url, fake_slack, transport=transport, now=MONDAY) as bot:
        url = bot.transport.operator_url
        sent_before = value(bot, "cadence_messages_total", purpose="open", outcome="sent")
        acks_before = value(bot, "cadence_ack_seconds_count", kind="block_actions")
        plans_before = value(bot, "cadence_tick_seconds_count", tick="plan")

        bot.sync_roster()
        bot.plan()
        queued = value(bot, "cadence_outbox_depth", state="due")
        bot.dispatch()
        [nudge, *_] = [
            m for m in bot.slack.messages_to(bot.user(AISHA)) if "Weekly forecast" in m.text
        ]
        bot.click(AISHA, nudge, ActionId.OPEN_FORM)
        eventually(bot.slack.modals)

        assert httpx.get(f"{url}/healthz").json() == {"ok": True, "database": "ok"}
        ready = httpx.get(f"{url}/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"ok": True, "database": "ok", "slack": "ok"}
        sent = value(bot, "cadence_messages_total", purpose="open", outcome="sent") - sent_before
        # 16:00 UTC is 21:30 in Kolkata: those nudges wait for their morning, the rest went.
        held = value(bot, "cadence_messages_total", purpose="open", outcome="waiting")
        assert queued > 0 and held > 0 and sent + held >= queued
        assert value(bot, "cadence_outbox_depth", state="due") == 0
        assert value(bot, "cadence_outbox_depth", state="pending") > 0  # reminders, later
        assert value(bot, "cadence_outbox_oldest_due_seconds") == 0
        assert value(bot, "cadence_ack_seconds_count", kind="block_actions") == acks_before + 1
        assert value(bot, "cadence_tick_seconds_count", tick="plan") == plans_before + 1


def test_readiness_fails_while_slack_refuses_the_token(
    empty_database_url: str, fake_slack: SimulatedSlack
) -> None:
    with running_bot(empty_database_url, fake_slack, transport="http", now=MONDAY) as bot:
        bot.container.slack.token = "xoxb-revoked"

        ready = httpx.get(f"{bot.transport.operator_url}/readyz")

        assert ready.status_code == 503
        assert ready.json()["slack"] == "auth.test: invalid_auth"
