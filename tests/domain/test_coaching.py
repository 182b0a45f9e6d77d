from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction
from itertools import combinations

import pytest

from bot.domain.coaching import LoggedOneOnOne, RepRating, coaching_gap
from bot.domain.coaching_tree import CoachingGapNode, coaching_gap_tree
from bot.domain.occurrence import SolutionType
from bot.domain.roster import Person, Roster

START, END = date(2026, 3, 2), date(2026, 3, 30)  # four weeks, END exclusive
K = 3


def person(email: str, reports_to: str | None = None) -> Person:
    return Person(email=email, name=email, timezone="UTC", reports_to=reports_to)


def rating(
    rep: str,
    manager: str,
    *,
    yes: bool = True,
    usefulness: int | None = 4,
    period: date = START,
) -> RepRating:
    return RepRating(rep, manager, period, yes, usefulness)


def logged(manager: str, *solutions: SolutionType) -> list[LoggedOneOnOne]:
    return [LoggedOneOnOne(manager, f"rep{i}", START, s) for i, s in enumerate(solutions)]


def org(teams: dict[str, tuple[str | None, int]]) -> Roster:
    """``{person: (reports_to, number of reps)}``; reps are named ``<person>.r<i>``."""
    people = [person(p, boss) for p, (boss, _) in teams.items()]
    people += [person(f"{p}.r{i}", p) for p, (_, n) in teams.items() for i in range(n)]
    return Roster(people)


def everyone_rates(roster: Roster) -> list[RepRating]:
    return [
        rating(p.email, p.reports_to, yes=i % 2 == 0)
        for i, p in enumerate(roster)
        if p.reports_to and not roster.reports(p.email)
    ]


def tree(roster: Roster, leader: str, ratings: list[RepRating]) -> CoachingGapNode:
    return coaching_gap_tree(
        roster,
        leader,
        logged=[],
        ratings=ratings,
        period_start=START,
        period_end=END,
        threshold=K,
    )


def shown(root: CoachingGapNode) -> dict[str, bool]:
    """Which aggregates show rep answers: ``person`` for a subtree, ``person/team`` for a team."""
    flags = {n.person: not n.gap.suppressed for n in root.walk()}
    flags |= {f"{n.person}/team": not n.team.suppressed for n in root.walk() if n.team}
    return flags


# -- the privacy oracle: linear algebra over what is shown, independent of the implementation --


def _in_span(basis: list[dict[str, Fraction]], vector: dict[str, Fraction]) -> bool:
    v = dict(vector)
    for row in basis:
        pivot = next(iter(row))
        if v.get(pivot):
            factor = v[pivot] / row[pivot]
            for key, value in row.items():
                v[key] = v.get(key, Fraction(0)) - factor * value
    return not any(v.values())


def _echelon(vectors: Iterable[set[str]]) -> list[dict[str, Fraction]]:
    basis: list[dict[str, Fraction]] = []
    for members in vectors:
        v = {m: Fraction(1) for m in sorted(members)}
        for row in basis:
            pivot = next(iter(row))
            if v.get(pivot):
                factor = v[pivot] / row[pivot]
                for key, value in row.items():
                    v[key] = v.get(key, Fraction(0)) - factor * value
        v = {k: x for k, x in sorted(v.items()) if x}
        if v:
            basis.append(v)
    return basis


def derivable_small_groups(shown_sets: list[set[str]], universe: set[str]) -> list[set[str]]:
    """Every group of fewer than K responders whose total follows from the shown totals."""
    basis = _echelon(shown_sets)
    return [
        set(group)
        for size in range(1, K)
        for group in combinations(sorted(universe), size)
        if _in_span(basis, {m: Fraction(1) for m in group})
    ]


def reps_below(roster: Roster, email: str, *, team_only: bool = False) -> set[str]:
    people = roster.reports(email) if team_only else roster.subtree(email)
    return {p.email for p in people if not roster.reports(p.email)}


def shown_response_sets(
    roster: Roster, root: CoachingGapNode, ratings: list[RepRating], *, usefulness: bool = False
) -> tuple[list[set[str]], set[str]]:
    answered = {r.rep for r in ratings if not usefulness or r.usefulness is not None}
    sets = []
    for n in root.walk():
        value = n.gap.average_usefulness if usefulness else n.gap.reported_share
        if value is not None:
            sets.append(reps_below(roster, n.person) & answered)
        team_value = None
        if n.team is not None:
            team_value = n.team.average_usefulness if usefulness else n.team.reported_share
        if team_value is not None:
            sets.append(reps_below(roster, n.person, team_only=True) & answered)
    return sets, answered


