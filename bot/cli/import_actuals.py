"""``cadence-bot import-actuals``: what teams booked, from a CSV file or a CRM, to score forecasts.

``import-actuals FILE.csv [--skip-bad-rows]`` or ``import-actuals --from salesforce|hubspot
--period 2026-Q4 [--skip-bad-rows]``. Every problem is printed (``FILE:LINE: …``) and, unless
``--skip-bad-rows``, nothing is imported and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.orm import Session

from bot.cli.exit_codes import ExitCode, file_fault, file_remedy
from bot.cli.options import add_config_option, load_config, migrated_database, period_argument
from bot.cli.roster import sync_from_config
from bot.domain.actuals import PERIOD_FORMS
from bot.persistence.database import UnitOfWork
from bot.persistence.models import ActualsSource
from bot.services.actuals_import import import_actuals, parse_actuals_csv
from bot.services.actuals_store import ActualsRejected, ImportProblem, ImportReport
from bot.services.crm import CrmError, RetryingClient
from bot.services.crm_import import CRMS, crm_connector, import_from_crm
from bot.settings import Settings

# Generous: a CRM page of 2,000 opportunities can take a while; retries handle the rest.
CRM_TIMEOUT_SECONDS = 60.0

Importer = Callable[[Session], ImportReport]


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "import-actuals", help="import actuals (booked revenue per manager) from a CSV or a CRM"
    )
    parser.add_argument(
        "file", nargs="?", type=Path, help="CSV with the columns manager_email, period, amount"
    )
    parser.add_argument(
        "--from", dest="crm", choices=[s.value for s in CRMS], help="read won deals from a CRM"
    )
    parser.add_argument("--period", type=period_argument, help=f"with --from: {PERIOD_FORMS}")
    parser.add_argument(
        "--skip-bad-rows", action="store_true", help="import the good rows, report the bad ones"
    )
    add_config_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if (args.file is None) == (args.crm is None) or (args.crm is None) != (args.period is None):
        print(
            "import-actuals: give either FILE.csv, or --from salesforce|hubspot with --period",
            file=sys.stderr,
        )
        return ExitCode.USER_MISTAKE
    settings = Settings()
    operating_system = load_config(args)
    with migrated_database(settings) as sessions:
        # Managers are matched against the config's roster, synced as `serve` does.
        sync_from_config(
            sessions, operating_system, settings=settings, now=datetime.now(UTC), for_slack=False
        )
        uow = UnitOfWork(sessions)
        if args.file is not None:
            return _import_file(uow, args.file, skip_bad_rows=args.skip_bad_rows)
        return _import_crm(uow, settings, ActualsSource(args.crm), args)


def _import_file(uow: UnitOfWork, path: Path, *, skip_bad_rows: bool) -> int:
    try:
        parsed = parse_actuals_csv(path)
    except OSError as error:
        print(
            f"{path}: cannot read the file ({error.strerror}): {file_remedy(error)}.",
            file=sys.stderr,
        )
        return file_fault(error)
    importer = partial(
        import_actuals, parsed=parsed, now=datetime.now(UTC), skip_bad_rows=skip_bad_rows
    )
    return _run_import(uow, importer, where=str(path))


def _import_crm(
    uow: UnitOfWork, settings: Settings, source: ActualsSource, args: argparse.Namespace
) -> int:
    with httpx.Client(timeout=CRM_TIMEOUT_SECONDS) as client:
        try:
            importer = partial(
                import_from_crm,
                connector=crm_connector(settings, source, client=RetryingClient(client)),
                source=source,
                period=args.period,
                now=datetime.now(UTC),
                skip_bad_rows=args.skip_bad_rows,
            )
            return _run_import(uow, importer, where=f"{source} {args.period.label}")
        except CrmError as error:
            # CrmAuthError included: its message names the setting to fix; no traceback.
            print(f"{source}: {error}", file=sys.stderr)
            return ExitCode.ENVIRONMENT


def _run_import(uow: UnitOfWork, importer: Importer, *, where: str) -> int:
    try:
        with uow:
            report = importer(uow.session)
    except ActualsRejected as rejected:
        _print_problems(rejected.problems, where=where)
        print(
            f"Nothing imported: {len(rejected.problems)} problem(s). Fix them, or re-run with "
            "--skip-bad-rows to import the rest.",
            file=sys.stderr,
        )
        return 1
    if report.skipped:
        _print_problems(report.skipped, where=where)
        print(f"Skipped {len(report.skipped)} problem(s).", file=sys.stderr)
    print(
        f"Imported actuals from {where}: {report.inserted} inserted, {report.updated} updated, "
        f"{report.unchanged} unchanged."
    )
    return 0


def _print_problems(problems: Sequence[ImportProblem], *, where: str) -> None:
    for problem in problems:
        prefix = where if problem.line is None else f"{where}:{problem.line}"
        print(f"{prefix}: {problem.message}", file=sys.stderr)
