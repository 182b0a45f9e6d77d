"""The coaching rating modal: the rep's own manager, the period, and only their own answer."""

from __future__ import annotations

from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.bootstrap import Container
from bot.domain.submissions import CoachingRatingInput
from bot.persistence.models import Person
from bot.services.coaching_ratings import rating_form as rating_facts
from bot.slack.blocks.coaching_modal import coaching_rating_modal
from bot.slack.blocks.context import CoachingRatingContext, FormSubject

TITLE = "Rate your coaching"


def rating_form(
    session: Session, container: Container, person: Person, *, occurrence_id: int | None
) -> View:
    facts = rating_facts(
        session, rep_id=person.id, now=container.clock(), occurrence_id=occurrence_id
    )
    answer, pulse = facts.own_answer, facts.period.occurrence
    own = (
        CoachingRatingInput(answer.received_coaching, answer.usefulness, answer.comment)
        if answer
        else None
    )
    rating = CoachingRatingContext(
        manager_name=facts.manager_name,
        period_start=facts.period.start,
        period_end=facts.period.end,
        min_responses=container.operating_system.organization.anonymity_threshold,
        answer=own,
    )
    form = FormSubject(
        title=TITLE,
        cadence_id=pulse.cadence_id if pulse else None,
        occurrence_id=pulse.id if pulse else None,
        tz=person.timezone,
    )
    return coaching_rating_modal(form, rating=rating)
