"""What a queued message says, as plain facts read from the database; Slack renders them.

``compose`` is called right before sending, so a message reflects the occurrence as it is now
(who completed it, when), not as it was when the message was planned.

The weekly digest and a manager's summary go through the same outbox and dispatcher as every
nudge, but their content is a computed report (``bot.domain.digest``) rather than facts about one
occurrence, so they have their own type, ``OutgoingReport``, composed by ``compose_report``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.domain.actuals import parse_period
from bot.domain.cadence import Kind
from bot.domain.digest import Digest
from bot.domain.manager_summary import ManagerSummary
from bot.domain.messages import MessagePurpose
from bot.domain.occurrence import OccurrenceStatus, SkipReason
from bot.domain.operating_system import OperatingSystem
from bot.domain.review import Review
from bot.persistence.models import (
    ActionItem,
    DigestRun,
    Occurrence,
    OutboxMessage,
    Person,
)
from bot.persistence.repositories import action_items as action_item_rows
from bot.persistence.repositories import outbox_dispatch, submissions
from bot.services.digests import build_digest, build_digests, build_manager_summary
from bot.services.review import build_review


class NotComposable(Exception):
    """The row cannot be turned into a message (a purpose with no content yet, a lost row)."""


@dataclass(frozen=True)
class OccurrenceFacts:
    occurrence_id: int
    cadence_id: str
    kind: Kind
    title: str
    status: OccurrenceStatus
    subject_name: str
    counterpart_name: str | None
    opens_at: datetime
    due_at: datetime
    # How it closed, for the done / skipped / excused update.
    closed_by_name: str | None = None
    closed_at: datetime | None = None
    skip_reason: SkipReason | None = None
    skip_note: str | None = None
    excused_reason: str | None = None
    submission_id: int | None = None


@dataclass(frozen=True)
class ActionItemFact:
    text: str
    due_on: date | None
    item_id: int | None = None
    done: bool = False
    # Who the item is with (the other side of its 1:1), and when that 1:1 was held.
    with_name: str | None = None
    held_on: date | None = None


@dataclass(frozen=True)
class OneOnOneFacts:
    manager_name: str
    held_on: date
    topics: str
    focus: str | None
    focus_detail: str | None
    rep_items: tuple[ActionItemFact, ...]
    manager_items: tuple[ActionItemFact, ...]
    next_meeting_on: date | None
    carried_items: tuple[ActionItemFact, ...] = ()


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to one person; ``recipient_slack_id`` is None until the roster resolved it."""

    recipient_slack_id: str | None
    recipient_tz: str
    purpose: MessagePurpose
    occurrence: OccurrenceFacts | None = None
    # Set when a reminder or escalation goes out after the due time.
    overdue_since: datetime | None = None
    one_on_one: OneOnOneFacts | None = None
    action_item: ActionItemFact | None = None
    # A merged DM (over the daily budget): every item it lists, in the order they fell due.
    merged: tuple[OccurrenceFacts, ...] = ()


def recipient_of(session: Session, row: OutboxMessage) -> Person:
    recipient = outbox_dispatch.person(session, row.recipient_id)
    if recipient is None:
        raise NotComposable(f"recipient {row.recipient_id} is not on the roster")
    return recipient


def compose(
    session: Session, row: OutboxMessage, *, occurrence: Occurrence | None = None
) -> OutgoingMessage:
    """The message of ``row``; ``occurrence`` is its occurrence if the caller has loaded it."""
    recipient = recipient_of(session, row)
    purpose = MessagePurpose(row.purpose)
    if occurrence is None and row.occurrence_id:
        occurrence = outbox_dispatch.occurrence(session, row.occurrence_id)
        if occurrence is None:
            raise NotComposable(f"occurrence {row.occurrence_id} does not exist")
    facts = _occurrence_facts(session, occurrence) if occurrence else None
    overdue = facts.due_at if facts and row.send_after > facts.due_at else None
    summary = (
        _one_on_one_facts(session, row) if purpose is MessagePurpose.ONE_ON_ONE_SUMMARY else None
    )
    item = _overdue_item(session, row) if purpose is MessagePurpose.ACTION_ITEM_OVERDUE else None
    merged = _merged(session, row) if purpose is MessagePurpose.MERGED_NUDGES else ()
    if facts is None and summary is None and item is None and not merged:
        raise NotComposable(f"nothing to say for a {purpose} message yet")
    return OutgoingMessage(
        recipient_slack_id=recipient.slack_id,
        recipient_tz=recipient.timezone,
        purpose=purpose,
        occurrence=facts,
        overdue_since=overdue if purpose is not MessagePurpose.DONE_UPDATE else None,
        one_on_one=summary,
        action_item=item,
        merged=merged,
    )


