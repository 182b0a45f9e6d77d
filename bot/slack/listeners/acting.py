"""Who is acting, as the roster middleware left it in the Bolt context."""

from __future__ import annotations

from datetime import date

from slack_bolt import BoltContext

from bot.bootstrap import Container
from bot.domain.recurrence import to_local
from bot.persistence.models import Person
from bot.slack.after_ack import AfterAck


def container_of(context: BoltContext) -> Container:
    container: Container = context["container"]
    return container


def after_ack_of(context: BoltContext) -> AfterAck:
    after_ack: AfterAck = context["after_ack"]
    return after_ack


def person_of(context: BoltContext) -> Person:
    """The acting roster person: detached, so read columns only, never relationships."""
    person: Person = context["person"]
    return person


def local_today(container: Container, person: Person) -> date:
    return to_local(container.clock(), person.timezone).date()


def is_admin(container: Container, person: Person) -> bool:
    admins = {email.lower() for email in container.operating_system.organization.admins}
    return person.email.lower() in admins
