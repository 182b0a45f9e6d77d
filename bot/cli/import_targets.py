"""``cadence-bot import-targets``: each manager team's quota per period, from a CSV or Salesforce.

``import-targets FILE.csv`` (columns ``manager_email, period, amount``) or ``import-targets
--from salesforce --period 2026-Q4``. Every problem is printed (``FILE:LINE: …``); a file or a
CRM answer with any problem imports nothing and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.orm import Session

from bot.cli.exit_codes import ExitCode, file_fault, file_remedy
from bot.cli.import_actuals import CRM_TIMEOUT_SECONDS
from bot.cli.options import migrated_database, period_argument
from bot.domain.actuals import PERIOD_FORMS
from bot.persistence.database import UnitOfWork
from bot.persistence.models import ActualsSource, TargetSource
from bot.services.actuals_import import parse_actuals_csv
from bot.services.actuals_store import ImportReport
from bot.services.crm import CrmError, RetryingClient, SalesforceActuals
from bot.services.crm.quotas import SalesforceQuotas
from bot.services.crm_import import crm_connector
from bot.services.targets import TargetsRejected, import_quotas_from_crm, import_targets
from bot.settings import Settings

Importer = Callable[[Session], ImportReport]


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "import-targets", help="import targets (quota per manager team) from a CSV or Salesforce"
    )
    parser.add_argument(
        "file", nargs="?", type=Path, help="CSV with the columns manager_email, period, amount"
    )
    parser.add_argument(
        "--from", dest="crm", choices=[TargetSource.SALESFORCE.value], help="read CRM quotas"
    )
    parser.add_argument("--period", type=period_argument, help=f"with --from: {PERIOD_FORMS}")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if (args.file is None) == (args.crm is None) or (args.crm is None) != (args.period is None):
        print(
            "import-targets: give either FILE.csv, or --from salesforce with --period",
            file=sys.stderr,
        )
        return ExitCode.USER_MISTAKE
    settings = Settings()
    now = datetime.now(UTC)
    with migrated_database(settings) as sessions:
        uow = UnitOfWork(sessions)
        if args.file is not None:
            try:
                parsed = parse_actuals_csv(args.file)
            except OSError as error:
                print(
                    f"{args.file}: cannot read the file ({error.strerror}): {file_remedy(error)}.",
                    file=sys.stderr,
                )
                return file_fault(error)
            importer = partial(import_targets, parsed=parsed, source=TargetSource.CSV, now=now)
            return _run_import(uow, importer, where=str(args.file))
        with httpx.Client(timeout=CRM_TIMEOUT_SECONDS) as client:
            try:
                salesforce = crm_connector(
                    settings, ActualsSource.SALESFORCE, client=RetryingClient(client)
                )
                assert isinstance(salesforce, SalesforceActuals)
                importer = partial(
                    import_quotas_from_crm,
                    connector=SalesforceQuotas(salesforce),
                    period=args.period,
                    now=now,
                )
                return _run_import(uow, importer, where=f"salesforce {args.period.label}")
            except CrmError as error:
                print(f"salesforce: {error}", file=sys.stderr)
                return ExitCode.ENVIRONMENT


def _run_import(uow: UnitOfWork, importer: Importer, *, where: str) -> int:
    try:
        with uow:
            report = importer(uow.session)
    except TargetsRejected as rejected:
        for problem in rejected.problems:
            prefix = where if problem.line is None else f"{where}:{problem.line}"
            print(f"{prefix}: {problem.message}", file=sys.stderr)
        print(
            f"Nothing imported: {len(rejected.problems)} problem(s). Fix them and import the "
            "whole file again.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Imported targets from {where}: {report.inserted} inserted, {report.updated} updated, "
        f"{report.unchanged} unchanged."
    )
    return 0
