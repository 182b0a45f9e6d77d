"""How ``cadence-bot`` ends: an exit code per kind of fault, and one line naming fault and fix.

1 is the person's mistake (arguments, the config, a CSV, someone who leads nobody, an unknown
revision): fix what was typed. 2 is the environment (the database, Slack, a CRM, a setting):
fix the setup. 3 is Cadence's own bug. Without ``--debug`` none of them prints a traceback.
"""

from __future__ import annotations

from enum import IntEnum
from urllib.error import URLError

from alembic.util.exc import CommandError
from pydantic import ValidationError
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError

from bot.services.crm.base import CrmError
from bot.settings import Settings


class ExitCode(IntEnum):
    OK = 0
    USER_MISTAKE = 1
    ENVIRONMENT = 2
    BUG = 3


class UserMistake(Exception):
    """A command asked for something that cannot be: its message says what to type instead."""


class EnvironmentFault(Exception):
    """The setup stops a command: its message names what to fix."""


def file_fault(error: OSError) -> ExitCode:
    """A path the command names that is not there, or is a folder, is the command's mistake;
    a file that is there but cannot be read or written (permissions, a failing disk) is the
    machine's."""
    if isinstance(error, (FileNotFoundError, IsADirectoryError, NotADirectoryError)):
        return ExitCode.USER_MISTAKE
    return ExitCode.ENVIRONMENT


def file_remedy(error: OSError) -> str:
    """What to do about ``error`` on a file, in a few words."""
    if file_fault(error) is ExitCode.USER_MISTAKE:
        return "check the path"
    return "check that the file or folder exists and this user may read and write it"


def explain(error: BaseException, settings: Settings | None) -> tuple[ExitCode, str] | None:
    """The exit code and the one line for a fault the admin can fix, or None for a bug."""
    if isinstance(error, UserMistake):
        return ExitCode.USER_MISTAKE, str(error)
    if isinstance(error, EnvironmentFault):
        return ExitCode.ENVIRONMENT, str(error)
    if isinstance(error, ValidationError):
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors()
        )
        return (
            ExitCode.ENVIRONMENT,
            f"A setting is invalid ({problems}): fix it in the environment or .env.",
        )
    if isinstance(error, CommandError):
        return ExitCode.USER_MISTAKE, f"{error}: run `cadence-bot migrate` without --revision."
    if isinstance(error, (OperationalError, InterfaceError)):
        return ExitCode.ENVIRONMENT, _database_line(error, settings)
    if isinstance(error, SlackApiError):
        reason = error.response.get("error") if isinstance(error.response.data, dict) else None
        return ExitCode.ENVIRONMENT, (
            f"Slack refused the request ({reason or error.response.status_code}): check "
            "SLACK_BOT_TOKEN and the app's scopes (docs/slack-setup.md)."
        )
    if isinstance(error, (URLError, SlackClientError, BoltError, ConnectionError, TimeoutError)):
        where = settings.slack_api_base_url if settings else "Slack"
        return ExitCode.ENVIRONMENT, (
            f"Cannot reach Slack at {where} ({_reason(error)}): check the network and "
            "SLACK_API_BASE_URL, then try again."
        )
    if isinstance(error, CrmError):
        return ExitCode.ENVIRONMENT, str(error)
    if isinstance(error, OSError) and error.filename is not None:
        # A file a command reads or writes on its way (a chart, a people CSV).
        return file_fault(error), (
            f"{error.filename}: {error.strerror or error}: {file_remedy(error)}."
        )
    return None


def _database_line(error: BaseException, settings: Settings | None) -> str:
    shown = (
        make_url(settings.database_url).render_as_string(hide_password=True)
        if settings
        else "DATABASE_URL"
    )
    return (
        f"Cannot use the database at {shown} ({_reason(error)}): check DATABASE_URL and that "
        "the database server is running."
    )


def _reason(error: BaseException) -> str:
    cause = getattr(error, "orig", None) or getattr(error, "reason", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(error).__name__
