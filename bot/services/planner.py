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
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain.messages import CancelReason
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedOccurrence
from bot.domain.schedule import occurrences_between
from bot.persistence.repositories import nudges
from bot.persistence.repositories import occurrences as occurrence_rows
from bot.persistence.repositories import people as people_rows
from bot.persistence.repositories.locks import hold_lifecycle_lock
from bot.persistence.repositories.occurrences import NaturalKey
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
    operating_system = effective_operating_system(session, operating_system)
    report = PlanReport()
    start, end = now - _MARGIN, now + horizon + _MARGIN
    planned = _planned_by_key(session, operating_system, start=start, end=end, report=report)
    stored = occurrence_rows.overlapping(session, start=start, end=end)
    first_planned = _materialise(
        session,
        [(key, occ) for key, occ in planned.items() if key not in stored],
        now=now,
        horizon=horizon,
        report=report,
    )
    if first_planned:
        stored = occurrence_rows.overlapping(session, start=start, end=end)
    replan = Replan(session, operating_system, now=now, report=report)
    replan.load_nudges(start=start, end=end)
    for key, row in stored.items():
        if row.opens_at < now + horizon and row.closes_at > now and not row.status.is_final:
            replan.reconcile(row, planned.get(key), first_planned=row.id in first_planned)
    report.messages_cancelled += nudges.cancel_to_inactive_recipients(
        session, reason=CancelReason.RECIPIENT_LEFT
    )
    report.opened = occurrence_rows.open_scheduled(session, now=now)
    return report


def _planned_by_key(
    session: Session,
    operating_system: OperatingSystem,
    *,
    start: datetime,
    end: datetime,
    report: PlanReport,
) -> dict[NaturalKey, PlannedOccurrence]:
    people = people_rows.active_by_email(session)
    cadences = occurrence_rows.active_ids(session)
    planned: dict[NaturalKey, PlannedOccurrence] = {}
    for occ in occurrences_between(operating_system, start=start, end=end):
        people_named = [occ.subject, *([occ.counterpart] if occ.counterpart else [])]
        unsynced = [email for email in people_named if email.lower() not in people]
        if occ.cadence_id not in cadences:
            unsynced.append(occ.cadence_id)
        if unsynced:
            report.not_synced.update(unsynced)
            continue
        subject = people[occ.subject.lower()]
        counterpart = people[occ.counterpart.lower()] if occ.counterpart else None
        key = occurrence_rows.natural_key(
            cadence_id=occ.cadence_id,
            subject_id=subject.id,
            counterpart_id=counterpart.id if counterpart else None,
            period_start=occ.period_start,
        )
        planned[key] = occ
    return planned


def _materialise(
    session: Session,
    missing: list[tuple[NaturalKey, PlannedOccurrence]],
    *,
    now: datetime,
    horizon: timedelta,
    report: PlanReport,
) -> set[int]:
    """Insert the planned occurrences not stored yet that overlap the horizon; their ids."""
    inserted: set[int] = set()
    for key, occ in missing:
        if not (occ.opens_at < now + horizon and occ.closes_at > now):
            continue
        occurrence_id = occurrence_rows.insert_if_absent(
            session,
            key=key,
            window=(occ.opens_at, occ.due_at, occ.closes_at),
            tz=occ.tz,
            status=OccurrenceStatus.EXCUSED if occ.excused else OccurrenceStatus.SCHEDULED,
            excused_reason=occ.excused_reason,
        )
        if occurrence_id is not None:
            inserted.add(occurrence_id)
            report.occurrences_added += 1
            report.excused += occ.excused
    return inserted
