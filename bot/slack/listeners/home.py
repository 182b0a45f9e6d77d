"""The person's App Home (and ``/cadence status``): their status as the home builder takes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from bot.bootstrap import Container
from bot.persistence.models import Person
from bot.services.delivery.health import outbox_health
from bot.services.my_status import MyStatus, StatusItem, my_status
from bot.slack.blocks.context import (
    AdherenceWeek,
    FailedDelivery,
    HomeContext,
    ItemRef,
    ManagerLine,
    OpenItem,
)
from bot.slack.listeners.acting import is_admin


def home_context(session: Session, container: Container, person: Person) -> HomeContext:
    now = container.clock()
    status = my_status(
        session, person_id=person.id, operating_system=container.operating_system, now=now
    )
    return HomeContext(
        person_name=status.name,
        tz=status.tz,
        open_items=tuple(_open_item(item) for item in status.open_items),
        weeks=tuple(AdherenceWeek(week, summary) for week, summary in status.weeks),
        team=_team(status),
        # Delivery failures are an admin's business (and name other people).
        failed_deliveries=_failures(session, now=now) if is_admin(container, person) else None,
        open_action_items=status.open_action_items,
        overdue_action_items=status.overdue_action_items,
    )


def report_context(session: Session, container: Container, subject: Person) -> HomeContext:
    """What someone's App Home shows, as their manager sees it (no admin section)."""
    return replace(home_context(session, container, subject), failed_deliveries=None)


def _open_item(item: StatusItem) -> OpenItem:
    ref = ItemRef(
        occurrence_id=item.occurrence_id,
        cadence_id=item.cadence_id,
        kind=item.kind,
        title=item.title,
        counterpart_name=item.counterpart_name,
    )
    return OpenItem(ref, due_at=item.due_at, overdue=item.overdue)


def _team(status: MyStatus) -> tuple[ManagerLine, ...] | None:
    if status.team is None:
        return None
    return tuple(
        ManagerLine(m.name, m.summary, m.forecast_submitted, m.follow_through) for m in status.team
    )


def _failures(session: Session, *, now: datetime) -> tuple[FailedDelivery, ...]:
    return tuple(
        FailedDelivery(
            recipient_name=failure.recipient_name,
            what=failure.purpose.replace("_", " "),
            error=failure.error or "unknown error",
            failed_at=failure.failed_at or now,
        )
        for failure in outbox_health(session, now=now).failures
    )
