"""A fake Slack Web API on localhost: the only Slack the tests talk to."""

from tests.fake_slack.server import DEFAULT_APP_TOKEN, DEFAULT_TOKEN, FakeSlack, ScriptedFailure
from tests.fake_slack.state import (
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
    "FakeSlack",
    "Message",
    "RecordedCall",
    "ScriptedFailure",
    "UploadedFile",
    "WorkspaceState",
]
