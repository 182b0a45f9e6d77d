"""The digest's content from hand-built histories, with the expected figures worked out by hand.

    vp ── lead ─┬─ m1: 3 reps
                ├─ m2: 2 reps   (fewer reps than the anonymity threshold of 3)
                ├─ m3: 3 reps
                └─ m4: 3 reps

The digest is sent in the week of Mon 19 Oct 2026 and reports on the week of Mon 12 Oct.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from bot.domain.adherence import OccurrenceOutcome
from bot.domain.coaching import LoggedOneOnOne, RepRating
from bot.domain.digest import Digest, Rhythm, compose_digest
from bot.domain.digest_windows import DigestWindows
from bot.domain.forecast_results import Actual, ForecastDue, ForecastHistory
from bot.domain.forecast_rollup import Bias, ForecastEntry, LeaderAdjustment
from bot.domain.manager_summary import compose_manager_summary
from bot.domain.occurrence import OccurrenceStatus, SolutionType
from bot.domain.roster import Person, Roster

D = Decimal
S = OccurrenceStatus
DIGEST_WEEK = date(2026, 10, 19)
OCT_12, OCT_5, SEP_28 = date(2026, 10, 12), date(2026, 10, 5), date(2026, 9, 28)
NOW = datetime(2026, 10, 19, 13, tzinfo=UTC)
TEAM, FORECAST = "team-meeting", "weekly-forecast"
TITLES = {TEAM: "Weekly team meeting", FORECAST: "Weekly forecast"}
REPS = {"m1": 3, "m2": 2, "m3": 3, "m4": 3}


def person(email: str, reports_to: str | None = None) -> Person:
    return Person(email=email, name=email.upper(), timezone="UTC", reports_to=reports_to)


ORG = Roster(
    [person("vp"), person("lead", "vp")]
    + [person(m, "lead") for m in REPS]
    + [person(f"{m}.r{i}", m) for m, n in REPS.items() for i in range(n)]
)


def due(week: date) -> datetime:
    """Wednesday 17:00 UTC of the week."""
    return datetime.combine(week + timedelta(days=2), time(17), tzinfo=UTC)


def outcome(who: str, cadence: str, week: date, status: S) -> OccurrenceOutcome:
    reason = "other" if status is S.SKIPPED else None
    return OccurrenceOutcome(who, cadence, week, due(week), status, reason)


def entry(who: str, week: date, commit: int, *, late: bool = False) -> ForecastEntry:
    at = due(week) + timedelta(hours=1 if late else -1)
    return ForecastEntry(who, week, D(commit), D(commit), D(commit), at)


# (manager, week) → (team meeting, forecast status, forecast commit submitted or None)
HISTORY = {
    ("m1", OCT_12): (S.MISSED, S.DONE_ON_TIME, 100),
    ("m1", OCT_5): (S.MISSED, S.DONE_ON_TIME, 90),
    ("m2", OCT_12): (S.MISSED, S.DONE_ON_TIME, 200),
    ("m2", OCT_5): (S.DONE_ON_TIME, S.DONE_ON_TIME, 200),
    ("m3", OCT_12): (S.DONE_ON_TIME, S.DONE_LATE, 300),
    ("m3", OCT_5): (S.DONE_ON_TIME, S.DONE_LATE, 300),
    ("m4", OCT_12): (S.DONE_ON_TIME, S.OPEN, None),
    ("m4", OCT_5): (S.DONE_ON_TIME, S.DONE_LATE, 50),
    ("m4", SEP_28): (S.MISSED, S.EXCUSED, None),
}
# October actuals, one per manager: every forecast made in October is scored against them.
ACTUALS = [
    Actual(m, date(2026, 10, 1), date(2026, 10, 31), D(a))
    for m, a in (("m1", 120), ("m2", 200), ("m3", 250), ("m4", 40))
]


def history() -> tuple[list[OccurrenceOutcome], ForecastHistory]:
    outcomes, dues, entries = [], [], []
    for (who, week), (team, forecast, commit) in HISTORY.items():
        outcomes += [outcome(who, TEAM, week, team), outcome(who, FORECAST, week, forecast)]
        dues.append(ForecastDue(who, week, due(week), forecast))
        if commit is not None:
            entries.append(entry(who, week, commit, late=forecast is S.DONE_LATE))
    return outcomes, ForecastHistory(tuple(dues), tuple(entries))


def rating(rep: str, *, yes: bool, score: int | None, period: date) -> RepRating:
    return RepRating(rep, rep.split(".")[0], period, yes, score)


SEPTEMBER = date(2026, 9, 14)
RATINGS = [
    rating("m1.r0", yes=True, score=4, period=SEPTEMBER),
    rating("m1.r1", yes=True, score=5, period=SEPTEMBER),
    rating("m1.r2", yes=False, score=None, period=SEPTEMBER),
    rating("m2.r0", yes=True, score=5, period=SEPTEMBER),
    rating("m2.r1", yes=True, score=5, period=SEPTEMBER),
    rating("m3.r0", yes=True, score=3, period=SEPTEMBER),
    rating("m3.r1", yes=True, score=4, period=SEPTEMBER),
    rating("m3.r2", yes=False, score=None, period=SEPTEMBER),
    # Outside September, the one month shown: they must not make m4's team visible.
    *(rating(f"m4.r{i}", yes=True, score=1, period=date(2026, 8, 31)) for i in range(3)),
    *(rating(f"m4.r{i}", yes=True, score=1, period=OCT_5) for i in range(3)),
]
LOGGED = [
    LoggedOneOnOne("m2", "m2.r0", date(2026, 9, 8), SolutionType.COACHING),
    LoggedOneOnOne("m2", "m2.r1", date(2026, 9, 9), SolutionType.FEEDBACK),
]


def digest(**changes: object) -> Digest:
    outcomes, forecasts = history()
    arguments: dict[str, object] = {
        "roster": ORG,
        "leader": "lead",
        "week_start": DIGEST_WEEK,
        "outcomes": outcomes,
        "forecasts": forecasts,
        "actuals": ACTUALS,
        "adjustments": [LeaderAdjustment("lead", OCT_12, D(25), "m4 is good for 25")],
        "logged": LOGGED,
        "ratings": RATINGS,
        "threshold": 3,
        "now": NOW,
        "titles": TITLES,
    }
    return compose_digest(**(arguments | changes))  # type: ignore[arg-type]


def test_managers_are_ordered_most_missed_then_lowest_trailing_then_forecast_missing() -> None:
    rows = digest().managers
    # m1 and m2 each missed 1 last week: m1 (2/4 on time over 8 weeks) before m2 (3/4).
    # m3 and m4 missed nothing and both stand at 2/4, but m4's forecast is not in.
    assert [r.email for r in rows] == ["m1", "m2", "m4", "m3"]
    assert [r.trailing.rate for r in rows] == [0.5, 0.75, 0.5, 0.5]
    assert [r.needs_attention for r in rows] == [True, True, True, True]


def test_the_headline_counts_the_reported_week_against_its_trailing_eight_weeks() -> None:
    headline = digest().headline
    # last week on time: m1 1/2, m2 1/2, m3 1/2 (forecast late), m4 1/1 (forecast still open)
    assert (headline.week.on_time, headline.week.judged, headline.week.pending) == (4, 7, 1)
    # 8 weeks: m1 2/4 + m2 3/4 + m3 2/4 + m4 2/4 (its excused forecast leaves the count)
    assert (headline.trailing.on_time, headline.trailing.judged) == (9, 16)
    assert headline.rhythm is Rhythm.HELD  # 4/7 = 57% is not below 9/16 = 56%


def test_the_forecast_headline_sums_the_latest_numbers_and_keeps_the_adjustment_apart() -> None:
    forecast = digest().headline.forecast
    # week of 12 Oct: 100 + 200 + 300 (late, but in); week of 5 Oct: 90 + 200 + 300 + 50
    assert forecast.period_start == OCT_12
    assert (forecast.commit, forecast.change) == (D(600), D(-40))
    assert (forecast.adjustment, forecast.leader_commit) == (D(25), D(625))
    assert forecast.adjustment_notes == ("m4 is good for 25",)
    assert forecast.not_submitted == ("M4",)


def test_accuracy_scores_only_forecasts_in_by_the_deadline_against_their_periods_actual() -> None:
    result = digest()
    # Scored (locked commit, actual): 5 Oct m1 (90, 120), m2 (200, 200); 12 Oct m1 (100, 120),
    # m2 (200, 200). m3 and m4 were late both weeks, so nothing of theirs stood at the deadline.
    # WAPE = (30 + 0 + 20 + 0) / (120 + 200 + 120 + 200) = 50 / 640; net -50: under-forecast.
    accuracy = result.headline.accuracy
    assert (accuracy.wape, accuracy.bias, accuracy.count) == (D(50) / D(640), Bias.UNDER, 4)
    assert result.manager("m1").accuracy.wape == D(50) / D(240)
    assert result.manager("m3").accuracy.wape is None
    points = {p.week_start: p for p in result.series}
    assert points[OCT_5].wape == D(30) / D(320)  # forecasts within 9.4% of actuals
    assert points[OCT_12].wape == D(20) / D(320)  # within 6.25%
    assert points[OCT_12].adherence == pytest.approx(4 / 7)
    assert len(result.series) == 12 and result.series[-1].week_start == OCT_12


def test_an_edit_after_the_deadline_moves_the_roll_up_but_not_the_accuracy() -> None:
    outcomes, forecasts = history()
    edited = ForecastHistory(
        forecasts.dues, (*forecasts.entries, entry("m1", OCT_12, 500, late=True))
    )
    result = digest(outcomes=outcomes, forecasts=edited)
    assert result.headline.forecast.commit == D(1000)  # 500 + 200 + 300
    assert result.manager("m1").accuracy.wape == D(50) / D(240)  # still 100 vs 120


def test_who_missed_what_names_the_manager_and_the_cadence() -> None:
    missed = {r.name: [(m.title, m.count) for m in r.missed] for r in digest().who_missed}
    # m4's team meeting was missed on 28 Sep, before the reported week
    assert missed == {"M1": [("Weekly team meeting", 1)], "M2": [("Weekly team meeting", 1)]}


def test_a_team_below_the_threshold_shows_not_enough_responses_even_beside_its_parent() -> None:
    result = digest()
    m1, m2, m3, m4 = (result.manager(m).coaching for m in ("m1", "m2", "m3", "m4"))
    lead = result.headline.coaching
    # m2 has 2 answers (< 3): hidden. Shown alone, lead (8 answers) minus m1 and m3 (3 each)
    # would give m2's 2 away, so m1 — the smallest team that closes the gap — is hidden too.
    assert m2.suppressed and m2.responses is None and m2.reported_share is None
    assert m1.suppressed and m1.average_usefulness is None
    # m3: 2 of 3 coached; only 2 scored usefulness, too few for an average.
    assert (m3.responses, m3.reported_share, m3.average_usefulness) == (3, 2 / 3, None)
    assert (lead.responses, lead.reported_share) == (8, 6 / 8)
    assert lead.average_usefulness == pytest.approx((4 + 5 + 5 + 5 + 3 + 4) / 6)
    assert m4.suppressed  # its August and October answers are outside September
    shown_below = sum(g.responses or 0 for g in (m1, m2, m3, m4) if not g.suppressed)
    assert lead.responses is not None and lead.responses - shown_below >= 3


def test_the_logged_side_of_the_gap_shows_even_when_the_reps_side_cannot() -> None:
    m2 = digest().manager("m2").coaching
    assert (m2.logged_one_on_ones, m2.logged_share, m2.gap) == (2, 0.5, None)


def test_a_managers_summary_is_their_digest_row_with_the_same_privacy() -> None:
    outcomes, forecasts = history()
    summary = compose_manager_summary(
        roster=ORG,
        manager="m2",
        week_start=DIGEST_WEEK,
        outcomes=outcomes,
        forecasts=forecasts,
        actuals=ACTUALS,
        logged=LOGGED,
        ratings=RATINGS,
        threshold=3,
        now=NOW,
        titles=TITLES,
    )
    assert summary.row == digest().manager("m2")
    assert summary.row.coaching.suppressed


def test_coaching_is_shown_for_the_last_month_whose_ratings_have_settled() -> None:
    # September ends on 1 Oct; its ratings settle two weeks later, on 15 Oct.
    assert DigestWindows(date(2026, 10, 12)).coaching == (date(2026, 8, 1), date(2026, 9, 1))
    assert DigestWindows(date(2026, 10, 19)).coaching == (date(2026, 9, 1), date(2026, 10, 1))


def test_a_digest_week_starts_on_a_monday() -> None:
    with pytest.raises(ValueError, match="Monday"):
        DigestWindows(date(2026, 10, 20))


def test_a_digest_asked_for_a_later_week_shows_no_answers_of_a_month_still_open() -> None:
    # The digest of the week of 16 Nov would show October, which closes on 15 Nov; asked for on
    # 19 Oct it must not show October's answers as they stand, or a later copy gives the
    # difference away.
    october = [rating(f"m1.r{i}", yes=i > 0, score=2 + i, period=OCT_5) for i in range(3)]
    early = digest(week_start=date(2026, 11, 16), ratings=october)
    assert early.coaching_window == (date(2026, 10, 1), date(2026, 11, 1))
    assert early.headline.coaching.suppressed and early.manager("m1").coaching.suppressed
    closed = digest(
        week_start=date(2026, 11, 16), ratings=october, now=datetime(2026, 11, 16, tzinfo=UTC)
    )
    assert closed.manager("m1").coaching.reported_share == pytest.approx(2 / 3)
