"""``cadence-bot digest``: a leader's weekly digest in the terminal, and its chart as a file.

Without ``--dry-run`` it is also sent to the leader now, straight through Slack, after claiming
the week's digest run: the digest tick then skips that leader and week, and a second run of
the command refuses, so nobody gets the same digest twice. Outside the leader's working hours
it is queued for the start of their next working period instead, for the running bot to send.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.bootstrap import slack_client
from bot.cli.digest_text import render_text
from bot.cli.exit_codes import ExitCode, UserMistake
from bot.cli.options import NOT_ON_ROSTER, add_config_argument, load_config, migrated_database
from bot.cli.roster import sync_from_config
from bot.domain.digest import Digest
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.recurrence import monday_of, to_local
from bot.persistence.database import UnitOfWork
from bot.persistence.repositories.people import by_email
from bot.reporting.chart import digest_chart
from bot.reporting.digest_json import digest_json
from bot.services.delivery.hours import send_at
from bot.services.delivery.prepare import claim_digest_run, mark_digest_sent, queue_digest_run
from bot.services.digests import build_digest
from bot.settings import Settings
from bot.slack.delivery.report_sender import send_digest


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "digest",
        help="print a leader's weekly digest and write its chart; send it unless --dry-run",
    )
    add_config_argument(parser)
    parser.add_argument("--leader", required=True, metavar="EMAIL", help="whose digest")
    parser.add_argument(
        "--week",
        type=iso_week,
        help="the week the digest is sent in, e.g. 2026-W48; it reports on the week before "
        "(default: this week, in the leader's zone)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print it only; send nothing")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: every figure with its numerator, denominator and window (see "
        "docs/digest-schema.md); prints only, sends nothing",
    )
    parser.add_argument(
        "--chart-out",
        type=Path,
        metavar="PATH",
        help="the chart PNG (default: ./cadence-digest-<week>.png)",
    )
    parser.set_defaults(handler=run)


def iso_week(text: str) -> date:
    """``2026-W48`` → the Monday of that ISO week."""
    year, _, week = text.strip().upper().partition("-W")
    try:
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO week — use e.g. 2026-W48"
        ) from None


def run(args: argparse.Namespace) -> int:
    operating_system = load_config(args)
    leader = operating_system.roster.get(args.leader)
    if leader is None:
        print(NOT_ON_ROSTER.format(email=args.leader), file=sys.stderr)
        return ExitCode.USER_MISTAKE
    if not operating_system.roster.reports(leader.email):
        raise UserMistake(
            f"{leader.email} leads nobody, so there is no digest for them: give the email of "
            "someone with people reporting to them."
        )
    now = datetime.now(UTC)
    week = args.week or monday_of(to_local(now, leader.timezone).date())
    settings = Settings()
    with migrated_database(settings) as sessions:
        # The leader's subtree is the config's, synced (with Slack ids, given a token) first.
        # Slack refusing users.list ends in main, which names the token to check.
        sync_from_config(
            sessions,
            operating_system,
            settings=settings,
            now=now,
            for_slack=not args.dry_run,
        )
        with UnitOfWork(sessions) as uow:
            digest = build_digest(
                uow.session, operating_system, leader_email=leader.email, week_start=week, now=now
            )
        if args.format == "json":
            print(json.dumps(digest_json(digest), indent=2, ensure_ascii=False))
            return 0
        chart = digest_chart(digest)
        print(render_text(digest))
        if chart is None:
            print("\nNo chart: nothing was due in the last 12 weeks.")
        else:
            path: Path = args.chart_out or Path(f"cadence-digest-{week.isoformat()}.png")
            path.write_bytes(chart)
            print(f"\nChart written to {path}")
        if args.dry_run:
            return 0
        # Claim, send and record in one transaction: if Slack fails, the claim rolls back and
        # the digest tick can still send this week's digest.
        try:
            with UnitOfWork(sessions) as uow:
                return _send_now(
                    uow,
                    settings,
                    operating_system=operating_system,
                    digest=digest,
                    chart=chart,
                    now=now,
                )
        except SlackApiError as error:
            print(
                f"Slack refused the digest ({error.response.get('error')}); nothing was recorded: "
                "check SLACK_BOT_TOKEN and the app's scopes (docs/slack-setup.md).",
                file=sys.stderr,
            )
            return ExitCode.ENVIRONMENT


def _send_now(
    uow: UnitOfWork,
    settings: Settings,
    *,
    operating_system: OperatingSystem,
    digest: Digest,
    chart: bytes | None,
    now: datetime,
) -> int:
    person = by_email(uow.session, digest.leader)
    if person is None or person.slack_id is None:
        print(_no_slack_account(settings, digest.leader), file=sys.stderr)
        # No token is the setup's to fix; an address Slack does not know, the config's.
        return ExitCode.ENVIRONMENT if settings.slack_bot_token is None else ExitCode.USER_MISTAKE
    run_id = claim_digest_run(uow.session, leader_email=digest.leader, week_start=digest.week_start)
    if run_id is None:
        print(
            "This digest was already sent or queued for that week; it is not sent twice "
            "(`--dry-run` shows it again).",
            file=sys.stderr,
        )
        return ExitCode.USER_MISTAKE
    at = send_at(operating_system, recipient=person, purpose=MessagePurpose.DIGEST, at=now)
    if at is not None and at > now:
        # Nobody gets a DM outside their working hours, from the command line either.
        queue_digest_run(
            uow.session,
            leader_id=person.id,
            digest_run_id=run_id,
            week_start=digest.week_start,
            at=at,
        )
        print(
            f"It is outside {digest.leader_name}'s working hours: the digest is queued for "
            f"{to_local(at, person.timezone):%a %d %b %H:%M} their time, and the running bot "
            "(`cadence-bot serve`) sends it then."
        )
        return 0
    send_digest(
        slack_client(settings), channel_or_user=person.slack_id, digest=digest, chart_png=chart
    )
    mark_digest_sent(uow.session, digest_run_id=run_id, now=now)
    print(f"Sent to {digest.leader_name} in Slack.")
    return 0


def _no_slack_account(settings: Settings, email: str) -> str:
    """Why the digest cannot be sent to ``email``, and what fixes it."""
    if settings.slack_bot_token is None:
        return "SLACK_BOT_TOKEN is not set: set it to send the digest, or use --dry-run."
    return (
        f"{email} was not found in Slack by email: fix the address in the config, or invite "
        "them to the workspace (`cadence-bot sync` lists everyone not found)."
    )
