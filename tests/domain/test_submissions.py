from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.domain.occurrence import SkipReason
from bot.domain.submissions import (
    Figure,
    FigureProblem,
    ForecastInput,
    fits_money_column,
    forecast_fits_the_rules,
    forecast_problems,
    held_in_future,
    skip_note_required,
    usefulness_required,
)


def _problems(commit: str, best_case: str, pipeline: str) -> list[FigureProblem]:
    return forecast_problems(
        commit=Decimal(commit), best_case=Decimal(best_case), pipeline=Decimal(pipeline)
    )


def test_an_ordered_forecast_has_no_problem() -> None:
    assert _problems("100", "150", "400") == []
    assert _problems("0", "0", "0") == []


def test_an_inversion_is_blamed_on_the_lower_figure() -> None:
    assert _problems("200", "150", "400") == [
        FigureProblem(Figure.COMMIT, above=Figure.BEST_CASE, limit=Decimal("150"))
    ]
    assert _problems("100", "500", "400") == [
        FigureProblem(Figure.BEST_CASE, above=Figure.PIPELINE, limit=Decimal("400"))
    ]


def test_a_negative_figure_is_reported_instead_of_an_inversion_next_to_it() -> None:
    assert _problems("100", "-1", "400") == [FigureProblem(Figure.BEST_CASE)]


def test_money_fits_the_column_with_two_decimals_and_twelve_digits() -> None:
    assert fits_money_column(Decimal("999999999999.99"))
    assert not fits_money_column(Decimal("1000000000000"))
    assert not fits_money_column(Decimal("1.005"))


def test_a_storable_forecast_is_ordered_and_fits_the_money_column() -> None:
    def forecast(commit: str, best_case: str, pipeline: str) -> ForecastInput:
        return ForecastInput(Decimal(commit), Decimal(best_case), Decimal(pipeline))

    assert forecast_fits_the_rules(forecast("100", "150", "400.50"))
    assert not forecast_fits_the_rules(forecast("200", "150", "400"))
    assert not forecast_fits_the_rules(forecast("-1", "150", "400"))
    assert not forecast_fits_the_rules(forecast("100", "150", "400.005"))
    assert not forecast_fits_the_rules(forecast("100", "150", "1000000000000"))


def test_other_rules() -> None:
    assert held_in_future(date(2024, 5, 15), today=date(2024, 5, 14))
    assert not held_in_future(date(2024, 5, 14), today=date(2024, 5, 14))
    assert usefulness_required(received_coaching=True, usefulness=None)
    assert not usefulness_required(received_coaching=False, usefulness=None)
    assert skip_note_required(SkipReason.OTHER, None)
    assert not skip_note_required(SkipReason.REP_OUT, None)
