from __future__ import annotations

from bot.slack.blocks.context import FormSubject
from bot.slack.blocks.skip_modal import skip_modal
from bot.slack.ids import BlockId, CallbackId, PrivateMetadata
from tests.seeds.slack_people import FRIDAY_5PM_BERLIN, MANAGER_TZ
from tests.slack.blocks.slack_payloads import block, serialised, visible_text


def test_the_skip_modal_offers_the_reasons_and_says_a_skip_does_not_count() -> None:
    subject = FormSubject(
        title="Weekly 1:1 with Sam Rivera",
        cadence_id="weekly-1on1",
        occurrence_id=42,
        due_at=FRIDAY_5PM_BERLIN,
        tz=MANAGER_TZ,
    )

    view = serialised(skip_modal(subject))

    assert view["callback_id"] == CallbackId.SKIP_REASON
    assert view["title"]["text"] == "Skip with a reason"
    reasons = block(view, BlockId.SKIP_REASON)["element"]
    assert reasons["type"] == "radio_buttons"
    assert [o["value"] for o in reasons["options"]] == ["rep_out", "customer_emergency", "other"]
    note = block(view, BlockId.SKIP_NOTE)
    assert note["optional"] is True
    assert note["hint"]["text"] == "Required when the reason is Other."
    shown = visible_text(view)
    assert "Skip *Weekly 1:1 with Sam Rivera* (due <!date^" in shown
    assert "never counts against your adherence" in shown
    assert PrivateMetadata.decode(view["private_metadata"]).occurrence_id == 42
