"""The first step of delivering a claimed row: still worth sending? then what exactly?

A claimed batch is prepared in one short transaction right before its Slack calls
(``prepare_all``), so a nudge for an occurrence done a second ago is cancelled, not sent, and a
snoozed person's reminder goes back to wait.

``record_sent_all`` records where Slack put a batch's messages, and a sent digest's run
(``record_digest_sent``), in the transaction that records the batch. ``cadence-bot digest``
(sending now) claims the week's run with ``claim_digest_run`` first, so the tick will not send
the same digest again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.domain.digest import Digest
from bot.domain.messages import (
    EDIT_PURPOSES,
    Cancel,
    CancelReason,
    MessagePurpose,
    Send,
    Verdict,
    Wait,
    hours_verdict,
    verdict,
)
from bot.domain.operating_system import OperatingSystem
from bot.persistence.models import OutboxMessage
from bot.persistence.repositories import digest_runs, nudge_budget, outbox, outbox_dispatch
from bot.persistence.repositories import people as people_rows
from bot.persistence.repositories.outbox_dispatch import Claim
from bot.services.delivery.compose import (
    REPORT_PURPOSES,
    NotComposable,
    OutgoingMessage,
    OutgoingReport,
    compose,
    compose_report,
    digests_for_outbox,
)
from bot.services.delivery.hours import calendar_for
from bot.services.delivery.ports import SentRef

# The operating system a digest is computed with, read when a digest is due (a dispatcher
# that never meets one never needs the config).
OperatingSystemSource = Callable[[], OperatingSystem]


class NoOperatingSystem(RuntimeError):
    """A digest or summary came up in a dispatcher wired without the operating system."""


class Outcome(StrEnum):
    """What became of one claimed row; values name the ``DispatchReport`` counters."""

    SENT = "sent"
    RECOVERED = "recovered"
    CANCELLED = "cancelled"
    WAITING = "waiting"
    RETRIED = "retried"
    FAILED = "failed"


@dataclass(frozen=True)
class Prepared:
    message: OutgoingMessage | OutgoingReport
    created_at: datetime
    # For an outcome update: the nudges to edit in place instead of posting a new DM.
    edits: tuple[SentRef, ...] = ()


def prepare(
    session: Session,
    claim: Claim,
    *,
    owner: str,
    now: datetime,
    operating_system: OperatingSystemSource | None = None,
    digests: Mapping[int, Digest] | None = None,
) -> Prepared | Outcome:
    """The message to send, or the outcome already settled here (cancelled, waiting, failed).

    Digests and managers' summaries are composed from the operating system's roster and
    cadences; without one, they raise ``NoOperatingSystem`` and are retried like any error.
    ``digests``: the batch's digests built together (``prepare_all``), by outbox id.
    """
    row = session.get(OutboxMessage, claim.id)
    if row is None:
        return Outcome.CANCELLED
    purpose = MessagePurpose(row.purpose)
    occurrence = (
        outbox_dispatch.occurrence(session, row.occurrence_id) if row.occurrence_id else None
    )
    decided = verdict(
        purpose,
        status=occurrence.status if occurrence else None,
        snoozed_until=occurrence.snoozed_until if occurrence else None,
        now=now,
        nudged_before_due=(
            _nudged_before_due(session, occurrence.id, due_at=occurrence.due_at)
            if occurrence is not None and purpose is MessagePurpose.ESCALATION
            else None
        ),
    )
    if isinstance(decided, Send) and purpose not in EDIT_PURPOSES:
        due_at = occurrence.due_at if occurrence else None
        decided = _within_hours(session, row, operating_system, due_at=due_at, now=now)
    if isinstance(decided, Cancel):
        outbox_dispatch.mark_cancelled(session, claim.id, owner=owner, reason=decided.reason)
        return Outcome.CANCELLED
    if isinstance(decided, Wait):
        outbox_dispatch.release(session, [claim.id], owner=owner, send_after=decided.until)
        return Outcome.WAITING
    try:
        message: OutgoingMessage | OutgoingReport
        if purpose in REPORT_PURPOSES:
            if operating_system is None:
                raise NoOperatingSystem(f"a {purpose} needs the operating system to compose")
            message = compose_report(session, operating_system(), row, now=now, digests=digests)
        else:
            message = compose(session, row, occurrence=occurrence)
    except NotComposable as error:
        outbox_dispatch.mark_failed(session, claim.id, owner=owner, reason=str(error), now=now)
        return Outcome.FAILED
    if purpose is not MessagePurpose.DONE_UPDATE or row.occurrence_id is None:
        return Prepared(message, row.created_at)
    nudges = outbox_dispatch.sent_nudges(
        session, occurrence_id=row.occurrence_id, recipient_id=row.recipient_id
    )
    merged = nudge_budget.merged_dm_of(
        session, occurrence_id=row.occurrence_id, recipient_id=row.recipient_id
    )
    if not nudges and merged is not None and merged.slack_channel and merged.slack_ts:
        # The item went out in a merged DM: that DM is redrawn with the item closed.
        edit = SentRef(merged.slack_channel, merged.slack_ts)
        return Prepared(compose(session, merged), row.created_at, (edit,))
    if not nudges:
        reason = CancelReason.NOTHING_TO_UPDATE
        outbox_dispatch.mark_cancelled(session, claim.id, owner=owner, reason=reason)
        return Outcome.CANCELLED
    return Prepared(message, row.created_at, tuple(SentRef(c, ts) for c, ts in nudges))


def prepare_all(
    session: Session,
    claims: list[Claim],
    *,
    owner: str,
    now: datetime,
    operating_system: OperatingSystemSource | None = None,
) -> dict[int, Prepared | Outcome]:
    """``prepare`` for a whole claimed batch in one transaction, its rows, occurrences and
    people loaded in three queries first (each row then reads them from the session). The
    batch's digests are built together (Monday morning brings many leaders' at once)."""
    loaded = outbox_dispatch.load_for_delivery(session, [claim.id for claim in claims])
    operating_system = _read_once(operating_system)
    digests = _digests_together(session, claims, now=now, operating_system=operating_system)
    steps = {
        claim.id: prepare(
            session,
            claim,
            owner=owner,
            now=now,
            operating_system=operating_system,
            digests=digests,
        )
        for claim in claims
    }
    del loaded  # held until every row was prepared
    return steps


def _digests_together(
    session: Session,
    claims: list[Claim],
    *,
    now: datetime,
    operating_system: OperatingSystemSource | None,
) -> dict[int, Digest]:
    rows = [
        row
        for claim in claims
        if claim.purpose == MessagePurpose.DIGEST
        and (row := session.get(OutboxMessage, claim.id)) is not None
    ]
    if len(rows) < 2 or operating_system is None:
        return {}  # one digest is built as it is composed
    return digests_for_outbox(session, operating_system(), rows, now=now)


def record_sent_all(
    session: Session, sent: list[tuple[Claim, SentRef]], *, owner: str, now: datetime
) -> set[int]:
    """Record where Slack put each message of a batch, in one statement, and a digest's run
    with its message; returns the ids recorded (the others' leases were lost: the dispatcher
    that took them over records them instead)."""
    recorded = outbox_dispatch.mark_sent_many(
        session, [(claim.id, ref.channel, ref.ts) for claim, ref in sent], owner=owner, now=now
    )
    for claim, _ in sent:
        if claim.id in recorded and claim.purpose == MessagePurpose.DIGEST:
            row = session.get(OutboxMessage, claim.id)
            if row is not None:
                record_digest_sent(session, row=row, now=now)
    return recorded


def record_digest_sent(session: Session, *, row: OutboxMessage, now: datetime) -> None:
    """Mark the digest run of a sent ``digest`` message as sent (a no-op for other messages)."""
    if row.digest_run_id is not None:
        mark_digest_sent(session, digest_run_id=row.digest_run_id, now=now)


def claim_digest_run(session: Session, *, leader_email: str, week_start: date) -> int | None:
    """The new run of the leader's digest for the week; None when it is already queued or sent."""
    leader = people_rows.by_email(session, leader_email)
    if leader is None:
        raise LookupError(f"{leader_email} is not in the database: sync the roster first")
    return digest_runs.claim(session, leader_id=leader.id, week_start=week_start)


