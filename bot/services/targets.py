"""Targets (quota per manager team and period): the ones in force, and importing them.

A report reads the targets in force with ``targets_in_force``: the config's, each replaced by an
imported one for the same manager and period.

The CSV file has the actuals file's columns and rules (``manager_email, period, amount``; see
``actuals_import``), and a stricter one: a file with any problem imports nothing, and every bad
line is named. A half-imported set of quotas would make attainment quietly wrong. Importing is an
upsert on (manager, period), so importing a file twice is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.domain.actuals import Period, manager_of_record, team_manager
from bot.domain.targets import Target, merged_targets
from bot.persistence.models import SalesTarget, TargetSource
from bot.persistence.repositories import actuals, people
from bot.persistence.repositories import targets as stored_targets
from bot.persistence.repositories.people import stored_roster
from bot.services.actuals_import import ParsedActuals
from bot.services.actuals_store import ImportProblem, ImportReport
from bot.services.crm.quotas import QuotaSource


def targets_in_force(
    session: Session,
    configured: Iterable[Target],
    *,
    people: Mapping[int, str],
    first_day: date,
    last_day: date,
) -> list[Target]:
    """The targets of these managers for periods overlapping ``[first_day, last_day]``."""
    keys = {email.lower() for email in people.values()}
    mine = [
        t
        for t in configured
        if t.manager.lower() in keys and t.period.end >= first_day and t.period.start <= last_day
    ]
    imported = stored_targets.targets(
        session, people=people, first_day=first_day, last_day=last_day
    )
    return merged_targets(configured=mine, imported=imported)


# The quota of each manager's team, keyed by (manager's person id, period).
ManagerTargets = dict[tuple[int, Period], Decimal]


class TargetsRejected(Exception):
    """The data has problems: nothing was imported."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s), nothing imported")
        self.problems = tuple(problems)


def import_targets(
    session: Session, parsed: ParsedActuals, *, source: TargetSource, now: datetime
) -> ImportReport:
    """Upsert the file's targets; ``TargetsRejected`` (nothing written) if any row is bad."""
    roster = stored_roster(session)
    ids = {email: person.id for email, person in people.all_by_email(session).items()}
    amounts: ManagerTargets = {}
    problems = list(parsed.problems)
    for row in parsed.rows:
        try:
            manager = manager_of_record(roster, row.manager_email)
        except ValueError as error:
            problems.append(ImportProblem(row.line, str(error)))
        else:
            amounts[ids[manager], row.period] = row.amount
    problems.sort(key=lambda problem: problem.line or 0)
    return store_targets(session, amounts, source=source, now=now, problems=problems)


def import_quotas_from_crm(
    session: Session, connector: QuotaSource, *, period: Period, now: datetime
) -> ImportReport:
    """The CRM's quotas for ``period``, credited to the owner's team (a rep's quota counts for
    their manager, as their won deals do); any quota the roster cannot place rejects them all."""
    roster = stored_roster(session)
    ids = {email: person.id for email, person in people.all_by_email(session).items()}
    amounts: ManagerTargets = {}
    quotas = connector.fetch_quotas(period)
    problems = [
        ImportProblem(None, f"quota {record.external_id} not counted: {record.reason}")
        for record in connector.skipped
    ]
    for quota in quotas:
        try:
            manager = team_manager(roster, quota.owner_email)
        except ValueError as error:
            problems.append(ImportProblem(None, f"quota {quota.external_id}: {error}"))
            continue
        key = (ids[manager], period)
        amounts[key] = amounts.get(key, Decimal(0)) + quota.amount
    return store_targets(
        session, amounts, source=TargetSource.SALESFORCE, now=now, problems=problems
    )


def store_targets(
    session: Session,
    amounts: ManagerTargets,
    *,
    source: TargetSource,
    now: datetime,
    problems: Sequence[ImportProblem] = (),
) -> ImportReport:
    """Upsert ``amounts``; ``TargetsRejected`` before writing anything if there are problems."""
    if problems:
        raise TargetsRejected(problems)
    stored = actuals.existing(session, SalesTarget, {(m, p.start, p.end) for m, p in amounts})
    inserted = updated = 0
    for (manager_id, period), amount in amounts.items():
        row = stored.get((manager_id, period.start, period.end))
        if row is None:
            session.add(
                SalesTarget(
                    manager_id=manager_id,
                    period=period.label,
                    period_start=period.start,
                    period_end=period.end,
                    amount=amount,
                    source=source,
                    imported_at=now,
                )
            )
            inserted += 1
        elif (row.amount, row.source, row.period) != (amount, source, period.label):
            row.amount, row.source, row.period, row.imported_at = amount, source, period.label, now
            updated += 1
    session.flush()
    return ImportReport(inserted, updated, len(amounts) - inserted - updated)
