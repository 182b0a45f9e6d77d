"""How a simulated person fills a modal: from what the modal shows, in their own habits.

Inputs the modal already fills (last week's forecast, today's date) are kept, as a person would;
what is still blank is answered from the person's habits where one applies (an over-reporter
always logs coaching), else with something plausible for the kind of input. A deliberate
``mistake`` makes the first try wrong in one field, so the page shows Slack's inline errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bot.demo.people import Habit, SimulatedPerson
from bot.simulated_slack.interactions import initial_answer, options_of
from bot.slack.ids import BlockId, CallbackId

PHRASES = (
    "Pipeline hygiene and next steps on the top three deals",
    "Discovery calls: asking about the cost of doing nothing",
    "Negotiation prep for the renewal",
    "Territory plan for next quarter",
    "Multi-threading into the buying committee",
)
ANSWER_LATER = {BlockId.PERFORMANCE_ISSUE, BlockId.FOCUS_DETAIL, BlockId.NEXT_MEETING_ON}


def input_blocks(modal: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    return (b for b in modal.get("blocks", []) if b.get("type") == "input")


def answers(
    person: SimulatedPerson,
    modal: Mapping[str, Any],
    *,
    today: date,
    forecast_base: Decimal,
    mistake: bool = False,
) -> dict[str, Any]:
    """The answers to ``modal``'s input blocks, by block id (absent: keep what it shows)."""
    callback = str(modal.get("callback_id", ""))
    if callback == CallbackId.COACHING_RATING:
        return _rating(person)
    given: dict[str, Any] = {}
    for block in input_blocks(modal):
        block_id, element = str(block["block_id"]), block["element"]
        if _filled(element) and callback != CallbackId.FORECAST:
            continue
        answer = _habitual(person, callback, block_id, element, today, forecast_base)
        if answer is None and not block.get("optional") and block_id not in ANSWER_LATER:
            answer = _plausible(person, element, today)
        if answer is not None:
            given[block_id] = answer
    return _with_mistake(callback, given) if mistake else given


def _filled(element: Mapping[str, Any]) -> bool:
    return initial_answer(element) not in (None, "", [])


def _habitual(
    person: SimulatedPerson,
    callback: str,
    block_id: str,
    element: Mapping[str, Any],
    today: date,
    forecast_base: Decimal,
) -> Any:
    rng = person.rng
    values = [o["value"] for o in options_of(element)]
    if callback == CallbackId.FORECAST:
        commit = int(forecast_base * Decimal(rng.uniform(0.9, 1.1)) / 1000) * 1000
        figures = {
            BlockId.COMMIT: commit,
            BlockId.BEST_CASE: int(commit * 1.3),
            BlockId.PIPELINE: commit * 3,
        }
        if block_id in figures:
            return str(figures[BlockId(block_id)])
        if block_id == BlockId.CHANGES:
            return rng.choice(("Globex slipped to next month", "Initech pulled in", "No change"))
    if callback == CallbackId.ONE_ON_ONE:
        if block_id == BlockId.SOLUTION and values:
            coached = person.habit is Habit.OVER_REPORTS or rng.random() < 0.6
            return "coaching" if coached and "coaching" in values else rng.choice(values)
        if block_id.startswith(BlockId.ACTION_ITEM_TEXT) and block_id.endswith(".1"):
            return rng.choice(("Update close dates", "Book the exec sponsor call", "Send recap"))
        if block_id.startswith(BlockId.ACTION_ITEM_DUE) and block_id.endswith(".1"):
            return (today + timedelta(days=7)).isoformat()
    if callback == CallbackId.TEAM_MEETING:
        if block_id == BlockId.ATTENDEES:
            return values if rng.random() < 0.7 else values[:-1]
        if block_id == BlockId.AGENDA_COVERED:
            return values[: rng.randint(2, len(values))] if values else None
    if callback == CallbackId.SKIP_REASON:
        if block_id == BlockId.SKIP_REASON:
            return rng.choice([v for v in values if v != "other"] or values)
        if block_id == BlockId.SKIP_NOTE:
            return rng.choice(("Rep on a customer visit all week", "Covering a big renewal"))
    if callback == CallbackId.ADJUST_FORECAST:
        if block_id == BlockId.ADJUSTMENT_AMOUNT:
            return str(int(forecast_base * Decimal(rng.uniform(1.8, 2.6)) / 1000) * 1000)
        if block_id == BlockId.ADJUSTMENT_NOTE:
            return rng.choice(("Pulled in two deals", "Haircut on the late-stage slips"))
    return None


def _rating(person: SimulatedPerson) -> dict[str, Any]:
    rng = person.rng
    # Reps of an over-reporting manager mostly say they were not coached.
    coached = rng.random() < (0.25 if person.manager_habit is Habit.OVER_REPORTS else 0.85)
    if not coached:
        return {BlockId.RECEIVED_COACHING: "no"}
    return {BlockId.RECEIVED_COACHING: "yes", BlockId.USEFULNESS: rng.choice("3445")}


def _plausible(person: SimulatedPerson, element: Mapping[str, Any], today: date) -> Any:
    kind = element["type"]
    values = [o["value"] for o in options_of(element)]
    if kind == "number_input":
        return str(person.rng.randint(1, 9))
    if kind in ("static_select", "radio_buttons"):
        return values[0] if values else None
    if kind in ("multi_static_select", "checkboxes"):
        return values[:1]
    if kind == "datepicker":
        return today.isoformat()
    return person.rng.choice(PHRASES)


def _with_mistake(callback: str, given: dict[str, Any]) -> dict[str, Any]:
    wrong = dict(given)
    if callback == CallbackId.FORECAST and BlockId.BEST_CASE in given:
        wrong[BlockId.COMMIT] = str(int(given[BlockId.BEST_CASE]) * 2)  # above the best case
    elif callback == CallbackId.SKIP_REASON:
        wrong[BlockId.SKIP_REASON], wrong[BlockId.SKIP_NOTE] = "other", None  # no details
    return wrong