def queue_digest_run(
    session: Session, *, leader_id: int, digest_run_id: int, week_start: date, at: datetime
) -> None:
    """Queue a claimed run's digest for ``at``, as the digest tick does (the same dedupe key)."""
    outbox.enqueue(
        session,
        dedupe_key=f"digest:{digest_run_id}",
        purpose=MessagePurpose.DIGEST,
        key=MessagePurpose.DIGEST.value,
        recipient_id=leader_id,
        send_after=at,
        digest_run_id=digest_run_id,
        payload={"week_start": week_start.isoformat()},
    )


def mark_digest_sent(session: Session, *, digest_run_id: int, now: datetime) -> None:
    digest_runs.mark_sent(session, digest_run_id, now=now)


def _read_once(source: OperatingSystemSource | None) -> OperatingSystemSource | None:
    """``source`` asked at most once for a batch: every message's working hours read it, and a
    config that cannot be read would otherwise be read again for each of them."""
    if source is None:
        return None
    answer: list[OperatingSystem | Exception] = []

    def read() -> OperatingSystem:
        if not answer:
            try:
                answer.append(source())
            except Exception as error:
                answer.append(error)
        if isinstance(answer[0], Exception):
            raise answer[0]
        return answer[0]

    return read


def _within_hours(
    session: Session,
    row: OutboxMessage,
    operating_system: OperatingSystemSource | None,
    *,
    due_at: datetime | None,
    now: datetime,
) -> Verdict:
    """Whatever queued the row and however late it comes due: never outside the recipient's
    hours. The recipient is the row ``compose`` reads next (no second query)."""
    recipient = outbox_dispatch.person(session, row.recipient_id)
    if recipient is None:
        return Send()  # compose reports the missing recipient
    try:
        configured = operating_system() if operating_system is not None else None
    except Exception:
        configured = None  # a config that cannot be read: the default hours still apply
    calendar = calendar_for(configured, recipient)
    return hours_verdict(
        MessagePurpose(row.purpose), person_calendar=calendar, due_at=due_at, now=now
    )


def _nudged_before_due(session: Session, occurrence_id: int, *, due_at: datetime) -> bool:
    first = outbox.first_nudge_sent(session, [occurrence_id]).get(occurrence_id)
    return first is not None and first < due_at
