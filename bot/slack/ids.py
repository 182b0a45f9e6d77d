"""Every id Cadence gives Slack, and what it puts in ``private_metadata`` and button values.

Listeners match on these enums and builders use them, so a renamed id cannot silently break a
button. Metadata and values come back from Slack in signed requests, but they are still parsed
strictly (known keys, right types, small size): a malformed one is an ``InvalidReference``,
never a half-read object. Whether the user may act on the occurrence is checked by the services.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from bot.domain.occurrence import SnoozeChoice


class ActionId(StrEnum):
    OPEN_FORM = "open_form"
    SNOOZE = "snooze"
    SKIP = "skip"
    EDIT_SUBMISSION = "edit_submission"
    RATE_COACHING = "rate_coaching"
    HOME_OPEN_ITEM = "home_open_item"
    # The 1:1 modal's rep select dispatches so the listener can pre-fill that rep's open items.
    ONE_ON_ONE_REP = "one_on_one_rep"
    # "Details" on a manager's row of the weekly digest opens their detail modal.
    MANAGER_DETAIL = "manager_detail"
    # "Adjust forecast" on the weekly digest opens the leader's adjustment modal.
    ADJUST_FORECAST = "adjust_forecast"
    # "See all managers" under a large subtree's digest lists every manager in a modal.
    ALL_MANAGERS = "all_managers"
    # On an escalation: the overdue person's open items and adherence, for their manager.
    OVERDUE_STATUS = "overdue_status"
    # "Done" on an action item: in the rep's 1:1 summary, `/cadence items` or a reminder.
    ACTION_ITEM_DONE = "action_item_done"


class CallbackId(StrEnum):
    FORECAST = "forecast"
    ONE_ON_ONE = "one_on_one"
    TEAM_MEETING = "team_meeting"
    ACTIVITY = "activity"
    COACHING_RATING = "coaching_rating"
    SKIP_REASON = "skip_reason"
    MANAGER_DETAIL = "manager_detail"
    ADJUST_FORECAST = "adjust_forecast"
    ALL_MANAGERS = "all_managers"
    OVERDUE_STATUS = "overdue_status"


class BlockId(StrEnum):
    # messages
    NUDGE = "nudge"
    NUDGE_ACTIONS = "nudge_actions"
    OUTCOME = "outcome"
    OUTCOME_ACTIONS = "outcome_actions"
    SUMMARY = "summary"
    # App Home
    HOME_ITEM = "home_item"
    HOME_ADHERENCE = "home_adherence"
    HOME_TEAM = "home_team"
    HOME_FAILED = "home_failed"
    HOME_ACTION_ITEMS = "home_action_items"
    # forecast
    COMMIT = "commit"
    BEST_CASE = "best_case"
    PIPELINE = "pipeline"
    CHANGES = "changes"
    KEY_DEALS = "key_deals"
    RISKS = "risks"
    # 1:1 and team meeting
    REP = "rep"
    HELD_ON = "held_on"
    TOPICS = "topics"
    PERFORMANCE_ISSUE = "performance_issue"
    SOLUTION = "solution"
    FOCUS = "focus"
    FOCUS_DETAIL = "focus_detail"
    ACTION_ITEM_OWNER = "action_item_owner"
    ACTION_ITEM_TEXT = "action_item_text"
    ACTION_ITEM_DUE = "action_item_due"
    NEXT_MEETING_ON = "next_meeting_on"
    OPEN_ITEMS = "open_items"
    ACTION_ITEM = "action_item"
    CHECKLIST = "checklist"
    ATTENDEES = "attendees"
    AGENDA_COVERED = "agenda_covered"
    NOTES = "notes"
    DECISIONS = "decisions"
    # activity
    QUESTION = "question"
    # coaching rating
    RECEIVED_COACHING = "received_coaching"
    USEFULNESS = "usefulness"
    COMMENT = "comment"
    # skip
    SKIP_REASON = "skip_reason"
    SKIP_NOTE = "skip_note"
    # a leader's forecast adjustment
    ADJUSTMENT_AMOUNT = "adjustment_amount"
    ADJUSTMENT_NOTE = "adjustment_note"


def row_block_id(block: BlockId, row: int) -> str:
    """The block id of one repeated row, e.g. ``action_item_text.2`` (rows count from 1)."""
    return f"{block}.{row}"


def question_block_id(question_id: str) -> str:
    return f"{BlockId.QUESTION}.{question_id}"


class InvalidReference(ValueError):
    """A ``private_metadata`` or action value that Cadence did not write."""


MAX_REFERENCE_CHARS = 300
MAX_CADENCE_ID_CHARS = 100
# An id in a button's value: ASCII digits, no leading zero, at most 18 (a BIGINT).
_POSITIVE_ID = re.compile(r"[1-9][0-9]{0,17}", re.ASCII)


@dataclass(frozen=True)
class PrivateMetadata:
    """What a modal (or the button that opens it) is about, as compact JSON.

    ``version_of`` is the submission being edited; absent for a first submission.
    ``note_version`` is the version of the meeting note a modal was opened on (absent: no note
    yet), so a save from a modal opened before someone else's save is refused. Every field is
    optional: an ad hoc 1:1 from ``/cadence 1on1`` has no occurrence yet.
    """

    occurrence_id: int | None = None
    cadence_id: str | None = None
    version_of: int | None = None
    note_version: int | None = None

    def encode(self) -> str:
        present = {k: v for k, v in asdict(self).items() if v is not None}
        return json.dumps(present, separators=(",", ":"), sort_keys=True)

    @classmethod
    def decode(cls, raw: str | None) -> PrivateMetadata:
        if not raw:
            return cls()
        data = _json_object(raw)
        unknown = set(data) - {"occurrence_id", "cadence_id", "version_of", "note_version"}
        if unknown:
            raise InvalidReference(f"unknown keys {sorted(unknown)}")
        cadence_id = data.get("cadence_id")
        if cadence_id is not None and not (
            isinstance(cadence_id, str) and 0 < len(cadence_id) <= MAX_CADENCE_ID_CHARS
        ):
            raise InvalidReference("cadence_id must be a short string")
        return cls(
            occurrence_id=_optional_id(data, "occurrence_id"),
            cadence_id=cadence_id,
            version_of=_optional_id(data, "version_of"),
            note_version=_optional_id(data, "note_version"),
        )


@dataclass(frozen=True)
class SnoozeRequest:
    """The value of one snooze option: ``"<occurrence id>:<choice>"``."""

    occurrence_id: int
    choice: SnoozeChoice

    def encode(self) -> str:
        return f"{self.occurrence_id}:{self.choice}"

    @classmethod
    def decode(cls, raw: str) -> SnoozeRequest:
        occurrence, _, choice = raw.partition(":")
        if not _POSITIVE_ID.fullmatch(occurrence):
            raise InvalidReference("snooze value needs an occurrence id")
        try:
            return cls(int(occurrence), SnoozeChoice(choice))
        except ValueError:
            raise InvalidReference(f"unknown snooze choice {choice!r}") from None


def _json_object(raw: str) -> dict[str, Any]:
    if len(raw) > MAX_REFERENCE_CHARS:
        raise InvalidReference("reference too long")
    try:
        data = json.loads(raw)
    except ValueError:
        raise InvalidReference("reference is not JSON") from None
    if not isinstance(data, dict):
        raise InvalidReference("reference is not a JSON object")
    return data


def _optional_id(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    # bool is an int in Python; ``true`` is not an id.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise InvalidReference(f"{key} must be a positive integer")
    return value
