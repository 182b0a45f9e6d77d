from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.domain.submissions import ForecastInput
from bot.slack.blocks.context import FormSubject
from bot.slack.blocks.forecast_modal import forecast_modal
from bot.slack.ids import BlockId, CallbackId, PrivateMetadata
from tests.seeds.slack_people import FRIDAY_5PM_BERLIN, MANAGER_TZ
from tests.slack.blocks.slack_payloads import block, serialised, visible_text

SUBJECT = FormSubject(
    title="Weekly forecast",
    cadence_id="weekly-forecast",
    occurrence_id=41,
    due_at=FRIDAY_5PM_BERLIN,
    tz=MANAGER_TZ,
)
LAST_WEEK = ForecastInput(
    commit=Decimal("1250000.00"),
    best_case=Decimal("1.6E+6"),
    pipeline=Decimal("3400000.50"),
    changes="Initech slipped to Q3",
    key_deals="Globex renewal",
    risks="Legal review at Umbrella",
)


def _element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return block(view, block_id)["element"]  # type: ignore[no-any-return]


def test_the_forecast_modal_asks_for_three_figures_in_the_org_currency() -> None:
    view = serialised(forecast_modal(SUBJECT, currency="EUR"))

    assert view["type"] == "modal"
    assert view["callback_id"] == CallbackId.FORECAST
    assert view["title"]["text"] == "Weekly forecast"
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == [
        "Commit (EUR)",
        "Best case (EUR)",
        "Pipeline (EUR)",
        "What changed since last week",
        "Key deals",
        "Risks",
    ]
    commit = _element(view, BlockId.COMMIT)
    assert commit["type"] == "number_input"
    assert commit["is_decimal_allowed"] is True
    assert commit["action_id"] == BlockId.COMMIT
    assert block(view, BlockId.RISKS)["optional"] is True
    assert _element(view, BlockId.RISKS)["multiline"] is True
    assert "|Fri 17 May at 17:00 CEST>" in visible_text(view)
    assert PrivateMetadata.decode(view["private_metadata"]) == PrivateMetadata(
        occurrence_id=41, cadence_id="weekly-forecast"
    )


def test_the_forecast_modal_is_pre_filled_with_the_previous_submission() -> None:
    view = serialised(forecast_modal(SUBJECT, currency="EUR", defaults=LAST_WEEK))

    assert _element(view, BlockId.COMMIT)["initial_value"] == "1250000"
    assert _element(view, BlockId.BEST_CASE)["initial_value"] == "1600000"
    assert _element(view, BlockId.PIPELINE)["initial_value"] == "3400000.5"
    assert _element(view, BlockId.CHANGES)["initial_value"] == "Initech slipped to Q3"
    assert "Pre-filled with your previous forecast" in visible_text(view)


def test_editing_carries_the_version_and_says_the_earlier_one_is_kept() -> None:
    editing = FormSubject(
        title="A forecast title that is far too long for Slack",
        cadence_id="weekly-forecast",
        occurrence_id=41,
        version_of=7,
    )

    view = serialised(forecast_modal(editing, currency="USD", defaults=LAST_WEEK))

    assert len(view["title"]["text"]) <= 24
    assert PrivateMetadata.decode(view["private_metadata"]).version_of == 7
    assert "the earlier version is kept" in visible_text(view)
