"""``cadence-bot check-config``: validate the config and summarise what it sets up."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.cli.options import add_config_argument, load_config
from bot.domain.operating_system import OperatingSystem
from bot.domain.recurrence import to_local
from bot.domain.roster import Role
from bot.domain.schedule import occurrences_between

# Far enough to find the next occurrence of a monthly cadence with a long interval.
_LOOKAHEAD = timedelta(days=400)


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser("check-config", help="validate the cadence config")
    add_config_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    operating_system = load_config(args)
    print(summary(operating_system, now=datetime.now(UTC)))
    return 0


def summary(operating_system: OperatingSystem, *, now: datetime) -> str:
    roster = operating_system.roster
    lines = [
        f"{operating_system.organization.name}: configuration OK",
        "",
        f"People: {len(roster)}",
    ]
    for role in (Role.LEADER, Role.MANAGER, Role.REP):
        people = roster.with_role(role)
        names = ", ".join(p.name for p in people[:6]) + (" …" if len(people) > 6 else "")
        lines.append(f"  {role.value + 's':<9} {len(people):>3}  {names}")
    lines += ["", "Cadences (next opening):"]
    upcoming = [o for o in occurrences_between(operating_system, start=now, end=now + _LOOKAHEAD)]
    for cadence in operating_system.cadences:
        mine = [o for o in upcoming if o.cadence_id == cadence.id and o.opens_at >= now]
        if mine:
            first = min(mine, key=lambda o: o.opens_at)
            local = to_local(first.opens_at, first.tz)
            when = f"{local:%a %Y-%m-%d %H:%M} {first.tz} for {first.subject}"
        else:
            when = "none in the next 400 days"
        subjects = len({(o.subject, o.counterpart) for o in mine})
        lines.append(f"  {cadence.id:<20} {cadence.kind.value:<15} {subjects:>3} subjects  {when}")
    if operating_system.digest and operating_system.digest.enabled:
        lines.append(f"  {'digest':<20} weekly to {operating_system.digest.to.value}")
    return "\n".join(lines)
