"""Who is acting on a Slack request, by Slack user id, without a database round trip.

Every request passes the roster gate before it is acknowledged, so the lookup must cost
nothing: the people are kept in memory, replaced wholesale after each roster sync (the only
thing that changes them), and a miss falls back to the database, so someone a sync on another
replica has just added is found at their first click. The ``Person`` objects are detached:
read their columns, not their relationships.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot.persistence.models import Person
from bot.persistence.repositories import people


class ActingPeople:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._by_slack_id: dict[str, Person] = {}

    def get(self, slack_id: str) -> Person | None:
        """The active roster entry of ``slack_id``; people who left the roster are absent."""
        found = self._by_slack_id.get(slack_id)
        if found is not None:
            return found
        with self._sessions() as session:
            person = people.by_slack_id(session, slack_id)
        if person is None or not person.active:
            return None
        self._by_slack_id[slack_id] = person
        return person

    def refresh(self) -> None:
        """Read the roster again (after a sync): one query, swapped in at once."""
        with self._sessions() as session:
            fresh = {p.slack_id: p for p in people.active_in_slack(session) if p.slack_id}
        self._by_slack_id = fresh
