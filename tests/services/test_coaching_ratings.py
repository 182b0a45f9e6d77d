"""A rep rates their own manager's coaching, once per period; answers stay private."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.submissions import CoachingRatingInput
from bot.persistence.models import CoachingRating
from bot.services.coaching_ratings import rate_coaching, rating_form
from bot.services.errors import InvalidSubmission, NotAllowed
from tests.seeds.team import NOW, WEEK, Team, open_item, seed_team, states

USEFUL = CoachingRatingInput(received_coaching=True, usefulness=4, comment="Great ride-along")
NOT_COACHED = CoachingRatingInput(received_coaching=False)


@pytest.fixture
def team(session: Session) -> Team:
    return seed_team(session)


def test_answering_a_coaching_pulse_rates_the_reps_own_manager_and_closes_the_pulse(
    session: Session, team: Team
) -> None:
    pulse = open_item(session, Kind.COACHING_PULSE, team.ann)

    rate_coaching(session, rep_id=team.ann.id, input=USEFUL, now=NOW, occurrence_id=pulse.id)

    rating = session.scalars(select(CoachingRating)).one()
    assert (rating.rep_id, rating.manager_id, rating.period_start) == (
        team.ann.id,
        team.chi.id,
        WEEK,
    )
    assert (rating.usefulness, rating.comment) == (4, "Great ride-along")
    assert pulse.status is OccurrenceStatus.DONE_ON_TIME
    assert "done:rating" in states(session, pulse)


def test_answering_again_in_the_same_period_replaces_the_answer(
    session: Session, team: Team
) -> None:
    rate_coaching(session, rep_id=team.ann.id, input=USEFUL, now=NOW)

    rate_coaching(
        session, rep_id=team.ann.id, input=CoachingRatingInput(received_coaching=False), now=NOW
    )

    rating = session.scalars(select(CoachingRating).execution_options(populate_existing=True)).one()
    assert (rating.received_coaching, rating.usefulness, rating.comment) == (False, None, None)
    # Without a pulse, the period is the rep's current week.
    assert rating.period_start == date(2026, 11, 30)


def test_a_rep_cannot_rate_someone_elses_manager(session: Session, team: Team) -> None:
    with pytest.raises(NotAllowed, match="your own manager"):
        rate_coaching(session, rep_id=team.ann.id, input=USEFUL, now=NOW, manager_id=team.kol.id)

    assert session.scalars(select(CoachingRating)).all() == []


def test_a_rep_cannot_answer_another_reps_pulse(session: Session, team: Team) -> None:
    pulse = open_item(session, Kind.COACHING_PULSE, team.raj)

    with pytest.raises(NotAllowed):
        rate_coaching(session, rep_id=team.ann.id, input=USEFUL, now=NOW, occurrence_id=pulse.id)


def test_someone_without_a_manager_has_no_coaching_to_rate(session: Session, team: Team) -> None:
    with pytest.raises(NotAllowed, match="no manager"):
        rate_coaching(session, rep_id=team.lead.id, input=USEFUL, now=NOW)


def test_coaching_received_needs_a_usefulness_score(session: Session, team: Team) -> None:
    with pytest.raises(InvalidSubmission):
        rate_coaching(
            session, rep_id=team.ann.id, input=CoachingRatingInput(received_coaching=True), now=NOW
        )


def test_the_form_shows_a_rep_only_their_own_answer(session: Session, team: Team) -> None:
    rate_coaching(session, rep_id=team.ann.id, input=USEFUL, now=NOW)

    own = rating_form(session, rep_id=team.ann.id, now=NOW)
    teammate = rating_form(session, rep_id=team.bob.id, now=NOW)
    manager_pulse = open_item(session, Kind.COACHING_PULSE, team.ann)

    assert own.manager_name == "Chi Manager"
    assert own.own_answer is not None and own.own_answer.usefulness == 4
    assert teammate.own_answer is None
    # The manager cannot open a rep's pulse to read the answer.
    with pytest.raises(NotAllowed):
        rating_form(session, rep_id=team.chi.id, now=NOW, occurrence_id=manager_pulse.id)


def test_a_rating_given_without_the_pulse_button_still_answers_the_open_pulse(
    session: Session, team: Team
) -> None:
    pulse = open_item(session, Kind.COACHING_PULSE, team.ann)

    rate_coaching(session, rep_id=team.ann.id, input=USEFUL, now=NOW)

    assert pulse.status is OccurrenceStatus.DONE_ON_TIME
    assert session.scalars(select(CoachingRating.occurrence_id)).one() == pulse.id


def test_a_manager_cannot_rate_their_own_leader(session: Session, team: Team) -> None:
    # Chi reports to Lee but leads Ann and Bob: Chi is rated, and does not rate.
    with pytest.raises(NotAllowed, match="reps rate their own manager"):
        rate_coaching(session, rep_id=team.chi.id, input=USEFUL, now=NOW)
    with pytest.raises(NotAllowed, match="reps rate their own manager"):
        rating_form(session, rep_id=team.chi.id, now=NOW)

    assert session.scalars(select(CoachingRating)).all() == []


def test_a_period_whose_results_are_final_takes_no_new_or_changed_answer(
    session: Session, team: Team
) -> None:
    # NOW is 2 December: October closed on 14 November, November closes on 15 December.
    october = open_item(session, Kind.COACHING_PULSE, team.ann, period_start=date(2026, 10, 19))
    november = open_item(session, Kind.COACHING_PULSE, team.ann, period_start=date(2026, 11, 16))

    with pytest.raises(NotAllowed, match="October 2026 are final"):
        rate_coaching(session, rep_id=team.ann.id, input=USEFUL, now=NOW, occurrence_id=october.id)
    with pytest.raises(NotAllowed, match="final"):
        rating_form(session, rep_id=team.ann.id, now=NOW, occurrence_id=october.id)
    assert session.scalars(select(CoachingRating)).all() == []

    rate_coaching(session, rep_id=team.ann.id, input=USEFUL, now=NOW, occurrence_id=november.id)
    later = datetime(2026, 12, 15, tzinfo=UTC)
    with pytest.raises(NotAllowed, match="November 2026 are final"):
        rate_coaching(
            session, rep_id=team.ann.id, input=NOT_COACHED, now=later, occurrence_id=november.id
        )
    rating = session.scalars(select(CoachingRating).execution_options(populate_existing=True)).one()
    assert (rating.period_start, rating.usefulness) == (date(2026, 11, 16), 4)
