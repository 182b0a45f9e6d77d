"""``cadence-bot status``: the first thing an admin looks at — is delivery keeping up?"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.cli.options import migrated_database
from bot.persistence.database import UnitOfWork
from bot.services.delivery.health import OutboxHealth, outbox_health
from bot.settings import Settings


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "status", help="show the delivery queue, recent sends and failures with their reasons"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with migrated_database(Settings()) as sessions, UnitOfWork(sessions) as uow:
        health = outbox_health(uow.session, now=datetime.now(UTC))
    print(render_text(health))
    return 0


def render_text(health: OutboxHealth) -> str:
    lines = [
        f"Queue: {health.pending} pending, {health.due} due now, {health.sending} being sent",
        f"Oldest due message: {_age(health.oldest_due_age)}",
        f"Last 24 h: {health.sent_last_24h} sent, {health.failed_last_24h} failed",
    ]
    if health.failures:
        lines.append("Failures (latest first):")
        lines.extend(
            f"  #{f.id} {f.purpose} to {f.recipient_name} <{f.recipient_email}> "
            f"at {_when(f.failed_at)} after {f.attempts} attempt(s): {f.error}"
            for f in health.failures
        )
    if health.stuck:
        lines.append("Stuck leases (their sender went away; the next dispatch takes them over):")
        lines.extend(
            f"  #{s.id} {s.purpose} held by {s.lease_owner}, expired {_when(s.lease_expires_at)}"
            for s in health.stuck
        )
    return "\n".join(lines)


def _age(age: timedelta | None) -> str:
    if age is None:
        return "none waiting"
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "due for less than a minute"
    hours, minutes = divmod(minutes, 60)
    return f"due for {hours} h {minutes} min" if hours else f"due for {minutes} min"


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC" if moment else "?"
