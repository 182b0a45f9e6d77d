"""Cadence's Prometheus metrics: one registry per process, read at ``GET /metrics``.

Counters and histograms move as the process works; the outbox gauges are read from the
database at each scrape, so every replica reports the one shared queue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session, sessionmaker

from bot.services.delivery.health import outbox_health

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

REGISTRY = CollectorRegistry()

MESSAGES = Counter(
    "cadence_messages",
    "Outbox messages by purpose and what became of a delivery attempt",
    ["purpose", "outcome"],  # outcome: sent, recovered, retried, failed, cancelled, waiting
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "cadence_slack_rate_limited", "HTTP 429 answers from Slack's Web API", registry=REGISTRY
)
ACK_SECONDS = Histogram(
    "cadence_ack_seconds",
    "From a Slack request's arrival to its acknowledgement",
    ["kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
    registry=REGISTRY,
)
TICK_SECONDS = Histogram(
    "cadence_tick_seconds",
    "Duration of each scheduler tick",
    ["tick"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0),
    registry=REGISTRY,
)


class OutboxCollector(Collector):
    """Outbox depth and the age of the oldest due message, read from the database per scrape."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
        self._sessions, self._clock = sessions, clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self._sessions() as session:
            health = outbox_health(session, now=self._clock())
        depth = GaugeMetricFamily(
            "cadence_outbox_depth", "Outbox messages not sent yet, by state", labels=["state"]
        )
        depth.add_metric(["pending"], health.pending)
        depth.add_metric(["due"], health.due)
        depth.add_metric(["sending"], health.sending)
        yield depth
        age = health.oldest_due_age
        yield GaugeMetricFamily(
            "cadence_outbox_oldest_due_seconds",
            "How long the oldest due, unsent message has been waiting (0 when none)",
            value=age.total_seconds() if age is not None else 0.0,
        )


def exposition(outbox: OutboxCollector | None = None) -> bytes:
    """The process's metrics in Prometheus' text format, with the outbox's when given."""
    text = generate_latest(REGISTRY)
    if outbox is not None:
        shared = CollectorRegistry()
        shared.register(outbox)
        text += generate_latest(shared)
    return text
