"""Loading cadence_config.yaml: the shipped example, the file-level failures, the CSV roster."""

from __future__ import annotations

import textwrap
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, ConfigProblem, load_operating_system
from bot.domain.cadence import Audience, Frequency, Kind, QuestionType, WeekdayTime
from bot.domain.roster import Role
from bot.domain.working_hours import END_OF_DAY, WorkingHours

SHIPPED = Path(__file__).resolve().parents[2] / "cadence_config.yaml"

VALID = """\
organization:
  name: Test Co
  timezone: Europe/London
  working_days: [mon, tue, wed, thu]
  holidays: [2026-12-25]
people:
  - {email: Lead@T.example, name: Lee Lead, timezone: Asia/Kolkata}
  - {email: mgr@t.example, name: Mo Manager, reports_to: LEAD@t.example}
  - {email: rep@t.example, name: Ria Rep, reports_to: mgr@t.example}
time_off:
  - {email: rep@t.example, from: 2026-08-03, to: 2026-08-07}
cadences:
  - id: forecast
    kind: forecast
    audience: managers
    schedule: {every: week, opens: mon 09:00, due: wed 17:00}
    reminders: [24h, 1d 4h, 30m]
    escalate_after: 4h
"""


def write(tmp_path: Path, text: str, name: str = "cadence_config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_in(path: Path) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as raised:
        load_operating_system(path)
    return list(raised.value.problems)


def line_of(text: str, needle: str) -> int:
    (line,) = [n for n, content in enumerate(text.splitlines(), start=1) if needle in content]
    return line


def test_the_shipped_example_has_a_vp_two_leaders_five_managers_and_their_reps() -> None:
    system = load_operating_system(SHIPPED)

    roster = system.roster
    assert len(roster.with_role(Role.LEADER)) == 3
    assert len(roster.with_role(Role.MANAGER)) == 5
    assert all(4 <= len(roster.reps_of(m.email)) <= 6 for m in roster.with_role(Role.MANAGER))
    assert len(roster.with_role(Role.REP)) == 25
    manager_zones = {m.timezone for m in roster.with_role(Role.MANAGER)}
    assert {"Europe/London", "Asia/Kolkata", "America/Los_Angeles"} <= manager_zones
    assert system.organization.admins == ("ops@acme.example",)
    assert "ops@acme.example" not in roster


def test_the_shipped_example_runs_the_default_operating_system() -> None:
    system = load_operating_system(SHIPPED)

    kinds = {c.id: c.kind for c in system.cadences}
    assert kinds == {
        "weekly-forecast": Kind.FORECAST,
        "rep-1on1": Kind.ONE_ON_ONE,
        "team-meeting": Kind.TEAM_MEETING,
        "coaching-pulse": Kind.COACHING_PULSE,
        "pipeline-review": Kind.ACTIVITY,
    }
    forecast = system.cadence("weekly-forecast")
    assert forecast is not None
    assert forecast.schedule.opens == WeekdayTime(weekday=1, at=forecast.schedule.opens.at)
    assert forecast.reminders == (timedelta(hours=24), timedelta(hours=2))
    assert forecast.escalate_after == timedelta(hours=4)
    one_on_one = system.cadence("rep-1on1")
    assert one_on_one is not None
    assert one_on_one.schedule.interval == 2
    assert one_on_one.schedule.starting == date(2026, 1, 5)
    review = system.cadence("pipeline-review")
    assert review is not None and review.schedule.every is Frequency.MONTH
    assert [q.id for q in review.questions][:2] == ["stalled", "actions"]
    assert system.digest is not None and system.digest.to is Audience.LEADERS
    assert any(t.email == "dana@acme.example" for t in system.time_off)


def test_a_valid_file_becomes_domain_objects(tmp_path: Path) -> None:
    system = load_operating_system(write(tmp_path, VALID))

    lead, manager = system.roster["lead@t.example"], system.roster["mgr@t.example"]
    assert lead.email == "lead@t.example" and lead.timezone_pinned
    assert manager.reports_to == "lead@t.example"
    assert (manager.timezone, manager.timezone_pinned) == ("Europe/London", False)
    assert system.organization.working_days == frozenset({1, 2, 3, 4})
    assert system.organization.holidays == frozenset({date(2026, 12, 25)})
    (away,) = system.time_off
    assert (away.start, away.end, away.reason) == (date(2026, 8, 3), date(2026, 8, 7), "time off")
    (forecast,) = system.cadences
    assert forecast.reminders == (timedelta(hours=24), timedelta(hours=28), timedelta(minutes=30))
    assert system.digest is None


def test_working_hours_default_to_eight_to_six_and_a_person_may_have_their_own(
    tmp_path: Path,
) -> None:
    text = VALID.replace(
        "  - {email: rep@t.example, name: Ria Rep, reports_to: mgr@t.example}",
        "  - {email: rep@t.example, name: Ria Rep, reports_to: mgr@t.example,"
        " working_hours: '07:30-15:30'}",
    )
    system = load_operating_system(write(tmp_path, text))

    assert system.organization.working_hours == WorkingHours(time(8), time(18))
    assert system.roster["rep@t.example"].working_hours == WorkingHours(time(7, 30), time(15, 30))
    assert system.roster["mgr@t.example"].working_hours is None


def test_working_hours_may_run_to_midnight(tmp_path: Path) -> None:
    text = VALID.replace("  working_days:", "  working_hours: 00:00-24:00\n  working_days:")

    hours = load_operating_system(write(tmp_path, text)).organization.working_hours

    assert (hours.start, hours.end, str(hours)) == (time(0), END_OF_DAY, "00:00-24:00")


def test_working_hours_that_end_before_they_start_are_a_problem(tmp_path: Path) -> None:
    text = VALID.replace("  working_days:", "  working_hours: 18:00-08:00\n  working_days:")

    with pytest.raises(ConfigError) as raised:
        load_operating_system(write(tmp_path, text))

    assert "organization.working_hours: '18:00-08:00' is not a span of working hours" in (
        raised.value.report()
    )


def test_activity_questions_agenda_title_and_digest_are_carried_over(tmp_path: Path) -> None:
    text = VALID + textwrap.dedent("""\
      - id: review
        title: Pipeline review
        kind: activity
        audience: managers
        schedule: {every: month, opens: last fri 10:00, due: mon 17:00}
        questions:
          - {id: stalled, label: Stalled deals, type: number}
          - {id: risk, label: Top risk, type: select, options: [Timing, Budget], required: no}
      - id: team
        kind: team_meeting
        audience: managers
        schedule: {every: week, opens: mon 09:00, due: fri 17:00}
        agenda: [Wins, Risks]
    digest: {at: monday 08:00, enabled: false}
    """)

    system = load_operating_system(write(tmp_path, text))

    review, team = system.cadences[1], system.cadences[2]
    assert review.display_name == "Pipeline review"
    assert review.schedule.opens.nth == -1
    stalled, risk = review.questions
    assert (stalled.type, stalled.required) == (QuestionType.NUMBER, True)
    assert (risk.type, risk.options, risk.required) == (
        QuestionType.SELECT,
        ("Timing", "Budget"),
        False,
    )
    assert team.agenda == ("Wins", "Risks")
    assert system.digest is not None
    assert (system.digest.at.weekday, system.digest.enabled) == (1, False)


def test_a_missing_file_is_one_clean_problem(tmp_path: Path) -> None:
    (problem,) = problems_in(tmp_path / "nope.yaml")

    assert problem.file.endswith("nope.yaml")
    assert problem.line is None
    assert "no such file" in str(problem)


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    (problem,) = problems_in(write(tmp_path, "# nothing yet\n"))

    assert "empty" in problem.message


def test_a_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    text = VALID.replace("    audience: managers\n", "    audience: managers\n   bad: [indent\n")
    path = write(tmp_path, text)

    (problem,) = problems_in(path)

    assert problem.file == str(path)
    assert problem.line == line_of(text, "bad: [indent")
    assert problem.message.startswith("YAML syntax error")
    assert "Traceback" not in str(problem)


def test_an_unclosed_bracket_names_the_line_it_was_opened_on(tmp_path: Path) -> None:
    (problem,) = problems_in(write(tmp_path, "organization:\n  holidays: [2026-12-25\n  name: X\n"))

    assert problem.line == 3  # where the parser gave up
    assert "starts on line 2" in problem.message


def test_a_tab_in_the_indentation_gets_a_hint_about_tabs(tmp_path: Path) -> None:
    (problem,) = problems_in(write(tmp_path, VALID.replace("  name: Test Co", "\tname: Test Co")))

    assert problem.line == 2
    assert "tabs" in problem.hint


def test_a_top_level_list_is_rejected(tmp_path: Path) -> None:
    (problem,) = problems_in(write(tmp_path, "- organization\n"))

    assert problem.line == 1
    assert "sections" in problem.message


def test_a_bad_time_reads_as_file_line_field_message_and_hint(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("due: wed 17:00", "due: wed 25:00"))

    (problem,) = problems_in(path)

    assert str(problem) == (
        f"{path}:16: cadences[0].schedule.due: 'wed 25:00' is not a time — "
        "write it as 'wed 17:00' (weekday and 24-hour HH:MM)"
    )
    assert "https://" not in str(problem)


def test_an_unknown_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    text = VALID.replace("    reminders:", "    remindres:")

    (problem,) = problems_in(write(tmp_path, text))

    assert (problem.line, problem.field) == (17, "cadences[0].remindres")
    assert "did you mean 'reminders'?" in problem.hint


def test_an_unknown_top_level_section_is_named(tmp_path: Path) -> None:
    (problem,) = problems_in(write(tmp_path, VALID + "cadence:\n  - id: x\n"))

    assert (problem.line, problem.field) == (19, "cadence")
    assert "cadences" in problem.hint


def test_a_missing_key_points_at_its_entry_and_shows_an_example(tmp_path: Path) -> None:
    text = VALID.replace("    kind: forecast\n", "")

    (problem,) = problems_in(write(tmp_path, text))

    assert (problem.line, problem.field) == (13, "cadences[0].kind")
    assert problem.hint == "add `kind: forecast`"


def test_an_unknown_time_zone_suggests_the_area_city_format(tmp_path: Path) -> None:
    (problem,) = problems_in(write(tmp_path, VALID.replace("Asia/Kolkata", "Kolkata")))

    assert (problem.line, problem.field) == (7, "people[0].timezone")
    assert "did you mean 'Asia/Kolkata'?" in problem.hint
    assert "'Europe/Berlin'" in problem.hint


@pytest.mark.parametrize(
    ("old", "new", "field", "needle"),
    [
        ("[24h, 1d 4h, 30m]", "[24h, 2 hours]", "cadences[0].reminders[1]", "not a duration"),
        (
            "escalate_after: 4h",
            "escalate_after: 4",
            "cadences[0].escalate_after",
            "4 is not a duration",
        ),
        ("every: week", "every: fortnight", "cadences[0].schedule.every", "not a recurrence"),
        ("kind: forecast", "kind: forcast", "cadences[0].kind", "not a kind"),
        ("audience: managers", "audience: manager", "cadences[0].audience", "not an audience"),
        ("[2026-12-25]", "[2026-13-01]", "organization.holidays[0]", "not a date"),
        ("from: 2026-08-03", "from: Aug 3", "time_off[0].from", "not a date"),
        ("[mon, tue, wed, thu]", "[mon, tus]", "organization.working_days[1]", "not a weekday"),
        ("mgr@t.example, name", "mgr.t.example, name", "people[1].email", "not an email"),
    ],
)
def test_each_bad_value_is_reported_on_its_own_line(
    tmp_path: Path, old: str, new: str, field: str, needle: str
) -> None:
    text = VALID.replace(old, new)
    problems = problems_in(write(tmp_path, text))

    problem = next(p for p in problems if p.field == field)
    assert problem.line == line_of(text, new)
    assert needle in problem.message and problem.hint


def test_a_key_given_twice_is_reported_on_the_second_line(tmp_path: Path) -> None:
    (problem,) = problems_in(write(tmp_path, VALID + "    escalate_after: 2h\n"))

    assert (problem.line, problem.field) == (19, "cadences[0].escalate_after")
    assert "first on line 18" in problem.message


def test_every_problem_in_one_file_is_reported_one_per_line(tmp_path: Path) -> None:
    text = (
        VALID.replace("timezone: Europe/London", "timezone: Europe/Londn")
        .replace("due: wed 17:00", "due: wed 5pm")
        .replace("reports_to: LEAD@t.example", "reports_to: rep@t.example")
    )
    path = write(tmp_path, text)

    with pytest.raises(ConfigError) as raised:
        load_operating_system(path)

    found = {(p.line, p.field) for p in raised.value.problems}
    assert found == {
        (3, "organization.timezone"),
        (8, "people[1].reports_to"),  # mgr → rep → mgr
        (16, "cadences[0].schedule.due"),
    }
    assert str(raised.value).splitlines() == [str(p) for p in raised.value.problems]


ROSTER_CSV = """\
email,name,reports_to,timezone
lead@t.example,Lee Lead,,Asia/Kolkata
mgr@t.example,Mo Manager,lead@t.example,
"rep@t.example","Rep, Ria",mgr@t.example,America/Chicago
"""


def csv_config(tmp_path: Path, csv_text: str) -> Path:
    (tmp_path / "team").mkdir()
    write(tmp_path / "team", csv_text, name="roster.csv")
    config = VALID.split("people:")[0] + "people_file: team/roster.csv\n"
    return write(tmp_path, config + "cadences:" + VALID.split("cadences:")[1])


def test_a_csv_roster_next_to_the_config_is_loaded(tmp_path: Path) -> None:
    system = load_operating_system(csv_config(tmp_path, ROSTER_CSV))

    assert system.roster["rep@t.example"].name == "Rep, Ria"
    assert system.roster["mgr@t.example"].timezone == "Europe/London"
    assert system.roster.roles("mgr@t.example") == frozenset({Role.MANAGER})


def test_a_csv_roster_may_give_someone_their_own_working_hours(tmp_path: Path) -> None:
    text = (
        "email,name,reports_to,timezone,working_hours\n"
        "lead@t.example,Lee Lead,,Asia/Kolkata,\n"
        "mgr@t.example,Mo Manager,lead@t.example,,\n"
        "rep@t.example,Ria Rep,mgr@t.example,America/Chicago,07:00-15:00\n"
    )

    system = load_operating_system(csv_config(tmp_path, text))

    assert system.roster["rep@t.example"].working_hours == WorkingHours(time(7), time(15))
    assert system.roster["mgr@t.example"].working_hours is None


def test_a_bad_csv_row_is_reported_with_the_csv_file_and_line(tmp_path: Path) -> None:
    text = ROSTER_CSV.replace("America/Chicago", "Chicago") + "x@t.example,Xi,boss@t.example,\n"
    path = csv_config(tmp_path, text)

    problems = problems_in(path)

    csv_file = str(path.parent / "team" / "roster.csv")
    assert {(p.file, p.line, p.field) for p in problems} == {
        (csv_file, 4, "timezone"),
        (csv_file, 5, "reports_to"),
    }


def test_a_csv_with_a_wrong_header_is_reported_on_line_one(tmp_path: Path) -> None:
    (problem,) = problems_in(csv_config(tmp_path, "mail,name\nlead@t.example,Lee\n"))

    assert (problem.file.endswith("roster.csv"), problem.line) == (True, 1)
    assert "mail" in problem.message


def test_a_missing_csv_points_at_people_file_in_the_config(tmp_path: Path) -> None:
    path = csv_config(tmp_path, ROSTER_CSV)
    (tmp_path / "team" / "roster.csv").unlink()

    (problem,) = problems_in(path)

    assert (problem.file, problem.line, problem.field) == (str(path), 6, "people_file")


def test_an_empty_csv_is_reported(tmp_path: Path) -> None:
    (problem,) = problems_in(csv_config(tmp_path, "email,name,reports_to,timezone\n"))

    assert problem.file.endswith("roster.csv")
    assert problem.message == "lists nobody"


def test_people_and_people_file_together_are_refused(tmp_path: Path) -> None:
    text = VALID.replace("time_off:", "people_file: roster.csv\ntime_off:")

    (problem,) = problems_in(write(tmp_path, text))

    assert (problem.line, problem.field) == (10, "people_file")


def test_x_keys_hold_anchors_that_cadences_can_merge(tmp_path: Path) -> None:
    text = VALID.replace(
        "cadences:\n", "x-weekly: &weekly {kind: team_meeting, audience: managers}\ncadences:\n"
    ) + textwrap.indent(
        textwrap.dedent("""\
        - <<: *weekly
          id: team
          schedule: {every: week, opens: tue 09:00, due: thu 17:00}
        """),
        "  ",
    )

    system = load_operating_system(write(tmp_path, text))

    assert system.cadences[1].kind is Kind.TEAM_MEETING


def test_a_missing_and_an_empty_section_are_both_named(tmp_path: Path) -> None:
    text = "organization: {name: Test Co, timezone: UTC}\npeople: []\n"

    problems = problems_in(write(tmp_path, text))

    assert {(p.line, p.field, p.message) for p in problems} == {
        (2, "people", "section 'people' is empty"),
        (1, "cadences", "section 'cadences' is missing"),
    }


def test_a_file_that_is_not_a_cadence_config_gets_one_problem(tmp_path: Path) -> None:
    (problem,) = problems_in(write(tmp_path, "name: my-service\nimage: nginx\n"))

    assert "does not look like a Cadence config" in problem.message


def test_the_report_lists_every_problem_and_counts_them(tmp_path: Path) -> None:
    text = VALID.replace("due: wed 17:00", "due: wed 5pm").replace("[24h, 1d 4h, 30m]", "[1 day]")

    with pytest.raises(ConfigError) as raised:
        load_operating_system(write(tmp_path, text))

    *lines, summary = raised.value.report().splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "cadences[0].schedule.due",
        "cadences[0].reminders[0]",
    ]
    assert summary == "2 problems found."
