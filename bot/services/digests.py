"""The weekly leader digest and the managers' weekly summaries: compose them, and queue them.

``schedule_digests`` is the digest tick. It only writes rows: a ``DigestRun`` per leader and
week (unique, so no leader gets the same digest twice however many processes tick) and an
outbox message for it; the dispatcher composes the content right before sending (see
``delivery.compose``), so a digest shows the data as it is then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain.cadence import Audience
from bot.domain.digest import Digest, digest_of
from bot.domain.digest_basis import DigestBasis
from bot.domain.digest_windows import DigestWindows
from bot.domain.manager_summary import ManagerSummary, compose_manager_summary
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedDigest
from bot.domain.roster import Role
from bot.domain.schedule import digests_between
from bot.persistence.models import Person
from bot.persistence.repositories import digest_runs
from bot.persistence.repositories import people as people_rows
from bot.persistence.repositories.outbox import enqueue
from bot.services import cycle_collection
from bot.services.coaching_loop import ByManager, build_coaching_loop, read_coaching_history
from bot.services.coaching_months import lines_for
from bot.services.digest_inputs import read_inputs
from bot.services.errors import NotAllowed
from bot.services.review import queue_reviews

NOT_YOUR_MANAGER = (
    "Sorry, that manager's detail is only for the leaders they report to, directly or higher up."
)

# A digest the bot was down for is still sent within a day; an older one has lost its point.
LOOKBACK = timedelta(days=1)
# ``digests_between`` is end-exclusive; a digest due exactly now is due.
INSTANT = timedelta(microseconds=1)


def build_digest(
    session: Session,
    operating_system: OperatingSystem,
    *,
    leader_email: str,
    week_start: date,
    now: datetime,
) -> Digest:
    """The digest of ``leader_email``'s subtree for the week before ``week_start`` (a Monday)."""
    return build_digests(
        session, operating_system, leader_emails=[leader_email], week_start=week_start, now=now
    )[leader_email]


def build_digests(
    session: Session,
    operating_system: OperatingSystem,
    *,
    leader_emails: Sequence[str],
    week_start: date,
    now: datetime,
) -> dict[str, Digest]:
    """The digests of several leaders for one week (the Monday run), by the emails given: the
    history of all their subtrees is read once, and each manager's row is computed once and
    shared by every leader above them. Each digest is the one ``build_digest`` gives alone."""
    with cycle_collection.paused():
        return _build_digests(
            session, operating_system, leader_emails=leader_emails, week_start=week_start, now=now
        )


def _build_digests(
    session: Session,
    operating_system: OperatingSystem,
    *,
    leader_emails: Sequence[str],
    week_start: date,
    now: datetime,
) -> dict[str, Digest]:
    windows = DigestWindows(week_start)
    lines = lines_for(session, operating_system.roster, windows.coaching_period, now=now)
    inputs = read_inputs(
        session,
        operating_system.roster,
        people=leader_emails,
        windows=windows,
        configured=operating_system.targets,
        lines=lines,
    )
    basis = DigestBasis(
        roster=operating_system.roster,
        week_start=week_start,
        tally=inputs.tally,
        forecasts=inputs.forecasts,
        actuals=inputs.actuals,
        adjustments=inputs.adjustments,
        logged=inputs.logged,
        ratings=inputs.ratings,
        threshold=operating_system.organization.anonymity_threshold,
        now=now,
        titles={c.id: c.display_name for c in operating_system.cadences},
        currency=operating_system.organization.currency,
        targets=inputs.targets,
        lines=lines,
    )
    coaching = read_coaching_history(session, managers=inputs.managers, windows=windows)
    results = ByManager.of(basis.results, lambda r: r.manager)
    digests = {}
    for leader in leader_emails:
        digest = digest_of(basis, leader)
        digests[leader] = replace(
            digest,
            coaching=build_coaching_loop(
                operating_system, digest=digest, results=results, history=coaching
            ),
        )
    return digests


