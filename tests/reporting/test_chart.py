from __future__ import annotations

import struct
from datetime import date, timedelta
from decimal import Decimal

from bot.domain.digest_windows import WeekPoint
from bot.reporting.chart import HEIGHT_PX, WIDTH_PX, render_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def weeks(count: int) -> list[WeekPoint]:
    first = date(2026, 7, 27)
    return [
        WeekPoint(
            first + timedelta(weeks=n),
            adherence=None if n == 3 else 0.8 + n / 100,
            wape=None if n > 9 else Decimal("0.1"),
        )
        for n in range(count)
    ]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always follows the signature."""
    assert png[:8] == PNG_SIGNATURE
    length, chunk = struct.unpack(">I4s", png[8:16])
    assert (length, chunk) == (13, b"IHDR")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_the_chart_is_a_png_of_1200_by_600_pixels() -> None:
    png = render_chart(weeks(12), title="Dana Lee's managers")
    assert png_size(png) == (WIDTH_PX, HEIGHT_PX) == (1200, 600)
    assert png.endswith(b"IEND\xaeB`\x82")


def test_the_same_series_draws_the_same_bytes() -> None:
    assert render_chart(weeks(12), title="t") == render_chart(weeks(12), title="t")


def test_a_history_without_any_figure_still_draws() -> None:
    empty = [WeekPoint(date(2026, 7, 27), adherence=None, wape=None)]
    assert png_size(render_chart(empty, title="No history yet")) == (1200, 600)
