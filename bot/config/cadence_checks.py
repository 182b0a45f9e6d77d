"""Checks of each cadence as a whole: its window, reminders, form, and who it is for."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.config.mapping import to_schedule
from bot.config.problems import ConfigProblem, Path, SourceMap
from bot.config.schema import CadenceModel
from bot.config.validation import ParsedConfig
from bot.config.values import WEEKDAYS, format_duration, format_weekday_time
from bot.domain.cadence import Audience, Frequency, Kind, QuestionType
from bot.domain.recurrence import window_shape
from bot.domain.roster import Role, Roster

# Kinds whose subject is fixed by what they are; the others may go to any audience.
_AUDIENCES = {
    Kind.FORECAST: (Audience.MANAGERS, Audience.LEADERS),
    Kind.TEAM_MEETING: (Audience.MANAGERS, Audience.LEADERS),
    Kind.ONE_ON_ONE: (Audience.MANAGER_REP_PAIRS,),
    Kind.COACHING_PULSE: (Audience.REPS,),
}
_MEMBERS = {
    Audience.MANAGERS: (Role.MANAGER, "nobody on the roster has a rep reporting to them"),
    Audience.REPS: (Role.REP, "everyone on the roster has people reporting to them"),
    Audience.LEADERS: (Role.LEADER, "nobody on the roster manages a manager"),
    Audience.MANAGER_REP_PAIRS: (Role.MANAGER, "no manager has a rep reporting to them"),
}


def check_cadences(
    config: ParsedConfig, source: SourceMap, *, roster: Roster | None
) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    first_at: dict[str, int] = {}
    for index, cadence in config.cadences.items():
        path: Path = ("cadences", index)
        if cadence.id in first_at:
            _, line, _ = source.where(("cadences", first_at[cadence.id], "id"))
            message = f"cadence id '{cadence.id}' is used twice (first on line {line})"
            problems.append(source.problem((*path, "id"), message, "give each cadence its own id"))
        first_at.setdefault(cadence.id, index)
        problems += _schedule(cadence, path, source) + _form(cadence, path, source)
        problems += _kind_fits_audience(cadence, path, source)
        if roster is not None:
            problems += audience_problems(cadence.audience, roster, (*path, "audience"), source)
    digest = config.digest
    if digest is not None and digest.at.nth is not None:
        plain = format_weekday_time(replace(digest.at, nth=None))
        hint = f"the digest is weekly: write '{plain}'"
        message = f"'{format_weekday_time(digest.at)}' names a week of the month"
        problems.append(source.problem(("digest", "at"), message, hint))
    if digest is not None and digest.enabled and roster is not None:
        problems += audience_problems(digest.to, roster, ("digest", "to"), source)
    return problems


def audience_problems(
    audience: Audience, roster: Roster, path: Path, source: SourceMap
) -> list[ConfigProblem]:
    role, why = _MEMBERS[audience]
    if roster.with_role(role):
        return []
    hint = "check the reports_to lines, or choose another audience"
    return [source.problem(path, f"audience '{audience}' has no one in it: {why}", hint)]


def _schedule(cadence: CadenceModel, path: Path, source: SourceMap) -> list[ConfigProblem]:
    at = (*path, "schedule")
    problems = _shape_of_moments(cadence, at, source)
    every = cadence.schedule.every
    if every.interval > 1 and cadence.schedule.starting is None:
        first = "the Monday of the first period" if every.frequency is Frequency.WEEK else "a 1st"
        message = f"every {every.interval} {every.frequency}s needs a start: periods count from it"
        hint = f"add `starting: 2026-01-05` ({first})"
        problems.append(source.problem((*at, "starting"), message, hint))
    if problems:
        return problems  # the window cannot be judged before its moments make sense
    opens, due = cadence.schedule.opens, cadence.schedule.due
    if opens == due:
        message = f"due '{format_weekday_time(due)}' is the same moment as opens"
        hint = "give the window time: e.g. opens 'mon 09:00', due 'wed 17:00'"
        return [source.problem((*at, "due"), message, hint)]
    shape = window_shape(to_schedule(cadence.schedule))
    if shape.overlaps_next_period:
        message = (
            f"due '{format_weekday_time(due)}' can fall after the next period already opened "
            f"(the window would last up to {format_duration(shape.longest_window)})"
        )
        hint = "move due earlier, or opens later, so each window closes before the next opens"
        return [source.problem((*at, "due"), message, hint)]
    return _reminders_and_escalation(cadence, path, source, shortest=shape.shortest_window)


def _shape_of_moments(cadence: CadenceModel, at: Path, source: SourceMap) -> list[ConfigProblem]:
    """Ordinals (``first mon``) pick a week of the month: monthly opens need one, weekly none."""
    schedule = cadence.schedule
    monthly = schedule.every.frequency is Frequency.MONTH
    opens, due = schedule.opens, schedule.due
    day = WEEKDAYS[opens.weekday - 1]
    if monthly and opens.nth is None:
        hint = f"write 'first {format_weekday_time(opens)}' (first, second, third, fourth or last)"
        return [source.problem((*at, "opens"), f"a monthly schedule must say which {day}", hint)]
    if not monthly and opens.nth is not None:
        hint = f"write '{format_weekday_time(replace(opens, nth=None))}', or use every: month"
        message = f"'{format_weekday_time(opens)}' names a week of the month in a weekly schedule"
        return [source.problem((*at, "opens"), message, hint)]
    if not monthly and due.nth == -1:
        hint = f"write '{format_weekday_time(replace(due, nth=None))}', or use every: month"
        message = f"'{format_weekday_time(due)}' only makes sense in a monthly schedule"
        return [source.problem((*at, "due"), message, hint)]
    return []


def _reminders_and_escalation(
    cadence: CadenceModel, path: Path, source: SourceMap, *, shortest: timedelta
) -> list[ConfigProblem]:
    problems = [
        source.problem(
            (*path, "reminders", index),
            f"a reminder {format_duration(reminder)} before due would come before the cadence "
            f"opens (opens → due can be as short as {format_duration(shortest)})",
            f"use at most {format_duration(shortest)}",
        )
        for index, reminder in enumerate(cadence.reminders)
        if reminder > shortest
    ]
    every = cadence.schedule.every
    weeks = every.interval if every.frequency is Frequency.WEEK else every.interval * 4
    period = timedelta(weeks=weeks)  # a monthly period can be as short as four weeks
    if cadence.escalate_after is not None and cadence.escalate_after > period:
        message = (
            f"escalating {format_duration(cadence.escalate_after)} after due would land in a "
            f"later period (a period can be as short as {format_duration(period)})"
        )
        hint = "escalate within the period, e.g. 4h or 1d"
        problems.append(source.problem((*path, "escalate_after"), message, hint))
    return problems


def _form(cadence: CadenceModel, path: Path, source: SourceMap) -> list[ConfigProblem]:
    at = (*path, "questions")
    problems: list[ConfigProblem] = []
    if cadence.kind is Kind.ACTIVITY and not cadence.questions:
        hint = "add questions: - {id: stalled, label: Deals stalled over 30 days, type: number}"
        problems.append(source.problem(at, "an activity needs at least one question", hint))
    if cadence.kind is not Kind.ACTIVITY and cadence.questions:
        message = f"questions only apply to kind: activity (this is {cadence.kind})"
        problems.append(source.problem(at, message, "remove them, or set kind: activity"))
    if cadence.kind is not Kind.TEAM_MEETING and cadence.agenda:
        message = f"agenda only applies to kind: team_meeting (this is {cadence.kind})"
        problems.append(source.problem((*path, "agenda"), message, "remove it"))
    if cadence.kind is Kind.COACHING_PULSE and cadence.checklist:
        message = "a coaching pulse has no checklist: it is the rep's rating, not a meeting"
        problems.append(source.problem((*path, "checklist"), message, "remove it"))
    seen: set[str] = set()
    for index, question in enumerate(cadence.questions):
        if question.id in seen:
            message = f"question id '{question.id}' is used twice in this cadence"
            problems.append(source.problem((*at, index, "id"), message, "give each its own id"))
        seen.add(question.id)
        select = question.type is QuestionType.SELECT
        if select != bool(question.options):
            message = (
                "a select question needs options" if select else "options only apply to select"
            )
            hint = "add options: [Yes, No]" if select else "remove them, or set type: select"
            problems.append(source.problem((*at, index, "options"), message, hint))
        if question.multiline and question.type is not QuestionType.TEXT:
            message = "multiline only applies to type: text"
            problems.append(source.problem((*at, index, "multiline"), message, "remove it"))
    return problems


def _kind_fits_audience(
    cadence: CadenceModel, path: Path, source: SourceMap
) -> list[ConfigProblem]:
    allowed = _AUDIENCES.get(cadence.kind)
    if allowed is None or cadence.audience in allowed:
        return []
    message = f"a {cadence.kind} cadence cannot have audience '{cadence.audience}'"
    hint = f"use audience: {' or '.join(allowed)}"
    return [source.problem((*path, "audience"), message, hint)]