def digest_for_detail(
    session: Session,
    operating_system: OperatingSystem,
    *,
    leader_email: str,
    manager_email: str,
    week_start: date,
    now: datetime,
) -> Digest:
    """The leader's digest, rebuilt to show one manager's detail; ``NotAllowed`` unless the
    reader leads a subtree that contains that manager (a clicked button is not a permission)."""
    roster = operating_system.roster
    team = (
        {p.email.lower() for p in roster.subtree(leader_email)} if leader_email in roster else set()
    )
    if Role.LEADER not in roster.roles(leader_email) or manager_email.lower() not in team:
        raise NotAllowed(NOT_YOUR_MANAGER)
    try:
        digest = build_digest(
            session, operating_system, leader_email=leader_email, week_start=week_start, now=now
        )
        digest.manager(manager_email)
    except (KeyError, ValueError):
        # Not a manager row of that digest, or a week that is not a digest's week.
        raise NotAllowed(NOT_YOUR_MANAGER) from None
    return digest


def digest_for_leader(
    session: Session,
    operating_system: OperatingSystem,
    *,
    leader_email: str,
    week_start: date,
    now: datetime,
) -> Digest:
    """The reader's own digest of a week, to list all its managers; ``NotAllowed`` unless the
    reader is a leader (a clicked button is not a permission)."""
    if Role.LEADER not in operating_system.roster.roles(leader_email):
        raise NotAllowed(NOT_YOUR_MANAGER)
    try:
        return build_digest(
            session, operating_system, leader_email=leader_email, week_start=week_start, now=now
        )
    except ValueError:
        # Not a digest's week (a Monday).
        raise NotAllowed(NOT_YOUR_MANAGER) from None


def build_manager_summary(
    session: Session,
    operating_system: OperatingSystem,
    *,
    manager_email: str,
    week_start: date,
    now: datetime,
) -> ManagerSummary:
    windows = DigestWindows(week_start)
    lines = lines_for(session, operating_system.roster, windows.coaching_period, now=now)
    inputs = read_inputs(
        session, operating_system.roster, people=[manager_email], windows=windows, lines=lines
    )
    return compose_manager_summary(
        roster=operating_system.roster,
        manager=manager_email,
        week_start=week_start,
        outcomes=inputs.tally,
        forecasts=inputs.forecasts,
        actuals=inputs.actuals,
        logged=inputs.logged,
        ratings=inputs.ratings,
        threshold=operating_system.organization.anonymity_threshold,
        now=now,
        titles={c.id: c.display_name for c in operating_system.cadences},
        currency=operating_system.organization.currency,
        lines=lines,
    )


def schedule_digests(session: Session, operating_system: OperatingSystem, *, now: datetime) -> int:
    """Queue every digest, manager summary and quarterly review due by ``now``; returns how many
    were queued."""
    people = people_rows.active_by_email(session)
    start, end = now - LOOKBACK, now + INSTANT
    queued = 0
    due = list(digests_between(operating_system, start=start, end=end))
    for planned in due:
        leader = people.get(planned.leader.lower())
        if leader is None:
            continue
        run_id = digest_runs.claim(session, leader_id=leader.id, week_start=planned.week_start)
        if run_id is not None:
            queued += _enqueue(
                session, f"digest:{run_id}", to=leader, planned=planned, run_id=run_id
            )
    summaries = {
        f"summary:{manager.id}:{planned.week_start.isoformat()}": (manager, planned)
        for planned in digests_between(_to_managers(operating_system), start=start, end=end)
        if (manager := people.get(planned.leader.lower())) is not None
    }
    for key in summaries.keys() - digest_runs.already_queued(session, summaries.keys()):
        manager, planned = summaries[key]
        queued += _enqueue(session, key, to=manager, planned=planned, run_id=None)
    return queued + queue_reviews(session, due, people=people)


def _enqueue(
    session: Session, dedupe_key: str, *, to: Person, planned: PlannedDigest, run_id: int | None
) -> bool:
    """A digest when it has a run, else a manager summary; False when it was already queued."""
    purpose = MessagePurpose.MANAGER_SUMMARY if run_id is None else MessagePurpose.DIGEST
    # ON CONFLICT DO NOTHING inside: a concurrent tick that got here first wins quietly.
    return enqueue(
        session,
        dedupe_key=dedupe_key,
        purpose=purpose,
        key=purpose.value,
        recipient_id=to.id,
        send_after=planned.at,
        digest_run_id=run_id,
        payload={"week_start": planned.week_start.isoformat()},
    )


def _to_managers(operating_system: OperatingSystem) -> OperatingSystem:
    # Summaries go out with the digest, at the same local time, on each manager's own calendar.
    if operating_system.digest is None:
        return operating_system
    return replace(operating_system, digest=replace(operating_system.digest, to=Audience.MANAGERS))
