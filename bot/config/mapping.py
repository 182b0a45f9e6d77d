"""Copy validated config models into the domain objects the rest of Cadence uses."""

from __future__ import annotations

from collections.abc import Iterable

from bot.config.coaching_schema import to_hints, to_nudges
from bot.config.schema import (
    CadenceModel,
    DigestModel,
    OrganizationModel,
    PersonModel,
    ScheduleModel,
    TargetModel,
    TimeOffModel,
)
from bot.config.validation import ParsedConfig
from bot.domain.cadence import Cadence, DigestSchedule, Question, Schedule
from bot.domain.operating_system import OperatingSystem, Organization, TimeOff
from bot.domain.roster import Person, Roster
from bot.domain.targets import Target


def to_operating_system(config: ParsedConfig) -> OperatingSystem:
    """Only called once every check passed, so every section is present and valid."""
    assert config.organization is not None
    organization = to_organization(config.organization)
    return OperatingSystem(
        organization=organization,
        roster=to_roster(config.people.values(), default_timezone=organization.timezone),
        cadences=tuple(to_cadence(cadence) for cadence in config.cadences.values()),
        time_off=tuple(to_time_off(entry) for entry in config.time_off.values()),
        digest=to_digest(config.digest) if config.digest else None,
        targets=tuple(to_target(target) for target in config.targets.values()),
        hints=to_hints(config.hints),
        nudges=to_nudges(config.nudges),
    )


def to_organization(model: OrganizationModel) -> Organization:
    return Organization(
        name=model.name,
        timezone=model.timezone,
        currency=model.currency,
        working_days=frozenset(model.working_days),
        holidays=frozenset(model.holidays),
        anonymity_threshold=model.anonymity_threshold,
        admins=tuple(model.admins),
        working_hours=model.working_hours,
        starts_on=model.starts_on,
    )


def to_roster(people: Iterable[PersonModel], *, default_timezone: str) -> Roster:
    return Roster(
        Person(
            email=person.email,
            name=person.name,
            timezone=person.timezone or default_timezone,
            reports_to=person.reports_to,
            # Unpinned: the Slack profile's zone replaces the organisation's at sync time.
            timezone_pinned=person.timezone is not None,
            working_hours=person.working_hours,
        )
        for person in people
    )


def to_time_off(model: TimeOffModel) -> TimeOff:
    if model.reason is None:
        return TimeOff(email=model.email, start=model.start, end=model.end)
    return TimeOff(email=model.email, start=model.start, end=model.end, reason=model.reason)


def to_schedule(model: ScheduleModel) -> Schedule:
    return Schedule(
        every=model.every.frequency,
        interval=model.every.interval,
        opens=model.opens,
        due=model.due,
        starting=model.starting,
    )


def to_cadence(model: CadenceModel) -> Cadence:
    return Cadence(
        id=model.id,
        kind=model.kind,
        audience=model.audience,
        schedule=to_schedule(model.schedule),
        title=model.title,
        reminders=tuple(model.reminders),
        escalate_after=model.escalate_after,
        questions=tuple(
            Question(
                id=q.id,
                label=q.label,
                type=q.type,
                multiline=q.multiline,
                required=q.required,
                options=tuple(q.options),
            )
            for q in model.questions
        ),
        agenda=tuple(model.agenda),
        checklist=tuple(model.checklist),
    )


def to_digest(model: DigestModel) -> DigestSchedule:
    return DigestSchedule(at=model.at, to=model.to, enabled=model.enabled)


def to_target(model: TargetModel) -> Target:
    return Target(manager=model.manager.lower(), period=model.period, amount=model.amount)
