"""CRM connectors that read won revenue ("actuals") per opportunity owner."""

from bot.services.crm.base import (
    ActualsSource,
    CrmAuthError,
    CrmError,
    SkippedRecord,
    WonAmount,
    sum_by_owner,
)
from bot.services.crm.http import RetryingClient
from bot.services.crm.hubspot import HubSpotActuals
from bot.services.crm.salesforce import SalesforceActuals

__all__ = [
    "ActualsSource",
    "CrmAuthError",
    "CrmError",
    "HubSpotActuals",
    "RetryingClient",
    "SalesforceActuals",
    "SkippedRecord",
    "WonAmount",
    "sum_by_owner",
]
