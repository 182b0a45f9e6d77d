"""Who the simulated people are: a behaviour for each manager, rep and leader on the roster.

Managers take the behaviours in roster order — reliable, late, skips with reasons, away for a
week, over-reports coaching — and the cycle repeats for larger rosters. Each person draws from
their own random stream, seeded by the run's seed and their email, so one person's choices never
shift another's and a seed always replays the same month.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.roster import Role, Roster


class Habit(StrEnum):
    RELIABLE = "reliable"
    LATE = "late"
    SKIPS = "skips with reasons"
    AWAY = "away for a week"
    OVER_REPORTS = "over-reports coaching"


MANAGER_HABITS = (Habit.RELIABLE, Habit.LATE, Habit.SKIPS, Habit.AWAY, Habit.OVER_REPORTS)


@dataclass(frozen=True)
class SimulatedPerson:
    email: str
    name: str
    timezone: str
    roles: frozenset[Role]
    habit: Habit | None  # managers only
    manager_habit: Habit | None  # reps: how their own manager behaves
    adjusts_forecast: bool  # leaders: the first one adjusts the call each week
    rates_coaching: float  # reps: the chance they answer a coaching pulse
    rng: random.Random

    @property
    def is_manager(self) -> bool:
        return Role.MANAGER in self.roles

    @property
    def is_leader(self) -> bool:
        return Role.LEADER in self.roles

    def describe(self) -> str:
        roles = "/".join(sorted(role.value for role in self.roles)) or "person"
        return f"{roles}, {self.habit}" if self.habit else roles


def cast(roster: Roster, *, seed: int) -> dict[str, SimulatedPerson]:
    """Everyone on the roster, by email, with their behaviour."""
    managers = [p.email for p in roster if Role.MANAGER in roster.roles(p.email)]
    leaders = [p.email for p in roster if Role.LEADER in roster.roles(p.email)]
    habits = {email: MANAGER_HABITS[i % len(MANAGER_HABITS)] for i, email in enumerate(managers)}
    people: dict[str, SimulatedPerson] = {}
    for person in roster:
        rng = random.Random(f"{seed}:{person.email}")
        manager = roster.manager_of(person.email)
        people[person.email] = SimulatedPerson(
            email=person.email,
            name=person.name,
            timezone=person.timezone,
            roles=frozenset(roster.roles(person.email)),
            habit=habits.get(person.email),
            manager_habit=habits.get(manager.email) if manager else None,
            adjusts_forecast=bool(leaders) and person.email == leaders[0],
            rates_coaching=rng.choice((0.5, 0.8, 1.0)),
            rng=rng,
        )
    return people
