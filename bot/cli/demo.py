"""``cadence-bot demo``: a month of the real bot in a minute, with no Slack workspace needed.

The app runs against the simulated Slack on a virtual clock (see `bot.demo`). The terminal shows
a progress bar over the simulated weeks, then each leader's last digest as the ``digest``
command prints it; ``DIR/index.html`` shows what everyone saw; the database stays in ``DIR`` for
``digest``, ``export`` and ``status`` to explore.
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from bot.cli.digest_text import render_text
from bot.cli.exit_codes import ExitCode
from bot.cli.options import add_config_argument, iso_date
from bot.config import load_operating_system
from bot.demo.page import render_page
from bot.demo.simulation import DemoResult, run_demo
from bot.domain.recurrence import monday_of
from bot.persistence.database import UnitOfWork, create_engine_from_url, session_factory
from bot.services.digests import build_digest
from bot.settings import Settings

BAR_WIDTH = 30


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "demo",
        help="run the real bot for a few simulated weeks against a simulated Slack workspace",
    )
    add_config_argument(parser)
    parser.add_argument("--weeks", type=_weeks, default=4, help="weeks to simulate (default 4)")
    parser.add_argument(
        "--seed", type=int, default=1, help="the same seed replays the same weeks (default 1)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("cadence-demo"),
        metavar="DIR",
        help="where index.html and the database go (default: ./cadence-demo)",
    )
    parser.add_argument(
        "--start",
        type=iso_date,
        help="the Monday the simulation starts (default: --weeks weeks before this Monday)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config: Path = args.config or Settings().cadence_config
    load_operating_system(config)  # a broken config is reported before anything starts
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    _log_to(out / "demo.log")
    start = args.start or monday_of(datetime.now(UTC).date()) - timedelta(weeks=args.weeks)
    bar = ProgressBar(sys.stdout, start=monday_of(start), weeks=args.weeks)
    result = run_demo(
        config, weeks=args.weeks, seed=args.seed, out=out, start=start, progress=bar.update
    )
    bar.finish()
    page = out / "index.html"
    organization = load_operating_system(config).organization.name
    title = f"Cadence demo: {organization}, {args.weeks} weeks (seed {args.seed})"
    page.write_text(render_page(result, title=title), encoding="utf-8")
    _print_digests(result, config)
    _print_where(result, page.resolve(), config)
    if result.rejected:
        # Cadence made calls Slack would refuse: nothing the admin typed, a bug to report.
        print("\nThe simulated Slack refused these calls, as Slack would:", file=sys.stderr)
        for refusal in result.rejected:
            print(f"  {refusal.method}: {refusal.error} {list(refusal.problems)}", file=sys.stderr)
        print("This is a bug in Cadence: please report these lines.", file=sys.stderr)
        return ExitCode.BUG
    return 0


class ProgressBar:
    def __init__(self, stream: TextIO, *, start: date, weeks: int) -> None:
        self._stream = stream
        self._start = start
        self._weeks = weeks
        self._shown = ""

    def update(self, now: datetime) -> None:
        elapsed = (now.date() - self._start).days / 7
        done = min(max(elapsed / self._weeks, 0.0), 1.0)
        filled = int(done * BAR_WIDTH)
        week = min(int(elapsed) + 1, self._weeks)
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] week {week} of {self._weeks}"
        if line == self._shown:
            return
        self._shown = line
        if self._stream.isatty():
            self._stream.write(f"\r{line} · {now:%a %d %b}")
        elif filled % (BAR_WIDTH // 5 or 1) == 0:
            self._stream.write(f"{line}\n")
        self._stream.flush()

    def finish(self) -> None:
        self._stream.write(f"\r[{'#' * BAR_WIDTH}] {self._weeks} simulated weeks done\n\n")
        self._stream.flush()


def _print_digests(result: DemoResult, config: Path) -> None:
    operating_system = load_operating_system(config)
    engine = create_engine_from_url(result.database_url)
    try:
        with UnitOfWork(session_factory(engine)) as uow:
            for leader, week in result.digest_weeks.items():
                digest = build_digest(
                    uow.session,
                    operating_system,
                    leader_email=leader,
                    week_start=week,
                    now=result.end,
                )
                print(render_text(digest))
                print()
    finally:
        engine.dispose()


def _print_where(result: DemoResult, page: Path, config: Path) -> None:
    env = (
        f"DATABASE_URL={shlex.quote(result.database_url)} CADENCE_CONFIG={shlex.quote(str(config))}"
    )
    leader, week = next(iter(result.digest_weeks.items()), ("LEADER@EXAMPLE", result.end.date()))
    iso = week.isocalendar()
    print(f"What everyone saw in Slack, day by day: {page.as_uri()}")
    print(f"The demo's database: {result.database_path}")
    print("Explore it with the other commands, e.g.:")
    print(
        f"  {env} cadence-bot digest --leader {leader} --week {iso.year}-W{iso.week:02d} --dry-run"
    )
    export_dir = shlex.quote(str(result.database_path.parent / "export"))
    print(f"  {env} cadence-bot export --out {export_dir}")
    print(f"  {env} cadence-bot status")


def _log_to(path: Path) -> None:
    """The app's own log goes to a file: the terminal is for the progress bar and digests."""
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def _weeks(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 52:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of weeks from 1 to 52")
    return int(text)