def _merged(session: Session, row: OutboxMessage) -> tuple[OccurrenceFacts, ...]:
    ids = (row.payload or {}).get("occurrence_ids") or []
    found = (outbox_dispatch.occurrence(session, i) for i in ids if isinstance(i, int))
    return tuple(_occurrence_facts(session, o) for o in found if o is not None)


def _occurrence_facts(session: Session, occurrence: Occurrence) -> OccurrenceFacts:
    closer = outbox_dispatch.person(session, occurrence.completed_by_id) or occurrence.subject
    kind = occurrence.cadence.kind
    return OccurrenceFacts(
        occurrence_id=occurrence.id,
        cadence_id=occurrence.cadence_id,
        kind=kind,
        title=occurrence.cadence.title,
        status=occurrence.status,
        subject_name=occurrence.subject.name,
        counterpart_name=occurrence.counterpart.name if occurrence.counterpart else None,
        opens_at=occurrence.opens_at,
        due_at=occurrence.due_at,
        closed_by_name=closer.name,
        # A skip or an excuse records no instant of its own; the last change is when it happened.
        closed_at=occurrence.completed_at or occurrence.updated_at,
        skip_reason=occurrence.skip_reason,
        skip_note=occurrence.skip_note,
        excused_reason=occurrence.excused_reason,
        submission_id=outbox_dispatch.latest_submission_id(session, occurrence.id, kind),
    )


def _one_on_one_facts(session: Session, row: OutboxMessage) -> OneOnOneFacts | None:
    payload = row.payload or {}
    note_id = payload.get("note_id")
    note = submissions.one_on_one_note(
        session,
        note_id=note_id if isinstance(note_id, int) else None,
        occurrence_id=row.occurrence_id,
    )
    if note is None:
        return None
    manager = outbox_dispatch.person(session, note.manager_id)
    return OneOnOneFacts(
        manager_name=manager.name if manager else "your manager",
        held_on=note.held_on,
        topics=note.topics,
        focus=note.focus.value if note.focus else None,
        focus_detail=note.focus_detail,
        rep_items=_items(note.action_items, owner_id=note.rep_id),
        manager_items=_items(note.action_items, owner_id=note.manager_id),
        next_meeting_on=note.next_meeting_on,
        carried_items=_items(
            action_item_rows.open_of_pair(
                session, manager_id=note.manager_id, rep_id=note.rep_id, except_note_id=note.id
            ),
            owner_id=note.rep_id,
        ),
    )


def _items(items: Sequence[ActionItem], *, owner_id: int) -> tuple[ActionItemFact, ...]:
    return tuple(
        ActionItemFact(item.text, item.due_on, item.id, done=item.done_at is not None)
        for item in items
        if item.owner_id == owner_id
    )


REPORT_PURPOSES = frozenset(
    {MessagePurpose.DIGEST, MessagePurpose.MANAGER_SUMMARY, MessagePurpose.REVIEW}
)


@dataclass(frozen=True)
class OutgoingReport:
    """A leader's digest (``digest``), a manager's weekly summary (``summary``) or a leader's
    quarterly review (``review``) for one person."""

    recipient_slack_id: str | None
    purpose: MessagePurpose
    digest: Digest | None = None
    summary: ManagerSummary | None = None
    review: Review | None = None


