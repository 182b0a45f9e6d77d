from __future__ import annotations

from datetime import date, timedelta

from bot.domain.adherence import AdherenceSummary
from bot.slack.blocks.context import (
    AdherenceWeek,
    FailedDelivery,
    HomeContext,
    ManagerLine,
    OpenItem,
)
from bot.slack.blocks.digest_wording import counts
from bot.slack.blocks.home import MAX_OPEN_ITEMS, home_view, not_on_roster_home
from bot.slack.ids import ActionId, BlockId, PrivateMetadata
from tests.seeds.slack_people import FORECAST, FRIDAY_5PM_BERLIN, MANAGER_TZ, ONE_ON_ONE
from tests.slack.blocks.slack_payloads import block, elements, serialised, visible_text

WEEKS = tuple(
    AdherenceWeek(date(2024, 3, 25) + timedelta(weeks=n), AdherenceSummary(on_time=3, late=n % 2))
    for n in range(8)
)


def _home(**changes: object) -> HomeContext:
    fields: dict[str, object] = {
        "person_name": "Dana Whitfield",
        "tz": MANAGER_TZ,
        "open_items": (
            OpenItem(FORECAST, FRIDAY_5PM_BERLIN),
            OpenItem(ONE_ON_ONE, FRIDAY_5PM_BERLIN - timedelta(days=2), overdue=True),
        ),
        "weeks": WEEKS,
    }
    fields.update(changes)
    return HomeContext(**fields)  # type: ignore[arg-type]


def test_home_lists_my_open_items_with_a_button_each() -> None:
    view = serialised(home_view(_home()))

    assert view["type"] == "home"
    forecast = block(view, f"{BlockId.HOME_ITEM}.41")
    assert "*Weekly forecast*\nDue <!date^" in forecast["text"]["text"]
    assert forecast["accessory"]["action_id"] == ActionId.HOME_OPEN_ITEM
    assert forecast["accessory"]["text"]["text"] == "Submit forecast"
    assert PrivateMetadata.decode(forecast["accessory"]["value"]).occurrence_id == 41
    one_on_one = block(view, f"{BlockId.HOME_ITEM}.42")
    assert ":red_circle: overdue, was due" in one_on_one["text"]["text"]
    assert one_on_one["accessory"]["style"] == "primary"


def test_home_shows_eight_weeks_of_adherence_one_line_each() -> None:
    view = serialised(home_view(_home()))

    lines = block(view, BlockId.HOME_ADHERENCE)["text"]["text"].splitlines()
    assert len(lines) == 8
    assert lines[0] == "`Mon 25 Mar 100%`  3/3 on time"
    assert lines[1] == "`Mon 1 Apr   75%`  3/4 on time, 1 late"
    assert "Your adherence, last 8 weeks" in visible_text(view)


def test_an_excused_week_shows_no_rate_and_no_weeks_say_no_history() -> None:
    excused = (AdherenceWeek(date(2024, 5, 13), AdherenceSummary(excused=1)),)

    lines = block(serialised(home_view(_home(weeks=excused))), BlockId.HOME_ADHERENCE)
    empty = serialised(home_view(_home(weeks=(), open_items=())))

    assert lines["text"]["text"] == "`Mon 13 May    \N{EN DASH}`  1 excused"
    assert "No history yet." in visible_text(empty)


def test_a_week_nobody_was_nudged_about_says_so_and_does_not_lower_the_rate() -> None:
    week = (AdherenceWeek(date(2024, 5, 13), AdherenceSummary(on_time=1, not_nudged=2)),)

    lines = block(serialised(home_view(_home(weeks=week))), BlockId.HOME_ADHERENCE)

    assert lines["text"]["text"] == "`Mon 13 May 100%`  1/1 on time, 2 not nudged"


def test_the_digest_counts_not_nudged_apart_from_missed() -> None:
    summary = AdherenceSummary(on_time=3, missed=1, not_nudged=2)

    assert counts(summary) == "3 on time, 1 missed, 2 not nudged"
    assert summary.rate == 0.75


def test_a_person_with_nothing_open_is_told_so() -> None:
    view = serialised(home_view(_home(open_items=())))

    assert "Nothing open right now." in visible_text(view)
    assert elements(view) == []


def test_a_leader_sees_a_one_screen_summary_of_their_managers() -> None:
    team = (
        ManagerLine("Dana Whitfield", AdherenceSummary(on_time=9, late=1), forecast_submitted=True),
        ManagerLine("Omar Haddad", AdherenceSummary(on_time=5, missed=3), forecast_submitted=False),
        ManagerLine("Lin Chen", AdherenceSummary()),
    )

    view = serialised(home_view(_home(team=team)))

    lines = block(view, f"{BlockId.HOME_TEAM}.1")["text"]["text"].splitlines()
    assert lines == [
        "*Dana Whitfield*: 90% on time · forecast :white_check_mark:",
        "*Omar Haddad*: 62% on time · 3 missed · forecast :x:",
        "*Lin Chen*: \N{EN DASH} on time · forecast \N{EN DASH}",
    ]


def test_an_admin_sees_failed_deliveries() -> None:
    failed = (
        FailedDelivery(
            "Sam Rivera", "Weekly forecast reminder", "account_inactive", FRIDAY_5PM_BERLIN
        ),
    )

    view = serialised(home_view(_home(failed_deliveries=failed)))

    text = block(view, BlockId.HOME_FAILED)["text"]["text"]
    assert (
        text
        == "Sam Rivera: Weekly forecast reminder, `account_inactive` (Fri 17 May at 17:00 CEST)"
    )


def test_a_busy_home_stays_within_slacks_100_blocks() -> None:
    items = tuple(OpenItem(FORECAST, FRIDAY_5PM_BERLIN) for _ in range(60))
    team = tuple(ManagerLine(f"Manager {n}", AdherenceSummary(on_time=1)) for n in range(80))
    failed = tuple(
        FailedDelivery(f"Rep {n}", "Nudge", "user_not_found", FRIDAY_5PM_BERLIN) for n in range(40)
    )

    view = serialised(home_view(_home(open_items=items, team=team, failed_deliveries=failed)))

    assert len(view["blocks"]) <= 100
    assert (
        len([b for b in view["blocks"] if b.get("block_id", "").startswith("home_item")])
        == MAX_OPEN_ITEMS
    )
    assert "…and 40 more." in visible_text(view)
    assert "…and 25 more." in visible_text(view)


def test_someone_not_on_the_roster_is_told_politely_to_ask_an_admin() -> None:
    view = serialised(not_on_roster_home(["Ops Team"]))

    assert "You're not on Cadence's roster yet" in visible_text(view)
    assert "ask Ops Team to add you" in visible_text(view)
