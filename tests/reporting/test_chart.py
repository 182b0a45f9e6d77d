"""The digest's chart, read back from the PNG: its size, and the colour of every cell."""

from __future__ import annotations

import io
import struct
from datetime import date, timedelta

from PIL import Image

from bot.domain.rhythm_grid import CellState, GridRow, RhythmGrid
from bot.reporting.chart import (
    COLOURS,
    NO_STATE_COLOUR,
    WIDTH_PX,
    cell_box,
    colour_of,
    height_px,
    render_grid,
    week_labels,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STATES = (*CellState, None)
# Across New Year: the year is on the axis, twice.
WEEKS = tuple(date(2025, 12, 1) + timedelta(weeks=n) for n in range(12))


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always follows the signature."""
    assert png[:8] == PNG_SIGNATURE
    length, chunk = struct.unpack(">I4s", png[8:16])
    assert (length, chunk) == (13, b"IHDR")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def pixels(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def grid(rows: int) -> RhythmGrid:
    """Every state in every row, shifted by one column per row."""
    return RhythmGrid(
        WEEKS,
        tuple(
            GridRow(
                f"m{r}@t.example",
                f"Manager {r}",
                tuple(STATES[(r + c) % len(STATES)] for c in range(len(WEEKS))),
            )
            for r in range(rows)
        ),
    )


def cell_colours(png: bytes, rows: int) -> list[list[tuple[int, int, int]]]:
    """The centre pixel and two inner corners of each cell, which must agree."""
    image = pixels(png)
    found = []
    for r in range(rows):
        row = []
        for c in range(len(WEEKS)):
            left, top, right, bottom = cell_box(r, c, weeks=len(WEEKS))
            points = [((left + right) // 2, (top + bottom) // 2), (left + 3, top + 3)]
            points.append((right - 4, bottom - 4))
            colours = {image.getpixel(p) for p in points}
            assert len(colours) == 1, (r, c, colours)
            row.append(colours.pop())
        found.append(row)
    return found


def test_each_cell_has_the_colour_of_its_managers_week() -> None:
    chart = grid(6)

    png = render_grid(chart, title="Lee's managers")

    assert png_size(png) == (WIDTH_PX, height_px(6)) == (1200, 60 + 6 * 24 + 110)
    expected = [[colour_of(cell) for cell in row.cells] for row in chart.rows]
    assert cell_colours(png, 6) == expected
    assert colour_of(CellState.MISSED) == (0xC6, 0x28, 0x28)
    assert colour_of(None) == (0xF4, 0xF4, 0xF4) and NO_STATE_COLOUR == "#f4f4f4"
    assert len({colour_of(s) for s in STATES}) == len(STATES) == len(COLOURS) + 1


def test_sixty_managers_get_sixty_rows_of_the_same_height() -> None:
    png = render_grid(grid(60), title="A large subtree")

    assert png_size(png) == (1200, height_px(60))
    assert cell_colours(png, 60)[59][0] == colour_of(STATES[59 % len(STATES)])


def test_the_axis_names_the_year_of_the_first_week_and_of_each_new_year() -> None:
    labels = week_labels(WEEKS)

    assert labels[0] == "1 Dec\n2025"
    assert labels[1] == "8 Dec"
    assert labels[5] == "5 Jan\n2026"
    assert sum("\n" in label for label in labels) == 2


def test_the_same_grid_draws_the_same_bytes() -> None:
    assert render_grid(grid(3), title="t") == render_grid(grid(3), title="t")