def compose_report(
    session: Session,
    operating_system: OperatingSystem,
    row: OutboxMessage,
    *,
    now: datetime,
    digests: Mapping[int, Digest] | None = None,
) -> OutgoingReport:
    """The report of a ``digest`` or ``manager_summary`` row, as the data stands ``now``;
    ``digests``: digests already built with the row's batch (``digests_for_outbox``), by id."""
    recipient = recipient_of(session, row)
    purpose = MessagePurpose(row.purpose)
    try:
        if purpose is MessagePurpose.DIGEST:
            built = (digests or {}).get(row.id)
            digest = built or digest_for_outbox(session, operating_system, row=row, now=now)
            return OutgoingReport(recipient.slack_id, purpose, digest=digest)
        if purpose is MessagePurpose.MANAGER_SUMMARY:
            summary = summary_for_outbox(session, operating_system, row=row, now=now)
            return OutgoingReport(recipient.slack_id, purpose, summary=summary)
        if purpose is MessagePurpose.REVIEW:
            review = review_for_outbox(session, operating_system, row=row, now=now)
            return OutgoingReport(recipient.slack_id, purpose, review=review)
    except (LookupError, ValueError) as error:
        # The row names no run or week, or the person left the configured roster (KeyError).
        raise NotComposable(f"cannot compose the {purpose}: {error}") from error
    raise NotComposable(f"a {purpose} message is not a report")


def digest_for_outbox(
    session: Session, operating_system: OperatingSystem, *, row: OutboxMessage, now: datetime
) -> Digest:
    """The content of a ``digest`` outbox message, as the data stands ``now``."""
    run = session.get(DigestRun, row.digest_run_id) if row.digest_run_id else None
    leader = session.get(Person, run.leader_id) if run else None
    if run is None or leader is None:
        raise LookupError(f"outbox {row.id} names no digest run")
    return build_digest(
        session, operating_system, leader_email=leader.email, week_start=run.week_start, now=now
    )


def digests_for_outbox(
    session: Session,
    operating_system: OperatingSystem,
    rows: Iterable[OutboxMessage],
    *,
    now: datetime,
) -> dict[int, Digest]:
    """The digests of these ``digest`` rows by outbox id, built together for each week
    (``build_digests``: one read, each manager's row once for all the leaders above them), as
    the data stands ``now``. A row naming no run is left out, and so is a week whose digests
    cannot all be built: each of those is composed alone, where its own error shows."""
    leaders: dict[date, dict[int, str]] = {}
    for row in rows:
        run = session.get(DigestRun, row.digest_run_id) if row.digest_run_id else None
        leader = session.get(Person, run.leader_id) if run else None
        if run is not None and leader is not None:
            leaders.setdefault(run.week_start, {})[row.id] = leader.email
    built: dict[int, Digest] = {}
    for week_start, of_row in leaders.items():
        try:
            digests = build_digests(
                session,
                operating_system,
                leader_emails=list(of_row.values()),
                week_start=week_start,
                now=now,
            )
        except (LookupError, ValueError):
            continue
        built |= {row_id: digests[email] for row_id, email in of_row.items()}
    return built


def summary_for_outbox(
    session: Session, operating_system: OperatingSystem, *, row: OutboxMessage, now: datetime
) -> ManagerSummary:
    """The content of a ``manager_summary`` outbox message, as the data stands ``now``."""
    manager = session.get(Person, row.recipient_id)
    week = (row.payload or {}).get("week_start")
    if manager is None or not isinstance(week, str):
        raise LookupError(f"outbox {row.id} names no manager and week")
    return build_manager_summary(
        session,
        operating_system,
        manager_email=manager.email,
        week_start=date.fromisoformat(week),
        now=now,
    )


def review_for_outbox(
    session: Session, operating_system: OperatingSystem, *, row: OutboxMessage, now: datetime
) -> Review:
    """The content of a ``review`` outbox message, as the data stands ``now``."""
    leader = session.get(Person, row.recipient_id)
    quarter = (row.payload or {}).get("quarter")
    if leader is None or not isinstance(quarter, str):
        raise LookupError(f"outbox {row.id} names no leader and quarter")
    return build_review(
        session, operating_system, leader_email=leader.email, quarter=parse_period(quarter), now=now
    )


def _overdue_item(session: Session, row: OutboxMessage) -> ActionItemFact | None:
    item_id = (row.payload or {}).get("action_item_id")
    item = session.get(ActionItem, item_id) if isinstance(item_id, int) else None
    if item is None:
        return None
    note = item.note
    other = outbox_dispatch.person(
        session, note.manager_id if item.owner_id == note.rep_id else note.rep_id
    )
    return ActionItemFact(
        item.text,
        item.due_on,
        item.id,
        done=item.done_at is not None,
        with_name=other.name if other else None,
        held_on=note.held_on,
    )
