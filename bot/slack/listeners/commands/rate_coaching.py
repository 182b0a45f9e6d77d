"""``/rate-coaching [1-5] [comment]``: rate your manager's coaching, or open the form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.submissions import USEFULNESS_SCALE, CoachingRatingInput
from bot.domain.typed_input import parse_whole_number
from bot.services.coaching_ratings import rate_coaching as save_rating
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.modals.rating import rating_form
from bot.slack.listeners.replies import REFUSALS, refusal_text

USAGE = (
    "Rate how useful your manager's coaching was from 1 to 5, like `/rate-coaching 4 great "
    "deal review`, or type `/rate-coaching` alone to open the form (also to say you had none)."
)
THANKS = (
    ":lock: Thanks! Your rating is saved privately: your manager only ever sees answers "
    "in aggregate, never yours alone."
)


def rate_coaching(
    ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    container, person = container_of(context), person_of(context)
    score, _, comment = str(command.get("text") or "").strip().partition(" ")
    if not score:
        try:
            with container.unit_of_work() as uow:
                view = rating_form(uow.session, container, person, occurrence_id=None)
        except REFUSALS as refusal:
            ack(text=refusal_text(refusal))
            return
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=view)
        return
    usefulness = parse_whole_number(score, USEFULNESS_SCALE)
    if usefulness is None:
        ack(text=USAGE)
        return
    rating = CoachingRatingInput(
        received_coaching=True, usefulness=usefulness, comment=comment.strip() or None
    )
    try:
        with container.unit_of_work() as uow:
            save_rating(uow.session, rep_id=person.id, input=rating, now=container.clock())
    except REFUSALS as refusal:
        ack(text=refusal_text(refusal))
        return
    ack(text=THANKS)


def register(app: App) -> None:
    app.command("/rate-coaching")(rate_coaching)
