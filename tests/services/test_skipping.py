"""Skipping with a reason closes the item without counting against the person."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus, SkipReason
from bot.domain.submissions import SkipInput
from bot.persistence.models import OutboxState
from bot.services.errors import AlreadyClosed, InvalidSubmission, NotAllowed
from bot.services.skipping import skip
from tests.seeds.team import NOW, Team, messages, open_item, seed_team, states


@pytest.fixture
def team(session: Session) -> Team:
    return seed_team(session)


def test_a_skip_records_the_reason_cancels_reminders_and_updates_the_nudge(
    session: Session, team: Team
) -> None:
    item = open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)

    skip(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        input=SkipInput(SkipReason.REP_OUT),
        now=NOW,
    )

    assert (item.status, item.skip_reason) == (OccurrenceStatus.SKIPPED, SkipReason.REP_OUT)
    assert states(session, item) == {
        "open": OutboxState.SENT,
        "reminder:24h": OutboxState.CANCELLED,
        "reminder:2h": OutboxState.CANCELLED,
        "skipped": OutboxState.PENDING,
    }
    assert messages(session, item)["skipped"].payload == {"outcome": "skipped"}


def test_other_needs_a_note(session: Session, team: Team) -> None:
    item = open_item(session, Kind.FORECAST, team.chi)

    with pytest.raises(InvalidSubmission):
        skip(
            session,
            occurrence_id=item.id,
            person_id=team.chi.id,
            input=SkipInput(SkipReason.OTHER),
            now=NOW,
        )

    assert item.status is OccurrenceStatus.OPEN


def test_only_the_person_whose_item_it_is_can_skip_it(session: Session, team: Team) -> None:
    item = open_item(session, Kind.FORECAST, team.chi)

    with pytest.raises(NotAllowed):
        skip(
            session,
            occurrence_id=item.id,
            person_id=team.lead.id,
            input=SkipInput(SkipReason.CUSTOMER_EMERGENCY),
            now=NOW,
        )


def test_a_done_item_cannot_be_skipped(session: Session, team: Team) -> None:
    item = open_item(session, Kind.FORECAST, team.chi, status=OccurrenceStatus.MISSED)

    with pytest.raises(AlreadyClosed, match="missed"):
        skip(
            session,
            occurrence_id=item.id,
            person_id=team.chi.id,
            input=SkipInput(SkipReason.OTHER, "Board meeting"),
            now=NOW,
        )
