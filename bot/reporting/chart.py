"""The digest's chart: one row per manager, one column per week, each cell coloured by how that
manager's week went (on time, late, missed, excused, not nudged; see ``rhythm_grid``).

Drawn with matplotlib's object API on the Agg canvas: no display, no pyplot global state, so
it is safe in the bot's worker threads. The grid sits at exact pixel positions (``cell_box``):
``WIDTH_PX`` wide, ``ROW_PX`` high per manager, so anyone can read a cell back from the PNG.
There is no chart without data: ``digest_chart`` returns None and nothing is drawn or uploaded.
matplotlib is imported when the first chart is drawn, not when the bot starts.
"""

from __future__ import annotations

import io
from datetime import date

from bot.domain.digest import Digest
from bot.domain.rhythm_grid import CellState, RhythmGrid

WIDTH_PX, DPI = 1200, 100
LEFT_PX, RIGHT_PX, TOP_PX, BOTTOM_PX, ROW_PX = 240, 24, 60, 110, 24
NO_STATE_COLOUR = "#f4f4f4"
COLOURS = {
    CellState.ON_TIME: "#2e7d32",
    CellState.LATE: "#f9a825",
    CellState.MISSED: "#c62828",
    CellState.EXCUSED: "#9e9e9e",
    CellState.NOT_NUDGED: "#5e35b1",
}
LEGEND_ORDER = (
    CellState.ON_TIME,
    CellState.LATE,
    CellState.MISSED,
    CellState.EXCUSED,
    CellState.NOT_NUDGED,
)
MAX_NAME_CHARS = 30


def height_px(rows: int) -> int:
    return TOP_PX + rows * ROW_PX + BOTTOM_PX


def column_px(weeks: int) -> float:
    return (WIDTH_PX - LEFT_PX - RIGHT_PX) / weeks


def cell_box(row: int, column: int, *, weeks: int) -> tuple[int, int, int, int]:
    """``(left, top, right, bottom)`` pixels of a cell, from the image's top-left corner."""
    width = column_px(weeks)
    left = LEFT_PX + column * width
    top = TOP_PX + row * ROW_PX
    return round(left), top, round(left + width), top + ROW_PX


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def colour_of(state: CellState | None) -> tuple[int, int, int]:
    return _rgb(NO_STATE_COLOUR if state is None else COLOURS[state])


def week_labels(weeks: tuple[date, ...]) -> list[str]:
    """``7 Sep``; the first week and the first week of a new year carry the year."""
    labels = []
    for n, week in enumerate(weeks):
        new_year = n == 0 or week.year != weeks[n - 1].year
        labels.append(f"{week.day} {week:%b}" + (f"\n{week.year}" if new_year else ""))
    return labels


def render_grid(grid: RhythmGrid, *, title: str) -> bytes:
    """The grid as PNG bytes: managers top to bottom in the grid's order, weeks oldest first."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rows, weeks = len(grid.rows), len(grid.weeks)
    height = height_px(rows)
    figure = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    grid_width = WIDTH_PX - LEFT_PX - RIGHT_PX
    axes = figure.add_axes(
        (
            LEFT_PX / WIDTH_PX,
            BOTTOM_PX / height,
            grid_width / WIDTH_PX,
            rows * ROW_PX / height,
        )
    )
    pixels = [[colour_of(cell) for cell in row.cells] for row in grid.rows]
    axes.imshow(
        pixels, aspect="auto", interpolation="nearest", extent=(0, weeks, rows, 0), resample=False
    )
    axes.set_xlim(0, weeks)
    axes.set_ylim(rows, 0)
    # White lines between cells; a cell's centre keeps its colour.
    axes.vlines(range(1, weeks), 0, rows, colors="white", linewidth=1)
    axes.hlines(range(1, rows), 0, weeks, colors="white", linewidth=1)
    axes.set_xticks([n + 0.5 for n in range(weeks)], week_labels(grid.weeks), fontsize=8)
    axes.set_yticks(
        [n + 0.5 for n in range(rows)],
        [_short(row.name) for row in grid.rows],
        fontsize=8 if rows > 20 else 9,
    )
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_xlabel("Week starting", fontsize=9)
    figure.suptitle(title, x=LEFT_PX / WIDTH_PX, y=1 - 18 / height, ha="left", fontsize=11)
    figure.legend(
        handles=[Patch(color=COLOURS[s], label=s.value) for s in LEGEND_ORDER],
        loc="lower left",
        bbox_to_anchor=(LEFT_PX / WIDTH_PX, 4 / height),
        ncols=len(LEGEND_ORDER),
        frameon=False,
        fontsize=9,
    )
    buffer = io.BytesIO()
    # No "Software" stamp: the same data makes the same bytes, whatever matplotlib version.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _short(name: str) -> str:
    return name if len(name) <= MAX_NAME_CHARS else name[: MAX_NAME_CHARS - 1] + "…"


def chart_title(digest: Digest) -> str:
    return f"{digest.leader_name}'s managers, week by week: was the rhythm kept?"


def digest_chart(digest: Digest) -> bytes | None:
    """The chart sent with ``digest`` (its subtree's last 12 weeks); None when nothing was due."""
    if digest.grid.empty:
        return None
    return render_grid(digest.grid, title=chart_title(digest))
