"""Whole-config checks that need more than one value: the roster, time off, the organisation.

They run on whatever validated (see ``validation``), so a schema mistake in one place does not
hide a reporting cycle in another. Cadence checks live in ``cadence_checks``.
"""

from __future__ import annotations

from bot.config.cadence_checks import check_cadences
from bot.config.mapping import to_roster
from bot.config.problems import ConfigProblem, SourceMap
from bot.config.validation import ParsedConfig
from bot.config.values import did_you_mean_email
from bot.domain.roster import Role, Roster


def check_config(config: ParsedConfig, source: SourceMap) -> list[ConfigProblem]:
    # Roles are only trustworthy when every person validated; otherwise skip audience checks.
    roster = (
        to_roster(config.people.values(), default_timezone="UTC")
        if config.people and config.people_complete
        else None
    )
    return [
        *_organization(config, source),
        *_duplicate_people(config, source),
        *_managers_exist(config, source),
        *_reporting_cycles(config, source),
        *_time_off(config, source),
        *_targets(config, source, roster=roster),
        *check_cadences(config, source, roster=roster),
    ]


def _organization(config: ParsedConfig, source: SourceMap) -> list[ConfigProblem]:
    if config.organization is None or config.organization.working_days:
        return []
    path = ("organization", "working_days")
    hint = "list the days people may be messaged, like [mon, tue, wed, thu, fri]"
    return [source.problem(path, "no working days: nobody could ever be nudged", hint)]


def _duplicate_people(config: ParsedConfig, source: SourceMap) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    first_at: dict[str, int] = {}
    for index, email in config.people_emails.items():
        if email not in first_at:
            first_at[email] = index
            continue
        _, first_line, _ = source.where(("people", first_at[email], "email"))
        problems.append(
            source.problem(
                ("people", index, "email"),
                f"'{email}' is listed twice (first on line {first_line})",
                "keep one entry per person",
            )
        )
    return problems


def _managers_exist(config: ParsedConfig, source: SourceMap) -> list[ConfigProblem]:
    # A set to look up (20,000 people against a list took most of a second), sorted for hints.
    emails = set(config.people_emails.values())
    known = sorted(emails)
    return [
        source.problem(
            ("people", index, "reports_to"),
            f"'{person.reports_to}' is not on the roster",
            f"{did_you_mean_email(person.reports_to, known)}add them to people, or fix the email",
        )
        for index, person in config.reporting.items()
        if person.reports_to is not None and person.reports_to not in emails
    ]


def _reporting_cycles(config: ParsedConfig, source: SourceMap) -> list[ConfigProblem]:
    boss_of = {p.email: p.reports_to for p in config.reporting.values() if p.reports_to}
    index_of = {p.email: index for index, p in reversed(config.reporting.items())}
    name_of = {p.email: p.name for p in config.reporting.values()}
    problems: list[ConfigProblem] = []
    done: set[str] = set()
    for start in sorted(index_of, key=index_of.__getitem__):
        chain: list[str] = []
        node: str | None = start
        while node is not None and node not in done and node not in chain:
            chain.append(node)
            node = boss_of.get(node)
        done.update(chain)
        if node is None or node not in chain:
            continue
        cycle = chain[chain.index(node) :]
        first = min(cycle, key=index_of.__getitem__)
        cycle = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
        problems.append(_cycle_problem(cycle, name_of, index_of[first], source))
    return problems


def _cycle_problem(
    cycle: list[str], name_of: dict[str, str], index: int, source: SourceMap
) -> ConfigProblem:
    path = ("people", index, "reports_to")
    if len(cycle) == 1:
        hint = "leave reports_to out for the person at the top of the tree"
        return source.problem(path, f"{name_of[cycle[0]]} reports to themselves", hint)
    names = " → ".join(name_of[email] for email in [*cycle, cycle[0]])
    hint = "someone in the cycle must report to a person outside it (the top has no reports_to)"
    return source.problem(path, f"reporting cycle: {names}", hint)


def _time_off(config: ParsedConfig, source: SourceMap) -> list[ConfigProblem]:
    emails = set(config.people_emails.values())
    known = sorted(emails)
    problems: list[ConfigProblem] = []
    for index, entry in config.time_off.items():
        if emails and entry.email not in emails:
            hint = f"{did_you_mean_email(entry.email, known)}time off is for people on the roster"
            problems.append(
                source.problem(
                    ("time_off", index, "email"), f"'{entry.email}' is not on the roster", hint
                )
            )
        if entry.start > entry.end:
            problems.append(
                source.problem(
                    ("time_off", index, "from"),
                    f"from {entry.start} is after to {entry.end}",
                    "swap them: from is the first day away, to the last (both included)",
                )
            )
    return problems


def _targets(
    config: ParsedConfig, source: SourceMap, *, roster: Roster | None
) -> list[ConfigProblem]:
    """A target names a manager on the roster, once per period."""
    emails = set(config.people_emails.values())
    known = sorted(emails)
    problems: list[ConfigProblem] = []
    first_at: dict[tuple[str, str], int] = {}
    for index, target in config.targets.items():
        path = ("targets", index, "manager")
        email = target.manager.lower()
        if emails and email not in emails:
            hint = f"{did_you_mean_email(email, known)}targets are for managers on the roster"
            problems.append(source.problem(path, f"'{email}' is not on the roster", hint))
        elif roster is not None and email in roster and Role.MANAGER not in roster.roles(email):
            hint = "targets are per manager team: name the manager the reps report to"
            problems.append(source.problem(path, f"'{email}' has no reps reporting to them", hint))
        key = (email, target.period.label)
        if key in first_at:
            _, line, _ = source.where(("targets", first_at[key], "manager"))
            problems.append(
                source.problem(
                    ("targets", index, "period"),
                    f"{email} already has a target for {target.period.label} (line {line})",
                    "keep one target per manager and period",
                )
            )
        first_at.setdefault(key, index)
    return problems
