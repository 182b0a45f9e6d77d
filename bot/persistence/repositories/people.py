"""Queries about people on the roster."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.persistence.models import Person


def by_email(session: Session, email: str) -> Person | None:
    return session.scalar(select(Person).where(Person.email == email.lower()))


def by_slack_id(session: Session, slack_id: str) -> Person | None:
    return session.scalar(select(Person).where(Person.slack_id == slack_id))


def active_by_email(session: Session) -> dict[str, Person]:
    people = session.scalars(select(Person).where(Person.active.is_(True)))
    return {p.email: p for p in people}


def all_by_email(session: Session) -> dict[str, Person]:
    return {p.email: p for p in session.scalars(select(Person))}
