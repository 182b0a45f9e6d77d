"""The planner: materialise the coming weeks' occurrences and their nudges, idempotently.

Run by every replica on a tick. The natural key of an occurrence and the dedupe key of a
message are unique, so a second run — or a concurrent one in another process — adds nothing.
Config and roster changes take effect here (rules in ``bot.domain.replanning``):
- stored occurrences keep their window, and final ones are never touched;
- a not-final occurrence the plan now excuses, or no longer expects (``left the roster``,
  ``cadence removed``, ``reassigned``, ``schedule changed``), becomes excused with that reason
  and its pending nudges are cancelled;
- pending nudges the plan no longer wants are cancelled; escalation dedupe keys name the
  recipient, so after a manager change the old manager's escalation is cancelled
  (``manager changed``) and the new manager's is enqueued;
- pending nudges to people who left the roster are cancelled.

Nothing is due before the rhythm started (``bot.domain.rhythm_start``): the organisation's
go-live, the person's joining, the cadence's being added.

Set-based: the plan is computed in memory, compared with plain rows of what is stored, and
written with one executemany per kind of change. While the digest of the plan's inputs equals
the last full plan's (``PlanMark``), everything stored already agrees with the plan, and a tick
only plans the occurrences that open in the newly reached part of the horizon.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain.messages import CancelReason
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.operating_system import OperatingSystem
from bot.domain.plan_inputs import plan_inputs_digest
from bot.domain.planning import PlannedOccurrence
from bot.domain.rhythm_start import RhythmStart
from bot.domain.schedule import occurrences_between
from bot.persistence.models import PlanMark
from bot.persistence.repositories import nudges, plan_marks
from bot.persistence.repositories import occurrences as occurrence_rows
from bot.persistence.repositories import people as people_rows
from bot.persistence.repositories.go_live import go_live
from bot.persistence.repositories.locks import hold_lifecycle_lock
from bot.persistence.repositories.occurrences import NaturalKey, NewOccurrence, StoredWindow
from bot.services.effective_os import effective_operating_system
from bot.services.replan import PlanReport, Replan

__all__ = ["DEFAULT_HORIZON", "PlanReport", "plan"]

DEFAULT_HORIZON = timedelta(days=14)
# A zone synced from Slack can shift a stored window by up to a day; comparing stored rows with
# a wider plan keeps such an occurrence from looking unplanned.
_MARGIN = timedelta(days=2)


def plan(
    session: Session,
    operating_system: OperatingSystem,
    *,
    now: datetime,
    horizon: timedelta = DEFAULT_HORIZON,
) -> PlanReport:
    """Occurrences overlapping [now, now + horizon) and their nudges; ``scheduled → open``.

    Plans with the zones and time off the database holds (see ``effective_operating_system``);
    people and cadences not synced yet are skipped and named in the report.
    """
    hold_lifecycle_lock(session)
    people = people_rows.records(session)
    operating_system = effective_operating_system(session, operating_system, people)
    cadence_ids = occurrence_rows.active_ids(session)
    digest = plan_inputs_digest(
        operating_system,
        people=[(p.id, p.email, p.active) for p in people],
        cadence_ids=cadence_ids,
        horizon=horizon,
    )
    planning = _Planning(
        session, operating_system, now=now, horizon_end=now + horizon, people=people
    )
    planning.cadence_ids = cadence_ids
    planning.rhythm_start = _rhythm_start(session, operating_system, now=now)
    mark = plan_marks.get(session)
    if _still_current(mark, digest=digest, now=now):
        assert mark is not None
        planning.new_days(opening_from=mark.planned_until)
        planned_until = max(mark.planned_until, now + horizon)
    else:
        planning.in_full()
        planned_until = now + horizon
    report = planning.report
    report.opened += occurrence_rows.open_scheduled(session, now=now)
    if report.not_synced:
        plan_marks.forget(session)
    else:
        plan_marks.save(session, inputs_digest=digest, planned_at=now, planned_until=planned_until)
    # The rows changed behind the ORM's back; objects the caller holds are read again.
    session.expire_all()
    return report


def _still_current(mark: PlanMark | None, *, digest: str, now: datetime) -> bool:
    """Whether the last full plan's rows still stand: same inputs, and ``now`` within what it
    planned (not before it, not past its horizon)."""
    return (
        mark is not None
        and mark.inputs_digest == digest
        and mark.planned_at <= now <= mark.planned_until
    )


def _rhythm_start(
    session: Session, operating_system: OperatingSystem, *, now: datetime
) -> RhythmStart:
    """Go-live (recorded by the first plan), who joined when, and when each cadence came."""
    return RhythmStart(
        went_live_at=go_live(session, now=now),
        starts_on=operating_system.organization.starts_on,
        joined_at=people_rows.joined_since_go_live(session),
        cadence_added_at=occurrence_rows.cadences_added_at(session),
    )


class _Planning:
    def __init__(
        self,
        session: Session,
        operating_system: OperatingSystem,
        *,
        now: datetime,
        horizon_end: datetime,
        people: list[people_rows.PersonRecord],
    ) -> None:
        self._session, self._now, self._end = session, now, horizon_end
        self._operating_system = operating_system
        self._people = people
        self._active = {p.email: p.id for p in people if p.active}
        self.cadence_ids: set[str] = set()
        self.rhythm_start = RhythmStart(went_live_at=now)
        self.report = PlanReport()

    def in_full(self) -> None:
        start, end = self._now - _MARGIN, self._end + _MARGIN
        planned = self._by_key(
            occurrences_between(
                self._operating_system, start=start, end=end, rhythm=self.rhythm_start
            )
        )
        stored = occurrence_rows.overlapping(self._session, start=start, end=end)
        inserted = self._materialise(
            [(key, occ) for key, occ in planned.items() if key not in stored]
        )
        stored.update(inserted)
        replan = self._replan()
        replan.load_nudges(nudges.of_occurrences_overlapping(self._session, start=start, end=end))
        for key, row in stored.items():
            if row.opens_at < self._end and row.closes_at > self._now and not row.status.is_final:
                replan.reconcile(row, planned.get(key), first_planned=key in inserted)
        replan.apply(self._session)
        if any(not p.active for p in self._people):  # nobody left: nobody to cancel for
            self.report.messages_cancelled += nudges.cancel_to_inactive_recipients(
                self._session, reason=CancelReason.RECIPIENT_LEFT
            )

    def new_days(self, *, opening_from: datetime) -> None:
        """Only what opens in [opening_from, horizon end): the rest is stored and current."""
        if opening_from >= self._end:
            return
        planned = self._by_key(
            occurrences_between(
                self._operating_system,
                start=self._now,
                end=self._end,
                opening_from=opening_from,
                # Nothing is due before the rhythm started for its people and cadence.
                rhythm=self.rhythm_start,
            )
        )
        inserted = self._materialise(list(planned.items()))
        replan = self._replan()
        for key, row in inserted.items():
            if not row.status.is_final:
                replan.reconcile(row, planned[key], first_planned=True)
        replan.apply(self._session)

    def _replan(self) -> Replan:
        return Replan(
            self._operating_system, now=self._now, report=self.report, people=self._people
        )

    def _by_key(
        self, occurrences: Iterable[PlannedOccurrence]
    ) -> dict[NaturalKey, PlannedOccurrence]:
        people, report = self._active, self.report
        planned: dict[NaturalKey, PlannedOccurrence] = {}
        for occ in occurrences:
            subject_id = people.get(occ.subject.lower())
            counterpart_id = people.get(occ.counterpart.lower()) if occ.counterpart else None
            unsynced = [] if subject_id is not None else [occ.subject]
            if occ.counterpart and counterpart_id is None:
                unsynced.append(occ.counterpart)
            if occ.cadence_id not in self.cadence_ids:
                unsynced.append(occ.cadence_id)
            if unsynced or subject_id is None:
                report.not_synced.update(unsynced)
                continue
            key = occurrence_rows.natural_key(
                cadence_id=occ.cadence_id,
                subject_id=subject_id,
                counterpart_id=counterpart_id,
                period_start=occ.period_start,
            )
            planned[key] = occ
        return planned

    def _materialise(
        self, missing: list[tuple[NaturalKey, PlannedOccurrence]]
    ) -> dict[NaturalKey, StoredWindow]:
        """Insert the planned occurrences not stored yet that overlap the horizon."""
        new = [
            NewOccurrence(
                key=key,
                window=(occ.opens_at, occ.due_at, occ.closes_at),
                tz=occ.tz,
                status=self._first_status(occ),
                excused_reason=occ.excused_reason,
            )
            for key, occ in missing
            if occ.opens_at < self._end and occ.closes_at > self._now
        ]
        ids = occurrence_rows.insert_many_if_absent(self._session, new, now=self._now)
        inserted = {
            row.key: StoredWindow(ids[row.key], row.key, *row.window, row.status)
            for row in new
            if row.key in ids
        }
        self.report.occurrences_added += len(inserted)
        self.report.excused += sum(r.status is OccurrenceStatus.EXCUSED for r in inserted.values())
        self.report.opened += sum(r.status is OccurrenceStatus.OPEN for r in inserted.values())
        return inserted

    def _first_status(self, occ: PlannedOccurrence) -> OccurrenceStatus:
        """Stored open when its window has already opened, as ``open_scheduled`` would make it:
        one write instead of an insert and an update."""
        if occ.excused:
            return OccurrenceStatus.EXCUSED
        return OccurrenceStatus.OPEN if occ.opens_at <= self._now else OccurrenceStatus.SCHEDULED
