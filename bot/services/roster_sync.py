"""Sync the config's roster, time off and cadences into the database, resolved against Slack.

The config is the truth about who is on the team and who reports to whom; Slack is the truth
about each person's account id and, unless the config pins one, their time zone. Nobody is ever
deleted: a person who leaves the config is marked inactive so their history stays attributable.
``Directory`` is the port to Slack's user directory: who has an account, under which email and
zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from bot.domain.operating_system import OperatingSystem
from bot.domain.roster import Person
from bot.persistence.models import Person as PersonRow
from bot.persistence.repositories import people as people_rows
from bot.persistence.repositories.locks import hold_lifecycle_lock
from bot.services.cadence_sync import CadenceChanges, sync_cadences
from bot.services.time_off_sync import sync_time_off


@dataclass
class RosterSyncReport:
    added: list[str] = field(default_factory=list)  # new, or back on the roster
    deactivated: list[str] = field(default_factory=list)
    not_in_slack: list[str] = field(default_factory=list)
    inactive_in_slack: list[str] = field(default_factory=list)  # deleted or deactivated account
    slack_timezones: dict[str, str] = field(default_factory=dict)  # email → zone Slack gave
    time_off_added: int = 0
    time_off_removed: int = 0
    cadences: CadenceChanges = field(default_factory=CadenceChanges)


def sync_roster(
    session: Session,
    operating_system: OperatingSystem,
    *,
    directory: Directory | None,
    now: datetime,
) -> RosterSyncReport:
    """Upsert people, time off and cadences; without a ``directory`` Slack facts stay as stored."""
    # Ask Slack first: its pages (and any rate-limit waits) must not hold the database lock.
    members = _members_by_email(directory) if directory is not None else None
    hold_lifecycle_lock(session)
    report = RosterSyncReport()
    rows = people_rows.all_by_email(session)
    new = [p for p in operating_system.roster if p.email.lower() not in rows]
    if new:
        # In a few statements, each after their manager: the unit of work would insert a
        # first roster of 20,000 and then update everyone's reporting line.
        people_rows.insert_new(
            session,
            [people_rows.NewPerson(p.email, p.name, p.timezone, p.reports_to) for p in new],
            now=now,
        )
        rows = people_rows.all_by_email(session)
    added = {p.email.lower() for p in new}
    holders = {row.slack_id: row for row in rows.values() if row.slack_id}
    for person in operating_system.roster:
        row = _onto_roster(rows, person, now=now, report=report, added=added)
        if members is not None:
            _resolve_in_slack(session, holders, row, members.get(row.email), report=report)
        zone = _zone(person, row, members)
        if row.timezone != zone:
            row.timezone = zone
        if not person.timezone_pinned and members is not None and row.timezone != person.timezone:
            report.slack_timezones[row.email] = row.timezone
    for person in operating_system.roster:
        manager = rows.get(person.reports_to.lower()) if person.reports_to else None
        row = rows[person.email.lower()]
        # Assigned only when it changed: a sync of 20,000 unchanged people must write nothing.
        if manager is None or manager.id is None or row.reports_to_id != manager.id:
            row.reports_to = manager
    for email, row in rows.items():
        if row.active and email not in operating_system.roster:
            row.active = False
            report.deactivated.append(email)
    session.flush()
    people_rows.mark_synced(session, now=now)
    report.time_off_added, report.time_off_removed = sync_time_off(session, operating_system, rows)
    report.cadences = sync_cadences(session, operating_system.cadences, now=now)
    session.flush()
    return report


def _members_by_email(directory: Directory) -> dict[str, SlackMember]:
    found: dict[str, SlackMember] = {}
    for member in directory.members():
        if member.is_bot or not member.email:
            continue
        email = member.email.lower()
        # An email can belong to a deleted account and to its live successor: the live one wins.
        if email not in found or found[email].deleted:
            found[email] = member
    return found


def _onto_roster(
    rows: dict[str, PersonRow],
    person: Person,
    *,
    now: datetime,
    report: RosterSyncReport,
    added: set[str],
) -> PersonRow:
    """``person``'s row, brought back onto the roster and renamed as needed; ``added`` are the
    emails just inserted (``people_rows.insert_new``)."""
    email = person.email.lower()
    row = rows[email]
    if email in added:
        report.added.append(email)
    elif not row.active:
        # Back on the roster: nothing is owed for the time they were away from it.
        row.joined_at = now
        report.added.append(email)
    if row.name != person.name:
        row.name = person.name
    if not row.active:
        row.active = True
    return row


def _resolve_in_slack(
    session: Session,
    holders: dict[str, PersonRow],
    row: PersonRow,
    member: SlackMember | None,
    *,
    report: RosterSyncReport,
) -> None:
    """Give ``row`` its member's Slack id; ``holders`` (rows by Slack id) is kept up to date."""
    if member is None:
        report.not_in_slack.append(row.email)
        return
    if member.deleted:
        report.inactive_in_slack.append(row.email)
    if row.slack_id == member.id:
        return
    # A Slack id is unique: a departed person's row (e.g. under an old email) lets go of it.
    other = holders.get(member.id)
    if other is not None:
        other.slack_id = None
        session.flush()
    if row.slack_id is not None:
        holders.pop(row.slack_id, None)
    row.slack_id = member.id
    holders[member.id] = row


def _zone(person: Person, row: PersonRow, members: dict[str, SlackMember] | None) -> str:
    """The config's zone if pinned; else Slack's; without Slack, the zone synced last time."""
    if person.timezone_pinned:
        return person.timezone
    if members is None:
        return row.timezone
    member = members.get(row.email)
    if member is not None and member.tz and _is_zone(member.tz):
        return member.tz
    return person.timezone


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class SlackMember:
    """One Slack account as ``users.list`` describes it; bots and guests may have no email."""

    id: str
    email: str | None
    tz: str | None
    deleted: bool = False
    is_bot: bool = False


class Directory(Protocol):
    def members(self) -> Iterable[SlackMember]:
        """Every account of the workspace, deleted ones included (sync reports them)."""
        ...
