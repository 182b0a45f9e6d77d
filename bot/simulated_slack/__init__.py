"""A simulated Slack workspace: the Web API on localhost, signed requests from Slack, its limits.

The test suite and `cadence-bot demo` both talk to this one implementation, so a payload real
Slack would refuse fails both.
"""

from bot.simulated_slack.server import (
    DEFAULT_APP_TOKEN,
    DEFAULT_TOKEN,
    ScriptedFailure,
    SimulatedSlack,
)
from bot.simulated_slack.state import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    TEAM_ID,
    Message,
    RecordedCall,
    UploadedFile,
    WorkspaceState,
)

__all__ = [
    "APP_ID",
    "BOT_ID",
    "BOT_USER_ID",
    "DEFAULT_APP_TOKEN",
    "DEFAULT_TOKEN",
    "TEAM_ID",
    "Message",
    "RecordedCall",
    "ScriptedFailure",
    "SimulatedSlack",
    "UploadedFile",
    "WorkspaceState",
]
