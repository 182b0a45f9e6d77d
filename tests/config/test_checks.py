"""Whole-config checks: each mistake is rejected with the right file, line and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.config import ConfigError, ConfigProblem, load_operating_system

BASE = """\
organization:
  name: Test Co
  timezone: Europe/London
  admins: [ops@t.example]
people:
  - {email: lead@t.example, name: Lee Lead}
  - {email: mgr@t.example, name: Mo Manager, reports_to: lead@t.example}
  - {email: rep@t.example, name: Ria Rep, reports_to: mgr@t.example}
  - {email: rep2@t.example, name: Rob Rep, reports_to: mgr@t.example}
time_off:
  - {email: rep@t.example, from: 2026-08-03, to: 2026-08-07}
cadences:
  - id: forecast
    kind: forecast
    audience: managers
    schedule: {every: week, opens: mon 09:00, due: wed 17:00}
    reminders: [24h]
    escalate_after: 4h
"""


def cadence(body: str) -> str:
    """One more cadence appended to BASE's list, written at the list's indentation."""
    return BASE + textwrap.indent(textwrap.dedent(body), "  ")


def problems_in(tmp_path: Path, text: str) -> list[ConfigProblem]:
    path = tmp_path / "ops.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_operating_system(path)
    assert all(p.file == str(path) for p in raised.value.problems)
    return list(raised.value.problems)


def only_problem(tmp_path: Path, text: str) -> ConfigProblem:
    (problem,) = problems_in(tmp_path, text)
    return problem


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, content in enumerate(text.splitlines(), start=1) if needle in content]
    return lines[occurrence - 1]


def test_the_base_config_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(BASE, encoding="utf-8")

    assert len(load_operating_system(path).roster) == 4


def test_two_cadences_with_one_id(tmp_path: Path) -> None:
    text = cadence("""\
        - id: forecast
          kind: team_meeting
          audience: managers
          schedule: {every: week, opens: tue 09:00, due: fri 17:00}
        """)

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (line_of(text, "- id: forecast", 2), "cadences[1].id")
    assert "first on line 13" in problem.message


def test_one_email_listed_twice_whatever_its_case(tmp_path: Path) -> None:
    text = BASE.replace("{email: rep2@t.example", "{email: REP@t.example")

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (9, "people[3].email")
    assert "first on line 8" in problem.message


def test_reports_to_somebody_not_on_the_roster(tmp_path: Path) -> None:
    text = BASE.replace("reports_to: lead@t.example", "reports_to: laed@t.example")

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (7, "people[1].reports_to")
    assert "'laed@t.example' is not on the roster" in problem.message
    assert "did you mean 'lead@t.example'?" in problem.hint


def test_a_reporting_cycle_names_everyone_in_it(tmp_path: Path) -> None:
    text = BASE.replace(
        "{email: lead@t.example, name: Lee Lead}",
        "{email: lead@t.example, name: Lee Lead, reports_to: rep@t.example}",
    )

    problems = problems_in(tmp_path, text)

    cycle = next(p for p in problems if "cycle" in p.message)
    assert (cycle.line, cycle.field) == (6, "people[0].reports_to")
    assert cycle.message == "reporting cycle: Lee Lead → Ria Rep → Mo Manager → Lee Lead"


def test_somebody_reporting_to_themselves(tmp_path: Path) -> None:
    text = BASE.replace(
        "{email: lead@t.example, name: Lee Lead}",
        "{email: lead@t.example, name: Lee Lead, reports_to: lead@t.example}",
    )

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.message) == (6, "Lee Lead reports to themselves")


def test_time_off_for_somebody_not_on_the_roster(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, BASE.replace("{email: rep@t.example, from", "{email: ria@t.example, from")
    )

    assert (problem.line, problem.field) == (11, "time_off[0].email")


def test_time_off_that_ends_before_it_starts(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, BASE.replace("to: 2026-08-07", "to: 2026-07-07"))

    assert (problem.line, problem.field) == (11, "time_off[0].from")
    assert "swap" in problem.hint


def test_admins_need_not_be_on_the_roster_but_need_an_email(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, BASE.replace("[ops@t.example]", "[ops@t.example, ops team]"))

    assert (problem.line, problem.field) == (4, "organization.admins[1]")
    assert problem.message == "'ops team' is not an email address"


def test_an_anonymity_threshold_below_one(tmp_path: Path) -> None:
    text = BASE.replace("  admins:", "  anonymity_threshold: 0\n  admins:")

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (4, "organization.anonymity_threshold")


def test_no_working_days(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, BASE.replace("  admins:", "  working_days: []\n  admins:"))

    assert (problem.line, problem.field) == (4, "organization.working_days")


def test_every_two_weeks_needs_a_starting_date(tmp_path: Path) -> None:
    text = BASE.replace("every: week", "every: 2 weeks")

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (16, "cadences[0].schedule.starting")
    assert "starting: 2026-01-05" in problem.hint


def test_a_due_equal_to_opens(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, BASE.replace("due: wed 17:00", "due: mon 09:00"))

    assert (problem.line, problem.field) == (16, "cadences[0].schedule.due")
    assert "same moment as opens" in problem.message


def test_a_due_that_runs_into_the_next_period(tmp_path: Path) -> None:
    text = BASE.replace("due: wed 17:00", "due: second wed 17:00")

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (16, "cadences[0].schedule.due")
    assert "after the next period already opened" in problem.message


def test_a_reminder_longer_than_the_shortest_window(tmp_path: Path) -> None:
    text = BASE.replace("reminders: [24h]", "reminders: [24h, 3d]")

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (17, "cadences[0].reminders[1]")
    assert "as short as 2d 8h" in problem.message


def test_a_monthly_reminder_is_measured_against_its_shortest_month(tmp_path: Path) -> None:
    # Opening on the last Friday and due the following Monday: never more than 3 days.
    text = cadence("""\
        - id: review
          kind: activity
          audience: managers
          schedule: {every: month, opens: last fri 09:00, due: mon 09:00}
          reminders: [4d]
          questions: [{id: notes, label: Notes}]
        """)

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (line_of(text, "[4d]"), "cadences[1].reminders[0]")


def test_an_escalation_later_than_the_period(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, BASE.replace("escalate_after: 4h", "escalate_after: 8d"))

    assert (problem.line, problem.field) == (18, "cadences[0].escalate_after")


def test_ordinals_belong_to_monthly_schedules(tmp_path: Path) -> None:
    weekly = only_problem(tmp_path, BASE.replace("opens: mon 09:00", "opens: first mon 09:00"))
    monthly = only_problem(tmp_path, BASE.replace("every: week", "every: month"))

    assert (weekly.line, weekly.field) == (16, "cadences[0].schedule.opens")
    assert (monthly.line, monthly.field) == (16, "cadences[0].schedule.opens")
    assert monthly.hint.startswith("write 'first mon 09:00'")


def test_leaders_audience_when_nobody_manages_a_manager(tmp_path: Path) -> None:
    text = BASE.replace("audience: managers", "audience: leaders").replace(
        ", reports_to: lead@t.example}", "}"
    )

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (15, "cadences[0].audience")
    assert "nobody on the roster manages a manager" in problem.message


def test_manager_rep_pairs_when_no_manager_has_reps(tmp_path: Path) -> None:
    flat = BASE.replace(", reports_to: lead@t.example}", "}").replace(
        ", reports_to: mgr@t.example}", "}"
    )
    text = flat + textwrap.indent(
        textwrap.dedent("""\
        - id: one-on-one
          kind: one_on_one
          audience: manager_rep_pairs
          schedule: {every: week, opens: mon 09:00, due: fri 17:00}
        """),
        "  ",
    )

    problems = problems_in(tmp_path, text)

    assert {(p.line, p.field) for p in problems} == {
        (15, "cadences[0].audience"),
        (line_of(text, "manager_rep_pairs"), "cadences[1].audience"),
    }


def test_a_digest_for_leaders_nobody_is(tmp_path: Path) -> None:
    text = BASE.replace(", reports_to: lead@t.example}", "}") + "digest: {at: mon 08:00}\n"

    problem = only_problem(tmp_path, text)

    assert (problem.line, problem.field) == (19, "digest.to")


@pytest.mark.parametrize(
    ("digest", "message"),
    [
        ("{to: leaders, at: mon 8am}", "'mon 8am' is not a time"),
        ("{to: leaders, at: first mon 08:00}", "'first mon 08:00' names a week of the month"),
        ("{to: reps, at: mon 08:00}", "'reps' is not a digest audience"),
    ],
)
def test_a_digest_that_cannot_be_scheduled(tmp_path: Path, digest: str, message: str) -> None:
    problem = only_problem(tmp_path, BASE + f"digest: {digest}\n")

    assert problem.line == 19
    assert problem.message == message


def test_a_kind_sent_to_the_wrong_audience(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, BASE.replace("kind: forecast", "kind: coaching_pulse"))

    assert (problem.line, problem.field) == (15, "cadences[0].audience")
    assert problem.hint == "use audience: reps"


def test_an_activity_without_questions(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, BASE.replace("kind: forecast", "kind: activity"))

    assert (problem.line, problem.field) == (13, "cadences[0].questions")


def test_questions_checked_one_by_one(tmp_path: Path) -> None:
    text = cadence("""\
        - id: review
          kind: activity
          audience: managers
          schedule: {every: month, opens: first mon 09:00, due: first fri 17:00}
          questions:
            - {id: stalled, label: Stalled deals, type: number}
            - {id: stalled, label: Biggest risk, type: select}
        """)

    problems = problems_in(tmp_path, text)

    second = line_of(text, "Biggest risk")
    assert {(p.line, p.field) for p in problems} == {
        (second, "cadences[1].questions[1].id"),
        (second, "cadences[1].questions[1].options"),
    }


def test_questions_and_agenda_on_kinds_that_have_no_use_for_them(tmp_path: Path) -> None:
    text = BASE + "    questions: [{id: q, label: Q}]\n    agenda: [Wins]\n"

    problems = problems_in(tmp_path, text)

    assert {(p.line, p.field) for p in problems} == {
        (19, "cadences[0].questions"),
        (20, "cadences[0].agenda"),
    }


def test_a_broken_cadence_hides_neither_other_cadences_nor_the_roster(tmp_path: Path) -> None:
    text = (
        BASE.replace("due: wed 17:00", "due: wed 17h").replace(
            "{email: lead@t.example, name: Lee Lead}",
            "{email: lead@t.example, "
            "name: Lee Lead, reports_to: lead@t.example, timezone: Moon/Base}",
        )
    ) + textwrap.indent(
        textwrap.dedent("""\
        - id: pulse
          kind: coaching_pulse
          audience: reps
          schedule: {every: 2 weeks, opens: fri 14:00, due: tue 17:00}
        """),
        "  ",
    )

    problems = problems_in(tmp_path, text)

    assert {(p.line, p.field) for p in problems} == {
        (6, "people[0].timezone"),
        (6, "people[0].reports_to"),
        (16, "cadences[0].schedule.due"),
        (line_of(text, "every: 2 weeks"), "cadences[1].schedule.starting"),
    }
