"""The one roster: every command that needs people syncs the config into the database first.

The config is the truth about who is on the team; with ``SLACK_BOT_TOKEN`` set, the same sync
``serve`` runs also resolves each email to a Slack account and zone. Without a token people are
synced without Slack ids, which is enough for everything but sending.
"""

from __future__ import annotations

import sys
from datetime import datetime

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.bootstrap import slack_client
from bot.domain.operating_system import OperatingSystem
from bot.persistence.database import UnitOfWork
from bot.services.roster_sync import RosterSyncReport, sync_roster
from bot.settings import Settings
from bot.slack.directory import SlackDirectory

NO_TOKEN = "SLACK_BOT_TOKEN is not set: syncing without Slack ids and time zones."


def sync_from_config(
    sessions: sessionmaker[Session],
    operating_system: OperatingSystem,
    *,
    settings: Settings,
    now: datetime,
    for_slack: bool = True,
) -> RosterSyncReport:
    """Sync people, time off and cadences from the config (and Slack, given a token); commit.

    ``for_slack``: the command sends or resolves people in Slack, so a missing token is said
    and Slack refusing ``users.list`` raises ``SlackApiError``. Otherwise Slack facts are a
    bonus: without them the roster is synced from the config alone.
    """
    directory = SlackDirectory(slack_client(settings)) if settings.slack_bot_token else None
    if directory is None and for_slack:
        print(NO_TOKEN, file=sys.stderr)
    try:
        with UnitOfWork(sessions) as uow:
            return sync_roster(uow.session, operating_system, directory=directory, now=now)
    except SlackApiError as error:
        if for_slack:
            raise
        print(
            f"Slack refused users.list ({error.response.get('error')}): "
            "syncing the roster from the config alone.",
            file=sys.stderr,
        )
    with UnitOfWork(sessions) as uow:
        return sync_roster(uow.session, operating_system, directory=None, now=now)
