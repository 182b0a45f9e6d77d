"""Arguments several commands share, parsed the same way everywhere."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from bot.config import load_operating_system
from bot.domain.operating_system import OperatingSystem
from bot.settings import Settings


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "config",
        nargs="?",
        type=Path,
        help="the cadence config file (default: $CADENCE_CONFIG or cadence_config.yaml)",
    )


def load_config(args: argparse.Namespace) -> OperatingSystem:
    path: Path = args.config or Settings().cadence_config
    return load_operating_system(path)


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date — use YYYY-MM-DD") from None
