from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.occurrence import SnoozeChoice
from bot.slack.ids import (
    MAX_REFERENCE_CHARS,
    BlockId,
    InvalidReference,
    PrivateMetadata,
    SnoozeRequest,
    question_block_id,
    row_block_id,
)


def test_metadata_round_trips_as_small_json() -> None:
    metadata = PrivateMetadata(occurrence_id=12, cadence_id="weekly-forecast", version_of=3)

    encoded = metadata.encode()

    assert encoded == '{"cadence_id":"weekly-forecast","occurrence_id":12,"version_of":3}'
    assert PrivateMetadata.decode(encoded) == metadata


def test_absent_fields_are_left_out_and_empty_metadata_reads_as_nothing() -> None:
    assert PrivateMetadata(occurrence_id=12).encode() == '{"occurrence_id":12}'
    assert PrivateMetadata.decode("") == PrivateMetadata()
    assert PrivateMetadata.decode(None) == PrivateMetadata()


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[12]",
        '"12"',
        '{"occurrence_id": "12"}',
        '{"occurrence_id": -1}',
        '{"occurrence_id": 0}',
        '{"occurrence_id": true}',
        '{"occurrence_id": 1.5}',
        '{"version_of": 99999999999999999999}',
        '{"occurrence_id": 12, "is_admin": true}',
        '{"cadence_id": 7}',
        '{"cadence_id": ""}',
        '{"cadence_id": "' + "x" * 101 + '"}',
        '{"occurrence_id": 12, "pad": "' + "x" * MAX_REFERENCE_CHARS + '"}',
    ],
)
def test_tampered_or_oversized_metadata_is_rejected(raw: str) -> None:
    with pytest.raises(InvalidReference):
        PrivateMetadata.decode(raw)


def test_a_snooze_option_value_names_the_occurrence_and_the_choice() -> None:
    request = SnoozeRequest(occurrence_id=41, choice=SnoozeChoice.TOMORROW_MORNING)

    assert request.encode() == "41:tomorrow_morning"
    assert SnoozeRequest.decode("41:tomorrow_morning") == request
    assert SnoozeRequest.decode("41:2h").choice is SnoozeChoice.TWO_HOURS


@pytest.mark.parametrize(
    "raw", ["", "41", "41:next_year", "abc:2h", "0:2h", "-4:2h", "4" * 30 + ":2h"]
)
def test_a_malformed_snooze_value_is_rejected(raw: str) -> None:
    with pytest.raises(InvalidReference):
        SnoozeRequest.decode(raw)


def test_row_and_question_block_ids_are_derived_from_the_enum() -> None:
    assert row_block_id(BlockId.ACTION_ITEM_TEXT, 2) == "action_item_text.2"
    assert question_block_id("calls_made") == "question.calls_made"


@given(st.text(max_size=400))
def test_any_metadata_reads_as_metadata_or_is_rejected(raw: str) -> None:
    try:
        meta = PrivateMetadata.decode(raw)
    except InvalidReference:
        return
    assert meta.occurrence_id is None or meta.occurrence_id >= 1


@given(st.text(max_size=60))
def test_any_snooze_value_reads_as_a_request_or_is_rejected(raw: str) -> None:
    try:
        request = SnoozeRequest.decode(raw)
    except InvalidReference:
        return
    assert request.occurrence_id >= 1
