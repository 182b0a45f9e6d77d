from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.occurrence import SolutionType
from bot.domain.submissions import ActionItemInput, ActionItemOwner, Focus
from bot.slack.blocks.context import CarriedItem, FormSubject, OneOnOneDefaults
from bot.slack.blocks.one_on_one_modal import MAX_ACTION_ITEM_ROWS, one_on_one_modal
from bot.slack.ids import ActionId, BlockId, CallbackId, row_block_id
from tests.seeds.slack_people import PRIYA, REPS, SAM
from tests.slack.blocks.slack_payloads import block, serialised

SUBJECT = FormSubject(title="1:1 notes", cadence_id="weekly-1on1", occurrence_id=42)
TODAY = date(2024, 5, 14)


def _element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return block(view, block_id)["element"]  # type: ignore[no-any-return]


def test_only_the_managers_own_reps_can_be_chosen() -> None:
    view = serialised(one_on_one_modal(SUBJECT, reps=REPS, today=TODAY))

    rep = block(view, BlockId.REP)
    assert [o["text"]["text"] for o in rep["element"]["options"]] == ["Sam Rivera", "Priya Shah"]
    assert [o["value"] for o in rep["element"]["options"]] == [SAM.email, PRIYA.email]
    assert rep["element"]["action_id"] == ActionId.ONE_ON_ONE_REP
    assert rep["dispatch_action"] is True
    assert "initial_option" not in rep["element"]


def test_a_new_note_has_every_field_and_three_empty_action_item_rows() -> None:
    view = serialised(one_on_one_modal(SUBJECT, reps=REPS, today=TODAY))

    assert view["callback_id"] == CallbackId.ONE_ON_ONE
    assert view["submit"]["text"] == "Save notes"
    assert _element(view, BlockId.HELD_ON)["initial_date"] == "2024-05-14"
    solutions = [o["text"]["text"] for o in _element(view, BlockId.SOLUTION)["options"]]
    assert solutions == [
        "Coaching",
        "Field training",
        "Feedback",
        "Training",
        "Other",
        "None needed",
    ]
    assert [o["value"] for o in _element(view, BlockId.FOCUS)["options"]] == ["skill", "mindset"]
    assert block(view, BlockId.FOCUS_DETAIL)["label"]["text"] == "Skill or mindset worked on"
    for row in (1, 2, 3):
        assert block(view, row_block_id(BlockId.ACTION_ITEM_TEXT, row))["optional"] is True
        owner = _element(view, row_block_id(BlockId.ACTION_ITEM_OWNER, row))
        assert owner["initial_option"]["value"] == ActionItemOwner.REP
        assert _element(view, row_block_id(BlockId.ACTION_ITEM_DUE, row))["type"] == "datepicker"
    assert not any(
        b.get("block_id") == row_block_id(BlockId.ACTION_ITEM_TEXT, 4) for b in view["blocks"]
    )
    assert block(view, BlockId.NEXT_MEETING_ON)["optional"] is True


def test_a_note_being_edited_shows_its_own_items_in_the_rows() -> None:
    items = (
        *(
            ActionItemInput(
                ActionItemOwner.REP, f"Follow up with account {n}", date(2024, 5, 20 + n)
            )
            for n in range(1, 4)
        ),
        ActionItemInput(ActionItemOwner.MANAGER, "Get pricing approval"),
    )
    defaults = OneOnOneDefaults(rep=SAM.email, action_items=items)

    view = serialised(one_on_one_modal(SUBJECT, reps=REPS, today=TODAY, defaults=defaults))

    assert _element(view, BlockId.REP)["initial_option"]["value"] == SAM.email
    first = _element(view, row_block_id(BlockId.ACTION_ITEM_TEXT, 1))
    assert first["initial_value"] == "Follow up with account 1"
    assert _element(view, row_block_id(BlockId.ACTION_ITEM_DUE, 1))["initial_date"] == "2024-05-21"
    fourth = _element(view, row_block_id(BlockId.ACTION_ITEM_OWNER, 4))
    assert fourth["initial_option"]["value"] == ActionItemOwner.MANAGER
    assert "initial_value" not in _element(view, row_block_id(BlockId.ACTION_ITEM_TEXT, 5))


def test_open_items_from_earlier_1on1s_are_offered_as_checkboxes_to_tick_done() -> None:
    carried = (
        CarriedItem(
            7, "Send the proposal", owner_is_rep=True, due_on=date(2024, 5, 3), overdue=True
        ),
        CarriedItem(9, "Get pricing approval", owner_is_rep=False),
    )
    defaults = OneOnOneDefaults(rep=SAM.email, open_items=carried)

    view = serialised(one_on_one_modal(SUBJECT, reps=REPS, today=TODAY, defaults=defaults))

    boxes = block(view, BlockId.OPEN_ITEMS)
    assert boxes["optional"] is True
    assert boxes["element"]["type"] == "checkboxes"
    assert [o["value"] for o in boxes["element"]["options"]] == ["7", "9"]
    labels = [o["text"]["text"] for o in boxes["element"]["options"]]
    assert labels[0].startswith("Rep: Send the proposal, due ")
    assert labels[0].endswith("(overdue)")
    assert labels[1] == "You: Get pricing approval"
    assert "initial_options" not in boxes["element"]
    # New rows stay empty: an open item is not copied into this note.
    assert "initial_value" not in _element(view, row_block_id(BlockId.ACTION_ITEM_TEXT, 1))


def test_many_open_items_stop_at_the_row_limit_and_stay_within_slacks_limits() -> None:
    many = tuple(ActionItemInput(ActionItemOwner.REP, f"Item {n}") for n in range(10))
    defaults = OneOnOneDefaults(
        rep=SAM.email,
        held_on=date(2024, 5, 13),
        topics="Pipeline",
        solution=SolutionType.FIELD_TRAINING,
        focus=Focus.MINDSET,
        action_items=many,
    )

    view = serialised(one_on_one_modal(SUBJECT, reps=REPS, today=TODAY, defaults=defaults))

    texts = [
        b for b in view["blocks"] if str(b.get("block_id", "")).startswith("action_item_text.")
    ]
    assert len(texts) == MAX_ACTION_ITEM_ROWS
    assert len(view["blocks"]) <= 100
    assert _element(view, BlockId.SOLUTION)["initial_option"]["value"] == "field_training"
    assert _element(view, BlockId.FOCUS)["initial_option"]["value"] == "mindset"
    assert _element(view, BlockId.HELD_ON)["initial_date"] == "2024-05-13"


def test_a_1on1_for_a_single_rep_preselects_that_rep_without_dispatching() -> None:
    view = serialised(one_on_one_modal(SUBJECT, reps=(SAM,), today=TODAY))

    rep = block(view, BlockId.REP)
    assert rep["element"]["initial_option"]["value"] == SAM.email
    assert "dispatch_action" not in rep
