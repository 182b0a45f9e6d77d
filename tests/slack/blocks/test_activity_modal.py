from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from bot.domain.cadence import Question, QuestionType
from bot.domain.submissions import Answer
from bot.slack.blocks.activity_modal import activity_modal
from bot.slack.blocks.context import FormSubject
from bot.slack.ids import CallbackId, question_block_id

SUBJECT = FormSubject(title="Pipeline hygiene", cadence_id="pipeline-hygiene", occurrence_id=45)
QUESTIONS = (
    Question(id="stale_deals", label="Deals with no activity in 30 days", type=QuestionType.NUMBER),
    Question(id="cleanup", label="What did you clean up?", multiline=True),
    Question(
        id="confidence",
        label="Confidence in the CRM data",
        type=QuestionType.SELECT,
        options=("Low", "Medium", "High"),
    ),
    Question(id="next_review", label="Next review", type=QuestionType.DATE, required=False),
)


def test_each_configured_question_becomes_the_matching_input() -> None:
    view = activity_modal(SUBJECT, questions=QUESTIONS).to_dict()

    assert view["callback_id"] == CallbackId.ACTIVITY
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == [question_block_id(q.id) for q in QUESTIONS]
    stale = inputs["question.stale_deals"]
    assert stale["element"]["type"] == "number_input"
    assert stale["label"]["text"] == "Deals with no activity in 30 days"
    assert inputs["question.cleanup"]["element"]["multiline"] is True
    confidence = inputs["question.confidence"]["element"]
    assert confidence["type"] == "static_select"
    assert [o["value"] for o in confidence["options"]] == ["Low", "Medium", "High"]
    assert inputs["question.next_review"]["element"]["type"] == "datepicker"
    assert inputs["question.next_review"]["optional"] is True
    assert inputs["question.stale_deals"]["optional"] is False


def test_editing_answers_pre_fills_them_and_says_the_earlier_version_is_kept() -> None:
    answers: dict[str, Answer] = {
        "stale_deals": Decimal("4"),
        "cleanup": "Closed 3 dead deals",
        "confidence": "High",
        "next_review": date(2024, 6, 1),
    }

    view = activity_modal(SUBJECT, questions=QUESTIONS, defaults=answers).to_dict()

    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["question.stale_deals"]["initial_value"] == "4"
    assert inputs["question.cleanup"]["initial_value"] == "Closed 3 dead deals"
    assert inputs["question.confidence"]["initial_option"]["value"] == "High"
    assert inputs["question.next_review"]["initial_date"] == "2024-06-01"
    assert "the earlier version is kept" in json.dumps(view["blocks"])


def test_a_first_answer_does_not_claim_to_be_an_edit() -> None:
    view = activity_modal(SUBJECT, questions=QUESTIONS).to_dict()

    assert "Editing" not in json.dumps(view["blocks"])
