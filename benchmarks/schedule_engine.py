"""The pure schedule engine on a generated org: ``occurrences_between`` and ``preview``.

For each org size, the shipped cadences (``cadence_config.yaml``) with a generated roster are
planned over a 14-day horizon; no database, no Slack. Prints occurrences and messages per second.

    python benchmarks/schedule_engine.py [--sizes 100 1000 5000] [--repeats 3] [--days 14]
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta

from _common import generated_os, median_time, ms, print_machine, print_table, rate

from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedOccurrence
from bot.domain.roster import Role
from bot.domain.schedule import occurrences_between
from bot.services.preview import PreviewRow, preview

# Monday 23 Nov 2026 00:00 UTC: the horizon crosses Thanksgiving (a holiday in the config).
START = datetime(2026, 11, 23, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeats", type=int, default=3, help="median of this many runs")
    parser.add_argument("--days", type=int, default=14, help="planning horizon")
    args = parser.parse_args()
    start, end = START, START + timedelta(days=args.days)

    print_machine()
    print(f"# window {start:%Y-%m-%d} + {args.days} days, median of {args.repeats} runs\n")
    rows = []
    for size in args.sizes:
        operating_system = generated_os(size)
        managers = len(operating_system.roster.with_role(Role.MANAGER))

        def engine(operating_system: OperatingSystem = operating_system) -> list[PlannedOccurrence]:
            return list(occurrences_between(operating_system, start=start, end=end))

        def flattened(operating_system: OperatingSystem = operating_system) -> list[PreviewRow]:
            return preview(operating_system, start=start, end=end)

        engine_s, occurrences = median_time(engine, repeats=args.repeats)
        messages = sum(len(o.messages) for o in occurrences)
        preview_s, preview_rows = median_time(flattened, repeats=args.repeats)
        rows.append(
            (
                len(operating_system.roster),
                managers,
                len(occurrences),
                messages,
                ms(engine_s),
                rate(len(occurrences), engine_s),
                rate(messages, engine_s),
                len(preview_rows),
                ms(preview_s),
                rate(len(preview_rows), preview_s),
            )
        )
    print_table(
        (
            "people",
            "managers",
            "occurrences",
            "messages",
            "engine ms",
            "occ/s",
            "msg/s",
            "preview rows",
            "preview ms",
            "rows/s",
        ),
        rows,
    )


if __name__ == "__main__":
    main()