# -- one manager --


def test_gap_is_logged_coaching_share_minus_reported_coaching_share() -> None:
    c, f, fb, none = (
        SolutionType.COACHING,
        SolutionType.FIELD_TRAINING,
        SolutionType.FEEDBACK,
        SolutionType.NONE,
    )
    ratings = [
        rating("r1", "ana", yes=True, usefulness=4),
        rating("r2", "ana", yes=False, usefulness=None),
        rating("r3", "ana", yes=False, usefulness=3),
        rating("r4", "ana", yes=False, usefulness=5),
    ]
    gap = coaching_gap(
        "ana",
        logged=logged("ana", c, f, fb, none),
        ratings=ratings,
        period_start=START,
        period_end=END,
        threshold=K,
    )
    # logged: coaching + field training = 2 of 4 = 0.5; reported: 1 of 4 reps = 0.25
    assert gap.logged_share == 0.5
    assert gap.reported_share == 0.25
    assert gap.gap == pytest.approx(0.25)
    assert gap.responses == 4
    assert gap.average_usefulness == 4.0  # (4 + 3 + 5) / 3 scored answers


def test_too_few_responses_hide_every_rep_derived_figure() -> None:
    ratings = [rating("r1", "ana"), rating("r2", "ana")]
    gap = coaching_gap(
        "ana",
        logged=logged("ana", SolutionType.COACHING),
        ratings=ratings,
        period_start=START,
        period_end=END,
        threshold=K,
    )
    assert gap.suppressed
    assert (gap.responses, gap.reported_share, gap.average_usefulness, gap.gap) == (None,) * 4
    assert gap.logged_share == 1.0  # the manager's own log is not private


def test_usefulness_is_hidden_when_fewer_than_threshold_reps_scored_it() -> None:
    ratings = [rating("r1", "ana", usefulness=5)] + [
        rating(f"r{i}", "ana", yes=False, usefulness=None) for i in (2, 3)
    ]
    gap = coaching_gap(
        "ana", logged=[], ratings=ratings, period_start=START, period_end=END, threshold=K
    )
    assert gap.reported_share == pytest.approx(1 / 3)
    assert gap.average_usefulness is None  # one score would be that rep's score


def test_one_rep_answering_twice_counts_as_one_response_with_the_latest_answer() -> None:
    ratings = [
        rating("r1", "ana", yes=False, period=START),
        rating("r1", "ana", yes=True, period=START + timedelta(weeks=1)),
        rating("r2", "ana", yes=True),
    ]
    gap = coaching_gap(
        "ana", logged=[], ratings=ratings, period_start=START, period_end=END, threshold=K
    )
    assert gap.suppressed  # two reps, not three answers


def test_the_period_end_is_exclusive() -> None:
    ratings = [rating(f"r{i}", "ana") for i in range(3)]
    ratings[2] = rating("r2", "ana", period=END)
    gap = coaching_gap(
        "ana", logged=[], ratings=ratings, period_start=START, period_end=END, threshold=K
    )
    assert gap.suppressed


# -- the tree: no differencing --


def test_two_reps_under_threshold_three_never_show_not_even_by_subtraction() -> None:
    roster = org({"lead": (None, 0), "a": ("lead", 2), "b": ("lead", 3), "c": ("lead", 4)})
    ratings = everyone_rates(roster)
    root = tree(roster, "lead", ratings)
    # a (2) is below K; lead - b - c would give a's 2 answers, so b (the smallest sibling) hides
    # too: lead - c = a + b = 5 answers. Shown: lead (9) and c (4).
    assert shown(root) == {"lead": True, "a": False, "b": False, "c": True}
    assert root.gap.responses == 9
    sets, answered = shown_response_sets(roster, root, ratings)
    assert derivable_small_groups(sets, answered) == []


