"""Numbers, scores and dates accept exactly what the help text shows, and nothing else crashes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.submissions import USEFULNESS_SCALE
from bot.domain.typed_input import parse_decimal, parse_iso_date, parse_whole_number

# Digits Python's int() and Decimal() would read, and superscripts str.isdigit() says yes to.
NON_ASCII_DIGITS = ["\u0663", "\u0969", "\uff13", "\u00b2", "\u07c3", "\U0001d7d1"]
non_ascii = st.text(min_size=1).filter(lambda t: not t.isascii())


@given(st.text())
def test_any_text_is_a_number_or_none(raw: str) -> None:
    parsed = parse_decimal(raw)
    assert parsed is None or parsed.is_finite()


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12
    )
)
def test_a_number_written_as_the_help_shows_reads_back(value: Decimal) -> None:
    assert parse_decimal(f"  {value:f} ") == value


@given(non_ascii)
def test_a_number_with_anything_but_ascii_is_refused(raw: str) -> None:
    assert parse_decimal(raw) is None


@pytest.mark.parametrize("raw", ["1e5", "1,000", "1_000", "NaN", "Infinity", "", "-", ".", "0x10"])
def test_what_the_help_does_not_show_is_not_a_number(raw: str) -> None:
    assert parse_decimal(raw) is None


@given(st.text())
def test_any_text_is_a_score_on_the_scale_or_none(raw: str) -> None:
    assert parse_whole_number(raw, USEFULNESS_SCALE) in (None, *USEFULNESS_SCALE)


@given(st.integers(min_value=1, max_value=5))
def test_each_score_on_the_scale_reads_back(score: int) -> None:
    assert parse_whole_number(f" {score}", USEFULNESS_SCALE) == score


@pytest.mark.parametrize("digit", NON_ASCII_DIGITS)
def test_non_ascii_digits_are_not_a_score(digit: str) -> None:
    assert parse_whole_number(digit, USEFULNESS_SCALE) is None
    assert parse_decimal(digit) is None


@given(st.text())
def test_any_text_is_a_date_or_none(raw: str) -> None:
    parsed = parse_iso_date(raw)
    assert parsed is None or parsed.isoformat() == raw.strip()


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_date_written_yyyy_mm_dd_reads_back(day: date) -> None:
    assert parse_iso_date(day.isoformat()) == day


@pytest.mark.parametrize("raw", ["20261221", "2026-W52-1", "2026-12-32", "2026-02-29", "26-12-21"])
def test_other_date_forms_and_days_that_do_not_exist_are_refused(raw: str) -> None:
    assert parse_iso_date(raw) is None
