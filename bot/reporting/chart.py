"""The digest's chart: on-time rate and forecast accuracy, week by week, as a PNG.

Drawn with matplotlib's object API on the Agg canvas: no display, no pyplot global state, so
it is safe in the bot's worker threads. The image is always ``WIDTH_PX`` by ``HEIGHT_PX``.
matplotlib is imported when the first chart is drawn, not when the bot starts: it takes a
good part of a second to load and is needed once a week.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain.digest import Digest
from bot.domain.digest_windows import WeekPoint

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WIDTH_PX, HEIGHT_PX, DPI = 1200, 600, 100
ADHERENCE_COLOUR, ACCURACY_COLOUR = "#2e7d32", "#1565c0"


def _percentages(values: Sequence[float | None]) -> list[float]:
    # A week without a figure is a gap in the line (NaN), not a drop to zero.
    return [float("nan") if v is None else 100 * v for v in values]


def _plot(axes: Axes, series: Sequence[WeekPoint]) -> None:
    from matplotlib.ticker import PercentFormatter

    labels = [f"{p.week_start.day} {p.week_start:%b}" for p in series]
    positions = list(range(len(series)))
    lines = (
        ("On time", [p.adherence for p in series], ADHERENCE_COLOUR),
        ("Forecast accuracy (1 - WAPE)", [p.accuracy for p in series], ACCURACY_COLOUR),
    )
    for label, values, colour in lines:
        axes.plot(positions, _percentages(values), marker="o", label=label, color=colour)
    axes.set_xticks(positions, labels)
    axes.set_ylim(0, 105)
    axes.yaxis.set_major_formatter(PercentFormatter())
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="lower left")
    axes.set_xlabel("Week starting")


def render_chart(series: Sequence[WeekPoint], *, title: str) -> bytes:
    """The chart as PNG bytes; weeks left to right, oldest first."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title)
    _plot(axes, series)
    figure.tight_layout()
    buffer = io.BytesIO()
    # No "Software" stamp: the same data makes the same bytes, whatever matplotlib version.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def digest_chart(digest: Digest) -> bytes:
    """The chart sent with ``digest``: its subtree's last 12 weeks."""
    return render_chart(
        digest.series, title=f"{digest.leader_name}'s organisation: on time and forecast accuracy"
    )
