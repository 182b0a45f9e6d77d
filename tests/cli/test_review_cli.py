"""``cadence-bot review`` on the hand-worked quarter of ``tests.seeds.results``: text and JSON.

The figures, worked out from the seed:

- on time (done on time ÷ done on time, late or missed): Ann 8/8, Ben 7/8, Cat 7/7 (one skip),
  Dan 5/8, Eve 4/8, Fay 6/8, Gus 6/8, Hal 2/2 (too little history to group);
- coaching logged in August: Ann 2/2, Ben 1/2 (exactly half: kept), Cat 2/3, Dan 1/1, Eve 0/2,
  Fay none, Gus 0/1; reps' answers: Ann 2/3 and Ben 2/3 (three answers: shown), Cat and Dan
  below the threshold of 3 (not shown, so only the logged side counts);
- groups: kept = Ann, Ben, Cat; part = Dan (on time 62%); not kept = Eve, Fay, Gus;
- kept: booked 110 + 90 + 180 = 380k of 100 + 100 + 200 (Cat's imported target) = 400k = 95%;
  forecasts 4 + 4 + 3 = 11, |error| 40 + 40 + 60 = 140k of actuals 440 + 360 + 540 = 1,340k
  = 10.4%, net +60k = over-called by 4.5%;
- not kept: booked 60 + 0 (Fay: no actuals) + 80 = 140k of 300k = 46.7%; forecasts 4 + 0 + 3
  = 7, |error| 40 + 30 = 70k of 240 + 240 = 480k = 14.6%, net -70k = under-called by 14.6%.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot.cli import main
from tests.seeds.results import LEE, seed_results, write_config

Seed = Callable[[Callable[[Session], object]], None]


@pytest.fixture
def config(database: Seed, tmp_path: Path) -> Path:
    database(lambda session: seed_results(session, tmp_path))
    return write_config(tmp_path)


def review(config: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code = main(["review", str(config), "--leader", LEE, "--quarter", "2026-Q3", *extra])
    assert code == 0
    return capsys.readouterr().out


def test_the_review_groups_managers_by_rhythm_with_their_results_beside(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = review(config, capsys)

    assert out.startswith("Quarterly review for Lee Lead, 2026-Q3 (1 Jul to 30 Sep 2026)\n")
    assert (
        "Kept the rhythm: 3 managers (Ann, Ben, Cat)\n"
        "  attainment: 95% of the 2026-Q3 target ($380,000 booked of $400,000)\n"
        "  accuracy: forecasts landed within 10% of actuals (11 forecasts), over-called by 4%\n"
        "\n"
        "Kept part of it: 1 manager (Dan)\n"
        "  not enough data yet (a group needs at least 3 managers)\n"
        "\n"
        "Did not keep it: 3 managers (Eve, Fay, Gus)\n"
        "  attainment: 47% of the 2026-Q3 target ($140,000 booked of $300,000)\n"
        "  accuracy: forecasts landed within 15% of actuals (7 forecasts), under-called by 15%\n"
        "\n"
        "Too little history: 1 manager (Hal)\n"
    ) in out
    assert (
        "In 2026-Q3, managers who kept the rhythm reached 95% of target (3 managers with a "
        "target); managers who did not keep it reached 47% of target (3 managers with a target). "
        "This shows what went together, not what caused what."
    ) in out
    assert (
        "  Ann (kept the rhythm)\n"
        "    on time 8 of 8 (100%); coaching 2 of 2 logged 1:1s coaching, 67% of 3 reps' answers "
        "say coached; attainment 110% of the 2026-Q3 target ($110,000 booked of $100,000); "
        "forecasts landed within 9% of actuals (4 forecasts), under-called by 9%\n"
    ) in out
    assert (
        "  Cat (kept the rhythm)\n"
        "    on time 7 of 7 (100%); coaching 2 of 3 logged 1:1s coaching, reps: not enough "
        "responses; attainment 90% of the 2026-Q3 target ($180,000 booked of $200,000); "
        "forecasts landed within 11% of actuals (3 forecasts), over-called by 11%\n"
    ) in out
    assert (
        "  Fay (did not keep it)\n"
        "    on time 6 of 8 (75%); coaching no 1:1s logged, reps: not enough responses; "
        "attainment no actuals imported for 2026-Q3 yet (target $100,000); "
        "no forecast could be checked against actuals yet\n"
    ) in out
    assert "on time 2 of 2 (100%)" in out.split("  Hal (too little history)\n")[1]
    assert "because" not in out and "caused by" not in out


def test_the_json_has_every_figure_with_its_numerator_denominator_and_window(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(review(config, capsys, "--format", "json"))

    q3 = {"first_day": "2026-07-01", "last_day": "2026-09-30", "label": "2026-Q3"}
    assert data["schema"] == "cadence.review/1"
    assert data["window"] == q3
    groups: dict[str, Any] = {g["group"]: g for g in data["groups"]}
    kept = groups["kept"]
    assert kept["managers"] == ["ann@t.example", "ben@t.example", "cat@t.example"]
    assert kept["attainment"] == {
        "value": 0.95,
        "numerator": "380000.00",
        "denominator": "400000.00",
        "window": q3,
        "managers": 3,
        "managers_with_target": 3,
        "managers_with_actuals": 3,
    }
    assert kept["accuracy"]["forecasts"] == 11
    assert kept["accuracy"]["within"] == {
        "value": 0.1045,
        "numerator": "140000.00",
        "denominator": "1340000.00",
        "window": q3,
    }
    assert kept["accuracy"]["bias"]["numerator"] == "60000.00"
    assert groups["partly"] == {
        "group": "partly",
        "label": "kept part of it",
        "managers": ["dan@t.example"],
        "enough_data": False,
        "note": "not enough data yet",
        "attainment": None,
        "accuracy": None,
    }
    not_kept = groups["not_kept"]["attainment"]
    assert (not_kept["numerator"], not_kept["denominator"]) == ("140000.00", "300000.00")
    assert not_kept["managers_with_actuals"] == 2
    managers = {m["email"]: m for m in data["managers"]}
    ann = managers["ann@t.example"]
    assert ann["on_time"]["numerator"] == ann["on_time"]["denominator"] == 8
    assert ann["on_time"]["window"] == q3
    assert ann["coaching"]["logged"] == {
        "value": 1.0,
        "numerator": 2,
        "denominator": 2,
        "window": q3,
    }
    assert ann["coaching"]["reported"]["numerator"] == 2
    assert ann["coaching"]["reported"]["denominator"] == 3
    assert managers["cat@t.example"]["coaching"]["reported"] is None
    assert managers["ben@t.example"]["kept"] == ["on time", "coaching"]
    assert managers["dan@t.example"]["not_kept"] == ["on time"]
    assert managers["dan@t.example"]["on_time"]["counts"] == {
        "on_time": 5,
        "late": 1,
        "missed": 2,
        "skipped": 0,
        "excused": 0,
        "still_open": 0,
    }
    assert managers["hal@t.example"]["group"] == "too_little"


def test_a_month_is_not_a_quarter(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["review", "--leader", LEE, "--quarter", "2026-09"])
    assert "is not a quarter" in capsys.readouterr().err
