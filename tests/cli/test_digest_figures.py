"""``cadence-bot digest`` on the hand-worked quarter of ``tests.seeds.results``: text, JSON, chart.

The digest of the week of Mon 5 Oct 2026 reports on the week of 28 Sep. Worked out from the seed:

- last week: 16 items, all on time but Eve's team meeting: 15 of 16 = 94%;
- 8 weeks (10 Aug - 4 Oct, i.e. all four seeded weeks): on time 8 + 7 + 7 + 5 + 4 + 6 + 6 + 2
  = 45 of judged 8 + 8 + 7 + 8 + 8 + 8 + 8 + 2 = 57 = 79%: the rhythm held (94% >= 79%);
- forecast for 28 Sep: 100 + 100 + 200 + 80 + 50 + 90 + 70 + 50 = 740k; 21 Sep had no Hal:
  690k, so +50k;
- accuracy over 12 weeks: forecasts scored 4 + 4 + 3 + 2 + 4 + 0 (Fay: no actual) + 3 + 1 = 21;
  |error| 40 + 40 + 60 + 20 + 40 + 30 + 10 = 240k of actuals 440 + 360 + 540 + 140 + 240 + 240
  + 40 = 2,000k: within 12%; net 2,020k - 2,000k = +20k: over-called by 1%;
- coaching in August: 11 logged 1:1s, 6 of them coaching = 55%; 9 answers, 6 coached = 67%,
  usefulness (6 x 4 + 3 x 2) / 9 = 3.3;
- results for 2026-Q3 (the quarter of 28 Sep): booked 110 + 90 + 180 + 70 + 60 + 0 + 80 = 590k
  of targets 6 x 100 + 200 = 800k = 74%, 7 of 8 managers with a target (Hal has none);
  pacing: the whole quarter gone, latest commits 690k = 86% of 800k, best case 830k = 104%.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from bot.cli import main
from bot.domain.rhythm_grid import CellState
from bot.reporting.chart import cell_box, colour_of, height_px
from tests.reporting.test_chart import png_size
from tests.seeds.results import LEE, seed_results, write_config

Seed = Callable[[Callable[[Session], object]], None]
ORDER = ["eve", "dan", "fay", "gus", "ben", "ann", "cat", "hal"]


@pytest.fixture
def config(database: Seed, tmp_path: Path) -> Path:
    database(lambda session: seed_results(session, tmp_path))
    return write_config(tmp_path)


def digest(config: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code = main(["digest", str(config), "--leader", LEE, "--week", "2026-W41", *extra])
    assert code == 0
    return capsys.readouterr().out


def ratio(value: float, numerator: Any, denominator: Any, window: dict[str, str]) -> dict[str, Any]:
    return {"value": value, "numerator": numerator, "denominator": denominator, "window": window}


def test_the_text_says_every_figure_worked_out_by_hand_in_plain_words(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = digest(config, capsys, "--dry-run", "--chart-out", str(config.parent / "c.png"))

    assert (
        "  Rhythm held: 94% on time last week (8-week average 79%).\n"
        "  Attainment: 74% of the 2026-Q3 target ($590,000 booked of $800,000; 7 of 8 managers "
        "have one).\n"
        "  Pacing: 100% of 2026-Q3 gone; latest commit $690,000 is 86% of target, best case "
        "$830,000 is 104%.\n"
        "  Forecast for the week of Mon 28 Sep: $740,000 (+$50,000 on the period before).\n"
        "  Over the last 12 weeks, forecasts landed within 12% of actuals (21 forecasts), "
        "over-called by 1%.\n"
        "  Coaching in August 2026: 55% of 11 logged 1:1s were coaching; reps say 67% coached "
        "(9 answers, usefulness 3.3/5).\n"
    ) in out
    assert (
        "! Eve\n    50% on time last week · 50% over 8 weeks · 60% of the 2026-Q3 target · "
        "missed Team · forecast $50,000 · forecasts within 17% of actuals, under-called by 17% · "
        "coaching logged 0%, reps: not enough responses\n"
    ) in out
    # Three answers, exactly the threshold: shown. Two: not.
    assert "  Ben\n" in out and "logged 50%, reps say 67% coached (3 answers, usefulness" in out
    assert "110% of the 2026-Q3 target" in out  # Ann
    cat = out.split("  Cat\n")[1].splitlines()[0]
    assert "90% of the 2026-Q3 target" in cat and "reps: not enough responses" in cat
    assert "  Mon 28 Sep 2026      94%               13%" in out
    assert out.index("! Eve") < out.index("! Dan") < out.index("! Fay") < out.index("  Ben")
    assert "WAPE" not in out


def test_the_json_has_every_figure_worked_out_by_hand(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(digest(config, capsys, "--format", "json"))

    week = {"first_day": "2026-09-28", "last_day": "2026-10-04"}
    trailing = {"first_day": "2026-08-10", "last_day": "2026-10-04"}
    chart = {"first_day": "2026-07-13", "last_day": "2026-10-04"}
    august = {"first_day": "2026-08-01", "last_day": "2026-08-31", "label": "2026-08"}
    q3 = {"first_day": "2026-07-01", "last_day": "2026-09-30", "label": "2026-Q3"}
    assert data["schema"] == "cadence.digest/1"
    assert data["windows"] == {
        "week": week,
        "trailing": trailing,
        "chart": chart,
        "coaching": august,
    }
    rhythm = data["rhythm"]
    assert rhythm["state"] == "held"
    assert (rhythm["week"]["numerator"], rhythm["week"]["denominator"]) == (15, 16)
    assert rhythm["week"]["counts"]["missed"] == 1
    assert (rhythm["trailing"]["numerator"], rhythm["trailing"]["denominator"]) == (45, 57)
    assert rhythm["trailing"]["value"] == 0.7895
    assert (data["forecast"]["commit"], data["forecast"]["change"]) == ("740000.00", "50000.00")
    accuracy = data["accuracy"]
    assert accuracy["forecasts"] == 21
    assert accuracy["within"] == ratio(0.12, "240000.00", "2000000.00", chart)
    assert accuracy["bias"] == ratio(0.01, "20000.00", "2000000.00", chart)
    assert data["coaching"]["logged"] == ratio(0.5455, 6, 11, august)
    assert data["coaching"]["reported"] == ratio(0.6667, 6, 9, august)
    results = data["results"]
    assert results["attainment"] == ratio(0.7375, "590000.00", "800000.00", q3) | {
        "managers": 8,
        "managers_with_target": 7,
        "managers_with_actuals": 6,
    }
    pacing = results["pacing"]
    assert pacing["time_gone"] == ratio(1.0, 92, 92, q3)
    assert pacing["commit"] == ratio(0.8625, "690000.00", "800000.00", q3)
    assert pacing["best_case"] == ratio(1.0375, "830000.00", "800000.00", q3)
    assert (pacing["managers_with_target"], pacing["managers_with_forecast"]) == (7, 7)
    managers = data["managers"]
    assert [m["email"] for m in managers] == [f"{name}@t.example" for name in ORDER]
    eve = managers[0]
    assert eve["missed_last_week"] == [{"cadence": "team", "title": "Team", "count": 1}]
    assert (eve["trailing"]["numerator"], eve["trailing"]["denominator"]) == (4, 8)
    assert eve["attainment"]["numerator"] == "60000.00"
    assert managers[-1]["attainment"]["managers_with_target"] == 0  # Hal
    rows = {row["email"]: row["cells"] for row in data["chart"]["rows"]}
    assert rows["dan@t.example"][-4:] == ["missed", "missed", "late", "on_time"]
    assert rows["cat@t.example"][-4:] == ["on_time"] * 4  # a skip does not hide the meeting
    assert rows["hal@t.example"] == [None] * 11 + ["on_time"]


def test_the_chart_has_one_row_per_manager_in_the_digests_order(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "lee.png"
    digest(config, capsys, "--dry-run", "--chart-out", str(png))

    data = png.read_bytes()
    assert png_size(data) == (1200, height_px(8))
    image = Image.open(io.BytesIO(data)).convert("RGB")

    def cell(manager: str, week: int) -> tuple[int, int, int]:
        left, top, right, bottom = cell_box(ORDER.index(manager), week, weeks=12)
        return image.getpixel(((left + right) // 2, (top + bottom) // 2))  # type: ignore[return-value]

    assert [cell("dan", w) for w in (8, 9, 10, 11)] == [
        colour_of(CellState.MISSED),
        colour_of(CellState.MISSED),
        colour_of(CellState.LATE),
        colour_of(CellState.ON_TIME),
    ]
    assert cell("eve", 11) == colour_of(CellState.MISSED)
    assert cell("hal", 10) == colour_of(None) and cell("hal", 11) == colour_of(CellState.ON_TIME)
    assert cell("ann", 0) == colour_of(None)


def test_a_week_with_no_history_has_no_chart(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "none.png"
    args = ["--leader", LEE, "--week", "2026-W20", "--dry-run", "--chart-out", str(png)]
    code = main(["digest", str(config), *args])

    assert code == 0
    assert "No chart: nothing was due in the last 12 weeks." in capsys.readouterr().out
    assert not png.exists()