def test_the_parent_hides_when_no_sibling_can_cover_the_small_team() -> None:
    # root -> a (2 reps) and leader l2 -> c (3), d (3). l2's remainder is 0 (c + d are shown),
    # so hiding l2 would not cover a; root hides instead and a's answers stay unknown.
    roster = org(
        {"root": (None, 0), "a": ("root", 2), "l2": ("root", 0)} | {"c": ("l2", 3), "d": ("l2", 3)}
    )
    ratings = everyone_rates(roster)
    root = tree(roster, "root", ratings)
    assert shown(root) == {"root": False, "a": False, "l2": True, "c": True, "d": True}
    sets, answered = shown_response_sets(roster, root, ratings)
    assert derivable_small_groups(sets, answered) == []


def test_a_leaders_own_small_team_is_protected_like_any_other_team() -> None:
    # lead manages 1 rep directly and two managers of 3: the team cell (1) hides, and so does
    # the smallest manager b, so lead - c = team + b = 4 answers.
    roster = org({"lead": (None, 1), "b": ("lead", 3), "c": ("lead", 3)})
    ratings = everyone_rates(roster)
    root = tree(roster, "lead", ratings)
    assert shown(root) == {"lead": True, "lead/team": False, "b": False, "c": True}
    sets, answered = shown_response_sets(roster, root, ratings)
    assert derivable_small_groups(sets, answered) == []


def test_when_every_team_is_big_enough_everything_shows_and_adds_up() -> None:
    roster = org({"lead": (None, 0), "b": ("lead", 3), "c": ("lead", 4)})
    ratings = [rating(f"b.r{i}", "b", yes=i == 0) for i in range(3)]
    ratings += [rating(f"c.r{i}", "c", yes=True) for i in range(4)]
    root = tree(roster, "lead", ratings)
    assert all(shown(root).values())
    # (1 + 4) reps said yes out of 3 + 4
    assert root.gap.reported_share == pytest.approx(5 / 7)


def test_leader_logged_share_covers_every_manager_below() -> None:
    roster = org({"lead": (None, 0), "b": ("lead", 3), "c": ("lead", 3)})
    root = coaching_gap_tree(
        roster,
        "lead",
        logged=logged("b", SolutionType.COACHING, SolutionType.FEEDBACK)
        + logged("c", SolutionType.FIELD_TRAINING, SolutionType.COACHING),
        ratings=[],
        period_start=START,
        period_end=END,
        threshold=K,
    )
    # 3 coaching-type of 4 logged; nobody answered, so the reps' side is hidden
    assert root.gap.logged_share == 0.75
    assert root.gap.suppressed and root.gap.gap is None


def test_usefulness_scores_get_the_same_protection_as_answers() -> None:
    # every rep answers, but only one of b's three reps scores usefulness
    roster = org({"lead": (None, 0), "b": ("lead", 3), "c": ("lead", 3), "d": ("lead", 3)})
    ratings = everyone_rates(roster)
    ratings = [
        r if not r.rep.startswith("b.") or r.rep == "b.r0" else rating(r.rep, "b", usefulness=None)
        for r in ratings
    ]
    root = tree(roster, "lead", ratings)
    assert all(shown(root).values())  # yes/no answers are fine everywhere
    sets, answered = shown_response_sets(roster, root, ratings, usefulness=True)
    assert derivable_small_groups(sets, answered) == []
    by_person = {n.person: n.gap for n in root.walk()}
    assert by_person["b"].average_usefulness is None


@pytest.mark.parametrize("seed", range(40))
def test_no_random_org_lets_anyone_isolate_fewer_than_threshold_answers(seed: int) -> None:
    rnd = random.Random(seed)
    teams: dict[str, tuple[str | None, int]] = {"root": (None, rnd.choice([0, 0, 1, 2]))}
    for i in range(rnd.randint(2, 7)):
        boss = rnd.choice(list(teams))
        teams[f"p{i}"] = (boss, rnd.randint(0, 5))
    roster = org(teams)
    ratings = [r for r in everyone_rates(roster) if rnd.random() < 0.8]  # some reps do not answer
    ratings = [
        r if rnd.random() < 0.7 else rating(r.rep, r.manager, usefulness=None) for r in ratings
    ]
    root = tree(roster, "root", ratings)
    for usefulness in (False, True):
        sets, answered = shown_response_sets(roster, root, ratings, usefulness=usefulness)
        assert all(len(s) >= K for s in sets)
        assert derivable_small_groups(sets, answered) == []
