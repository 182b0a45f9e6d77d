from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.slack.blocks.text import clip, day, escape, local_datetime, money, slack_datetime


def test_user_text_cannot_smuggle_mentions_or_links() -> None:
    assert (
        escape("<!channel> Q3 & <http://x|deal>")
        == "&lt;!channel&gt; Q3 &amp; &lt;http://x|deal&gt;"
    )


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (Decimal("1250000"), "USD", "$1,250,000"),
        (Decimal("1250000.00"), "EUR", "€1,250,000"),
        (Decimal("980.5"), "GBP", "£980.50"),
        (Decimal("42000"), "chf", "CHF 42,000"),
        (Decimal("-300"), "USD", "-$300"),
    ],
)
def test_money_reads_like_a_sales_number(amount: Decimal, currency: str, shown: str) -> None:
    assert money(amount, currency) == shown


def test_a_due_time_is_shown_in_the_readers_zone() -> None:
    due = datetime(2024, 5, 17, 15, 0, tzinfo=UTC)

    assert local_datetime(due, "Europe/Berlin") == "Fri 17 May at 17:00 CEST"
    assert local_datetime(due, "America/New_York") == "Fri 17 May at 11:00 EDT"
    assert local_datetime(due, "Asia/Kolkata") == "Fri 17 May at 20:30 IST"


def test_slack_renders_the_date_token_in_each_readers_zone_with_a_local_fallback() -> None:
    due = datetime(2024, 5, 17, 15, 0, tzinfo=UTC)

    assert slack_datetime(due, "Europe/Berlin") == (
        "<!date^1715958000^{date_short_pretty} at {time}|Fri 17 May at 17:00 CEST>"
    )


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_datetime(datetime(2024, 5, 17, 15, 0), "Europe/Berlin")


def test_day_and_clip() -> None:
    assert day(date(2024, 5, 6)) == "Mon 6 May"
    assert clip("abcdef", 4) == "abc…"
    assert clip("abc", 4) == "abc"
