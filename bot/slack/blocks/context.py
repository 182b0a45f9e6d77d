"""The plain data the builders take: names, instants and figures, already looked up.

Instants are timezone-aware (UTC in the database); ``tz`` is the reader's zone, used for the
fallback text when a Slack client cannot render a date token in the reader's own zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.action_items import FollowThrough
from bot.domain.adherence import AdherenceSummary
from bot.domain.cadence import Kind
from bot.domain.messages import MessagePurpose
from bot.domain.occurrence import SkipReason, SolutionType
from bot.domain.submissions import ActionItemInput, Answer, CoachingRatingInput, Focus
from bot.slack.ids import PrivateMetadata


def _require_aware(*moments: datetime | None) -> None:
    if any(m is not None and m.tzinfo is None for m in moments):
        raise ValueError("datetimes must be timezone-aware")


@dataclass(frozen=True)
class ItemRef:
    """One occurrence as people name it. ``counterpart_name``: the rep of a 1:1, the manager
    rated by a coaching pulse; none for the other kinds."""

    occurrence_id: int
    cadence_id: str
    kind: Kind
    title: str
    counterpart_name: str | None = None

    def metadata(self, *, version_of: int | None = None) -> PrivateMetadata:
        return PrivateMetadata(
            occurrence_id=self.occurrence_id, cadence_id=self.cadence_id, version_of=version_of
        )


@dataclass(frozen=True)
class NudgeContext:
    """An open / reminder / escalation DM. An escalation goes to ``subject_name``'s manager."""

    item: ItemRef
    purpose: MessagePurpose
    subject_name: str
    due_at: datetime
    tz: str
    opens_at: datetime | None = None
    overdue_since: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware(self.due_at, self.opens_at, self.overdue_since)


@dataclass(frozen=True)
class DoneContext:
    item: ItemRef
    completed_by_name: str
    completed_at: datetime
    on_time: bool
    tz: str
    # The latest submission; the Edit button opens it. None when there is nothing to edit.
    submission_id: int | None = None

    def __post_init__(self) -> None:
        _require_aware(self.completed_at)


@dataclass(frozen=True)
class SkippedContext:
    item: ItemRef
    skipped_by_name: str
    reason: SkipReason
    skipped_at: datetime
    tz: str
    note: str | None = None

    def __post_init__(self) -> None:
        _require_aware(self.skipped_at)


@dataclass(frozen=True)
class ExcusedContext:
    """``reason`` as people say it: ``"you're away"``, ``"Whit Monday (public holiday)"``."""

    item: ItemRef
    reason: str
    due_at: datetime
    tz: str

    def __post_init__(self) -> None:
        _require_aware(self.due_at)


@dataclass(frozen=True)
class ActionItemLine:
    """An action item as a message lists it; with ``item_id``, open items get a Done button."""

    text: str
    due_on: date | None = None
    item_id: int | None = None
    done: bool = False
    overdue: bool = False
    # Who the item is with, when a list mixes 1:1s (``/cadence items``).
    with_name: str | None = None


@dataclass(frozen=True)
class OneOnOneSummary:
    """What a rep is told after their manager logs a 1:1. The diagnosis stays the manager's."""

    manager_name: str
    held_on: date
    topics: str
    focus: Focus | None = None
    focus_detail: str | None = None
    rep_items: tuple[ActionItemLine, ...] = ()
    manager_items: tuple[ActionItemLine, ...] = ()
    next_meeting_on: date | None = None
    # The rep's items from earlier 1:1s that are still open (carried forward).
    carried_items: tuple[ActionItemLine, ...] = ()


# --- modals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormSubject:
    """What a modal is for: the occurrence (none for an ad hoc 1:1) and the version edited.

    ``note_version`` is the version of the meeting note the form was filled from."""

    title: str
    cadence_id: str | None = None
    occurrence_id: int | None = None
    version_of: int | None = None
    due_at: datetime | None = None
    tz: str = "UTC"
    note_version: int | None = None

    def __post_init__(self) -> None:
        _require_aware(self.due_at)

    @property
    def metadata(self) -> PrivateMetadata:
        return PrivateMetadata(
            occurrence_id=self.occurrence_id,
            cadence_id=self.cadence_id,
            version_of=self.version_of,
            note_version=self.note_version,
        )


@dataclass(frozen=True)
class RepOption:
    email: str
    name: str


@dataclass(frozen=True)
class OneOnOneDefaults:
    """A note being edited, or a new one carrying the previous 1:1's open action items: a
    ``OneOnOneInput`` that may still lack its required fields."""

    rep: str | None = None
    held_on: date | None = None
    topics: str | None = None
    performance_issue: str | None = None
    solution: SolutionType | None = None
    focus: Focus | None = None
    focus_detail: str | None = None
    action_items: tuple[ActionItemInput, ...] = ()
    next_meeting_on: date | None = None
    # Still open from earlier 1:1s with this rep: ticked ones are closed on save.
    open_items: tuple[CarriedItem, ...] = ()


@dataclass(frozen=True)
class CarriedItem:
    """An open item from an earlier 1:1, offered on the next one's form to tick done."""

    item_id: int
    text: str
    owner_is_rep: bool
    due_on: date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class CoachingRatingContext:
    manager_name: str
    period_start: date
    period_end: date
    # Aggregates are shown only when at least this many reps answered (config ``k``).
    min_responses: int = 3
    # The rep's own answer for the period, when they gave one.
    answer: CoachingRatingInput | None = None


ActivityDefaults = Mapping[str, Answer]


# --- App Home -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenItem:
    item: ItemRef
    due_at: datetime
    overdue: bool = False

    def __post_init__(self) -> None:
        _require_aware(self.due_at)


@dataclass(frozen=True)
class AdherenceWeek:
    week_start: date
    summary: AdherenceSummary


@dataclass(frozen=True)
class ManagerLine:
    """One manager in a leader's summary; ``forecast_submitted`` is None without a forecast."""

    name: str
    summary: AdherenceSummary
    forecast_submitted: bool | None = None
    follow_through: FollowThrough | None = None


@dataclass(frozen=True)
class FailedDelivery:
    recipient_name: str
    what: str
    error: str
    failed_at: datetime

    def __post_init__(self) -> None:
        _require_aware(self.failed_at)


@dataclass(frozen=True)
class HomeContext:
    """``team`` is given to leaders, ``failed_deliveries`` to admins; None hides the section."""

    person_name: str
    tz: str
    open_items: tuple[OpenItem, ...] = ()
    weeks: tuple[AdherenceWeek, ...] = ()
    team: tuple[ManagerLine, ...] | None = None
    failed_deliveries: tuple[FailedDelivery, ...] | None = None
    open_action_items: int = 0
    overdue_action_items: int = 0
