"""People and the reporting tree; roles are derived from it, never declared."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from bot.domain.working_hours import WorkingHours


class Role(StrEnum):
    REP = "rep"
    MANAGER = "manager"
    LEADER = "leader"


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    timezone: str
    reports_to: str | None = None
    slack_id: str | None = None
    # False when the config gave no zone: the Slack profile's zone then wins at sync time.
    timezone_pinned: bool = True
    # None: the organisation's working hours.
    working_hours: WorkingHours | None = None


class Roster:
    """An immutable view of the reporting tree keyed by lower-case email.

    A rep has no reports, a manager has at least one report who is a rep,
    a leader has at least one report who is a manager (and may also manage reps).
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self._people: dict[str, Person] = {p.email.lower(): p for p in people}
        self._reports: dict[str, list[Person]] = {}
        for person in self._people.values():
            if person.reports_to:
                self._reports.setdefault(person.reports_to.lower(), []).append(person)

    def __iter__(self) -> Iterator[Person]:
        return iter(self._people.values())

    def __len__(self) -> int:
        return len(self._people)

    def __contains__(self, email: object) -> bool:
        return isinstance(email, str) and email.lower() in self._people

    def get(self, email: str) -> Person | None:
        return self._people.get(email.lower())

    def __getitem__(self, email: str) -> Person:
        return self._people[email.lower()]

    def reports(self, email: str) -> list[Person]:
        return list(self._reports.get(email.lower(), []))

    def manager_of(self, email: str) -> Person | None:
        person = self.get(email)
        if person is None or not person.reports_to:
            return None
        return self.get(person.reports_to)

    def roles(self, email: str) -> frozenset[Role]:
        known = self._roles.get(email.lower())
        return known if known is not None else self._roles_of(email)

    def with_role(self, role: Role) -> list[Person]:
        return [p for p in self if role in self._roles[p.email.lower()]]

    @cached_property
    def _roles(self) -> dict[str, frozenset[Role]]:
        # Derived once: the schedule engine asks for every audience at every plan.
        return {email: self._roles_of(email) for email in self._people}

    def _roles_of(self, email: str) -> frozenset[Role]:
        reports = self.reports(email)
        if not reports:
            return frozenset({Role.REP})
        roles: set[Role] = set()
        if any(not self._reports.get(r.email.lower()) for r in reports):
            roles.add(Role.MANAGER)
        if any(self._reports.get(r.email.lower()) for r in reports):
            roles.add(Role.LEADER)
        return frozenset(roles)

    def reps_of(self, manager_email: str) -> list[Person]:
        """Direct reports of ``manager_email`` who are reps (have no reports themselves)."""
        return [r for r in self.reports(manager_email) if not self._reports.get(r.email.lower())]

    def subtree(self, email: str) -> list[Person]:
        """Everyone below ``email`` in the tree, depth first, excluding ``email``."""
        found: list[Person] = []
        stack = list(reversed(self.reports(email)))
        seen: set[str] = set()
        while stack:
            person = stack.pop()
            key = person.email.lower()
            if key in seen:
                continue
            seen.add(key)
            found.append(person)
            stack.extend(reversed(self.reports(key)))
        return found
