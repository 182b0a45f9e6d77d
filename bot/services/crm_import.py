"""Actuals from a CRM: the revenue won in a period, summed per owner, credited to their team.

Actuals are per manager team (``bot.domain.actuals.team_manager``): a deal owned by a manager
counts for that manager, a deal owned by a rep counts for the rep's manager. Owners the roster
cannot place, and records the connector had to leave out, are problems like a CSV file's bad
rows: nothing is imported unless the admin asks to skip them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr
from sqlalchemy.orm import Session

from bot.domain.actuals import Period, team_manager
from bot.persistence.models import ActualsSource
from bot.persistence.repositories import people
from bot.persistence.repositories.people import stored_roster
from bot.services import crm
from bot.services.actuals_store import ImportProblem, ImportReport, ManagerAmounts, store_actuals
from bot.settings import Settings

CRMS = (ActualsSource.SALESFORCE, ActualsSource.HUBSPOT)


def crm_connector(
    settings: Settings, source: ActualsSource, *, client: crm.RetryingClient
) -> crm.ActualsSource:
    """The connector for ``source``, configured from settings; ``CrmError`` names what is unset."""
    if source is ActualsSource.SALESFORCE:
        return crm.SalesforceActuals(
            client,
            instance_url=_setting("SALESFORCE_INSTANCE_URL", settings.salesforce_instance_url),
            access_token=_secret("SALESFORCE_ACCESS_TOKEN", settings.salesforce_access_token),
        )
    if source is ActualsSource.HUBSPOT:
        return crm.HubSpotActuals(
            client,
            access_token=_secret("HUBSPOT_ACCESS_TOKEN", settings.hubspot_access_token),
            won_stage_ids=settings.hubspot_won_stage_ids,
            time_zone=_zone(settings.hubspot_time_zone),
        )
    raise ValueError(f"{source} is not a CRM")


def _setting(name: str, value: str | None) -> str:
    if not value:
        raise crm.CrmError(f"{name} is not set: add it to the environment or the .env file")
    return value


def _secret(name: str, value: SecretStr | None) -> str:
    return _setting(name, value.get_secret_value() if value is not None else None)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise crm.CrmError(
            f"HUBSPOT_TIME_ZONE {name!r} is not a time zone name such as America/New_York"
        ) from None


def import_from_crm(
    session: Session,
    connector: crm.ActualsSource,
    *,
    source: ActualsSource,
    period: Period,
    now: datetime,
    skip_bad_rows: bool = False,
) -> ImportReport:
    """Fetch ``period``'s won revenue and upsert it per manager team (see module docstring)."""
    won = connector.fetch_won(period.start, period.end)
    problems = [
        ImportProblem(None, f"{source} record {record.external_id} not counted: {record.reason}")
        for record in connector.skipped
    ]
    roster = stored_roster(session)
    ids = {email: person.id for email, person in people.all_by_email(session).items()}
    amounts: ManagerAmounts = {}
    for owner, total in sorted(crm.sum_by_owner(won).items()):
        try:
            manager = team_manager(roster, owner)
        except ValueError as error:
            problems.append(ImportProblem(None, f"{error}: {total} won not counted"))
            continue
        key = (ids[manager], period)
        amounts[key] = amounts.get(key, Decimal(0)) + total
    return store_actuals(
        session,
        amounts,
        source=source,
        now=now,
        problems=problems,
        skip_bad_rows=skip_bad_rows,
    )
