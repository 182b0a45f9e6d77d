"""The outbox dispatcher: claim due messages, send them, record what Slack answered.

A claimed batch goes through three steps — decide and compose every row (one transaction),
talk to Slack (no transaction open; a few calls in flight, started earliest first, one
person's messages one after the other), record every outcome (one transaction) — so no
database lock is held while waiting on Slack, and a crash between any two steps leaves rows
whose lease simply expires: the dispatcher that takes them over looks each one up in Slack
before sending it, so a message sent but not yet recorded is recorded, not resent.
"""

from __future__ import annotations

import functools
import logging
import math
import random
import threading
import time
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import Future
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.domain.messages import MessagePurpose, backoff
from bot.observability.metrics import MESSAGES, RATE_LIMITED
from bot.persistence.database import UnitOfWork
from bot.persistence.repositories import outbox_dispatch
from bot.persistence.repositories.outbox_dispatch import Claim
from bot.services.delivery.budget import merge_over_budget
from bot.services.delivery.compose import REPORT_PURPOSES, OutgoingMessage, OutgoingReport
from bot.services.delivery.lanes import Lanes
from bot.services.delivery.ports import (
    DeliveryError,
    Notifier,
    PermanentDeliveryError,
    RateLimited,
    SentRef,
    TransientDeliveryError,
)
from bot.services.delivery.prepare import (
    OperatingSystemSource,
    Outcome,
    Prepared,
    prepare,
    prepare_all,
    record_sent_all,
)
from bot.services.delivery.throttle import Started, Throttle

log = logging.getLogger(__name__)

# Slack calls a dispatcher keeps in flight: Slack answers in 0.1-0.3 s, so one at a time would
# send only a few messages a second.
DEFAULT_IN_FLIGHT = 8

# Slack's clock and ours may disagree a little; look this far before the row was written.
CLOCK_SKEW = timedelta(minutes=5)


def _method_of(claim: Claim) -> str:
    """The Web API method a message is sent with, so what a 429 of that method pauses (a
    digest's chart upload, after its message, is retried like any failed attempt)."""
    return "chat.update" if claim.purpose == MessagePurpose.DONE_UPDATE else "chat.postMessage"


def equal_jitter(seconds: float) -> float:
    """Half the delay fixed, half random, so retries of a wave spread out instead of bunching."""
    return seconds / 2 + random.uniform(0, seconds / 2)


@dataclass
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    # Found already in Slack after a crash, and recorded instead of sent again.
    recovered: int = 0
    cancelled: int = 0
    waiting: int = 0
    retried: int = 0
    failed: int = 0
    throttled_seconds: float = 0.0

    def count(self, outcome: Outcome, *, purpose: str) -> None:
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)
        MESSAGES.labels(purpose=purpose, outcome=outcome.value).inc()

    def add(self, other: DispatchReport) -> None:
        for counter in fields(self):
            name = counter.name
            setattr(self, name, getattr(self, name) + getattr(other, name))


class Dispatcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        notifier: Notifier,
        *,
        owner: str,
        lease: timedelta = timedelta(minutes=2),
        batch_size: int = 20,
        max_attempts: int = 5,
        backoff_base: timedelta = timedelta(seconds=30),
        backoff_cap: timedelta = timedelta(minutes=30),
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[float], float] = equal_jitter,
        operating_system: OperatingSystemSource | None = None,
        throttle: Throttle | None = None,
        in_flight: int = DEFAULT_IN_FLIGHT,
    ) -> None:
        self._sessions = sessions
        self._operating_system = operating_system
        self._warned_no_budget = False
        self._notifier = notifier
        self.owner = owner
        self._lease = lease
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._backoff = (backoff_base, backoff_cap)
        self._sleep = sleep
        self._jitter = jitter
        self._throttle = throttle or Throttle()
        self._lanes = Lanes(in_flight)

    def run_once(self, now: datetime) -> DispatchReport:
        """Claim one batch of due messages and deliver them, earliest first; a person's nudges
        that would pass their daily DM budget are merged into one DM first.

        The batch is prepared in one transaction, sent with up to ``in_flight`` Slack calls at
        once (started earliest first; one recipient's messages one after the other, as a
        person sees them in their DM), and what Slack answered is recorded in one transaction
        once every call of the batch has its answer.
        """
        budget = self._daily_budget()
        # The merge and the claim share one transaction: one commit less a batch.
        with UnitOfWork(self._sessions) as uow:
            if budget is not None:
                # A budget means the config was read: its hours place the merged DM.
                configured = self._operating_system() if self._operating_system else None
                merge_over_budget(uow.session, budget=budget, now=now, operating_system=configured)
            claims = outbox_dispatch.claim_due(
                uow.session, owner=self.owner, now=now, lease=self._lease, limit=self._batch_size
            )
        report = DispatchReport(claimed=len(claims))
        if not claims:
            return report
        steps = self._prepare(claims, now)
        records = _Records()
        attempts: list[tuple[Claim, Future[_Attempt]]] = []
        for claim in claims:
            step = steps[claim.id]
            if isinstance(step, Outcome):
                report.count(step, purpose=claim.purpose)
                continue
            if isinstance(step, Exception):
                failed, _ = self._failed(claim, step, records, now)
                report.count(failed, purpose=claim.purpose)
                continue
            method = _method_of(claim)
            lane = step.message.recipient_slack_id or claim.id
            self._lanes.wait_for(lane)
            if self._throttle.paused(method) or self._pace(method):
                records.defer(claim.id)
                continue
            started = self._throttle.started(method)
            attempt = functools.partial(self._attempt, claim, step, records, now, started)
            attempts.append((claim, self._lanes.start(lane, attempt)))
        # Every call of the batch ends before anything is recorded or raised (a sender that
        # stops leaves nothing of its batch in flight).
        futures.wait([future for _, future in attempts])
        for claim, future in attempts:
            outcome, throttled = future.result()
            report.throttled_seconds += throttled
            if outcome is not None:
                report.count(outcome, purpose=claim.purpose)
        self._write(records, now)
        if records.deferred and len(records.deferred) == len(claims):
            self._wait_for_a_paused_method()
        return report

    def _pace(self, method: str) -> float:
        """Wait until Slack's window (as mirrored) has room for another call of ``method``;
        whether a call in flight meanwhile got a 429 that paused the method."""
        pause = self._throttle.pace(method)
        while pause == math.inf:
            # The calls in flight fill the window: the next answer makes room.
            self._lanes.wait_for_a_call_to_end(timeout=1.0)
            pause = self._throttle.pace(method)
        if pause:
            self._sleep(pause)
        return self._throttle.paused(method)

    def _attempt(
        self, claim: Claim, step: Prepared, records: _Records, now: datetime, started: Started
    ) -> _Attempt:
        """One message sent (on a lane's thread): what became of it, and the seconds Slack
        paused its method for; ``None`` when it goes back to the queue untried."""
        try:
            return self._deliver(claim, step, records, now, started), 0.0
        except RateLimited as limit:
            # Slack limits each method on its own: only this method pauses, until the
            # instant Slack announced. The row goes back untouched and keeps its place.
            RATE_LIMITED.inc()
            log.info("Slack rate limit: pausing %s for %.1fs", limit.method, limit.retry_after)
            records.defer(claim.id)
            return None, limit.retry_after
        except Exception as error:
            return self._failed(claim, error, records, now)

    def _failed(
        self, claim: Claim, error: Exception, records: _Records, now: datetime
    ) -> tuple[Outcome, float]:
        # A bug or a bad row must not block the queue: the row is retried like a transient
        # failure, then fails with the error shown by `cadence-bot status`.
        log.error(
            "Outbox %s: unexpected error", claim.id, exc_info=error, extra={"message_id": claim.id}
        )
        reason = f"unexpected {type(error).__name__}: {error}"
        return self._after_transient(claim, reason, records, now), 0.0

    def _prepare(
        self, claims: list[Claim], now: datetime
    ) -> dict[int, Prepared | Outcome | Exception]:
        """The batch's messages prepared in one transaction. A digest, summary or review takes
        seconds of reading to compose, so each gets a transaction of its own: none holds
        (SQLite's) write lock, taken by an earlier row's cancellation, that long. If the
        batch's transaction fails, each row is prepared in its own, so one bad row costs only
        its own preparation."""
        one_by_one = [claim for claim in claims if claim.purpose in REPORT_PURPOSES]
        together = [claim for claim in claims if claim.purpose not in REPORT_PURPOSES]
        steps: dict[int, Prepared | Outcome | Exception] = {}
        if together:
            try:
                with UnitOfWork(self._sessions) as uow:
                    steps.update(
                        prepare_all(
                            uow.session,
                            together,
                            owner=self.owner,
                            now=now,
                            operating_system=self._operating_system,
                        )
                    )
            except Exception:
                log.warning("Preparing a batch failed: its rows one by one", exc_info=True)
                one_by_one = claims
        for claim in one_by_one:
            try:
                with UnitOfWork(self._sessions) as uow:
                    steps[claim.id] = prepare(
                        uow.session,
                        claim,
                        owner=self.owner,
                        now=now,
                        operating_system=self._operating_system,
                    )
            except Exception as error:
                steps[claim.id] = error
        return steps

    def _write(self, records: _Records, now: datetime) -> None:
        """What became of the batch, in one transaction; every write still needs the lease."""
        if not (records.sent or records.finished or records.deferred):
            return
        with UnitOfWork(self._sessions) as uow:
            recorded = record_sent_all(uow.session, records.sent, owner=self.owner, now=now)
            lost = [claim.id for claim, _ in records.sent if claim.id not in recorded]
            for mark, claim, values in records.finished:
                if not mark(uow.session, claim.id, owner=self.owner, **values):
                    lost.append(claim.id)
            if records.deferred:
                outbox_dispatch.release(uow.session, records.deferred, owner=self.owner)
        for claim_id in lost:
            # Our lease expired and another dispatcher took the row over; it will look the
            # message up in Slack before sending, so nothing is doubled.
            log.warning(
                "Outbox %s: lease lost before recording", claim_id, extra={"message_id": claim_id}
            )

    def _wait_for_a_paused_method(self) -> None:
        """Everything claimed waits for a paused method: sleep until it resumes."""
        earliest = self._throttle.earliest_pause()
        if earliest is not None:
            method, seconds = earliest
            self._sleep(seconds)
            self._throttle.resume(method)

    def _daily_budget(self) -> int | None:
        """The config's daily DM budget; None (nudges go out one by one) without a config."""
        if self._operating_system is None:
            return None
        try:
            return self._operating_system().nudges.daily_budget
        except Exception:
            # The budget is a courtesy: a config that cannot be read must not stop delivery.
            if not self._warned_no_budget:
                log.warning("No daily DM budget: the config could not be read", exc_info=True)
                self._warned_no_budget = True
            return None

    def run_until_idle(self, clock: Callable[[], datetime]) -> DispatchReport:
        """Deliver batch after batch until nothing is due at ``clock()``."""
        total = DispatchReport()
        while True:
            report = self.run_once(clock())
            total.add(report)
            if report.claimed == 0:
                return total

    def _deliver(
        self, claim: Claim, step: Prepared, records: _Records, now: datetime, started: Started
    ) -> Outcome:
        method = _method_of(claim)
        try:
            message = step.message
            try:
                if isinstance(message, OutgoingReport):
                    ref, recovered = self._send_report(claim, message, created_at=step.created_at)
                else:
                    ref, recovered = self._send(claim, message, step)
            except RateLimited as limit:
                if limit.method == method:
                    self._throttle.refused(method, retry_after=limit.retry_after, started=started)
                else:
                    # A look-up or an upload refused: the paced call did not go, or was counted.
                    self._throttle.answered(method, started)
                    self._throttle.refused(limit.method, retry_after=limit.retry_after)
                raise
            except BaseException:
                self._throttle.answered(method, started)  # Slack may well have counted it
                raise
            self._throttle.answered(method, started)
        except TransientDeliveryError as error:
            return self._after_transient(claim, error.reason, records, now)
        except PermanentDeliveryError as error:
            log.warning(
                "Outbox %s failed for good: %s",
                claim.id,
                error.reason,
                extra={"message_id": claim.id, "purpose": claim.purpose},
            )
            records.finish(outbox_dispatch.mark_failed, claim, reason=error.reason, now=now)
            return Outcome.FAILED
        records.sent_one(claim, ref)
        outcome = Outcome.RECOVERED if recovered else Outcome.SENT
        log.info(
            "Outbox %s: %s %s",
            claim.id,
            claim.purpose,
            outcome.value,
            extra={"message_id": claim.id, "purpose": claim.purpose},
        )
        return outcome

    def _send(self, claim: Claim, message: OutgoingMessage, step: Prepared) -> tuple[SentRef, bool]:
        """Where the message now is in Slack, and whether it was already there."""
        if step.edits:
            # Editing is idempotent: a repeat after a crash just writes the same content.
            for ref in step.edits:
                self._notifier.update(ref, message)
            return step.edits[0], False
        found = self._sent_earlier(claim, message.recipient_slack_id, created_at=step.created_at)
        if found is not None:
            return found, True
        return self._notifier.send(message, outbox_id=claim.id), False

    def _send_report(
        self, claim: Claim, report: OutgoingReport, *, created_at: datetime
    ) -> tuple[SentRef, bool]:
        """A digest or summary: its message, then its chart, each exactly once.

        An attempt after the first looks for the message and completes what is missing. Once
        a fresh message is in Slack, any failure of the chart counts as a tried attempt (never
        a refunded one), so the retry looks the message up instead of posting it again.
        """
        found = self._sent_earlier(claim, report.recipient_slack_id, created_at=created_at)
        if found is not None:
            self._notifier.complete_report(found, report, look_first=True)
            return found, True
        ref = self._notifier.send_report(report, outbox_id=claim.id)
        try:
            self._notifier.complete_report(ref, report, look_first=False)
        except PermanentDeliveryError as error:
            # The message itself arrived; a chart Slack will never take does not undo that.
            log.warning(
                "Outbox %s: sent without its attachment: %s",
                claim.id,
                error.reason,
                extra={"message_id": claim.id},
            )
        except DeliveryError as error:
            raise TransientDeliveryError(f"sent, attachment pending: {error.reason}") from error
        return ref, False

    def _sent_earlier(
        self, claim: Claim, recipient_slack_id: str | None, *, created_at: datetime
    ) -> SentRef | None:
        """An earlier claim may have sent the message and died before recording: look first."""
        if claim.attempts <= 1 or not recipient_slack_id:
            return None
        return self._notifier.find_sent(
            recipient_slack_id, outbox_id=claim.id, since=created_at - CLOCK_SKEW
        )

    def _after_transient(
        self, claim: Claim, reason: str, records: _Records, now: datetime
    ) -> Outcome:
        if claim.attempts >= self._max_attempts:
            why = f"gave up after {claim.attempts} attempts: {reason}"
            log.warning("Outbox %s failed: %s", claim.id, why, extra={"message_id": claim.id})
            records.finish(outbox_dispatch.mark_failed, claim, reason=why, now=now)
            return Outcome.FAILED
        wait = backoff(claim.attempts, base=self._backoff[0], cap=self._backoff[1])
        later = now + timedelta(seconds=self._jitter(wait.total_seconds()))
        records.finish(outbox_dispatch.retry_later, claim, send_after=later, reason=reason)
        return Outcome.RETRIED


@dataclass
class _Records:
    """What a batch's sends came to, written together once the batch is through."""

    sent: list[tuple[Claim, SentRef]] = field(default_factory=list)
    # Failed or to retry: the repository function that ends the claim, and its values.
    finished: list[tuple[Callable[..., bool], Claim, dict[str, object]]] = field(
        default_factory=list
    )
    # Untried (their method is paused): back to the queue, the attempt refunded.
    deferred: list[int] = field(default_factory=list)

    _lock: threading.Lock = field(default_factory=threading.Lock)

    def sent_one(self, claim: Claim, ref: SentRef) -> None:
        with self._lock:
            self.sent.append((claim, ref))

    def finish(self, mark: Callable[..., bool], claim: Claim, **values: object) -> None:
        with self._lock:
            self.finished.append((mark, claim, values))

    def defer(self, claim_id: int) -> None:
        with self._lock:
            self.deferred.append(claim_id)


# What became of one message: its outcome (None: back to the queue untried) and the seconds
# Slack paused its method for.
_Attempt = tuple[Outcome | None, float]
