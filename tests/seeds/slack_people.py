"""A small sales team, in two time zones, for the Slack view tests."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.cadence import Kind
from bot.slack.blocks.context import ItemRef, RepOption

MANAGER_TZ = "Europe/Berlin"
LEADER_TZ = "America/New_York"

SAM = RepOption(email="sam.rivera@acme.example", name="Sam Rivera")
PRIYA = RepOption(email="priya.shah@acme.example", name="Priya Shah")
REPS = (SAM, PRIYA)
SOMEONE_ELSES_REP = "lee.okafor@acme.example"

# Friday 17 May 2024, 17:00 in Berlin (CEST, UTC+2).
FRIDAY_5PM_BERLIN = datetime(2024, 5, 17, 15, 0, tzinfo=UTC)

FORECAST = ItemRef(
    occurrence_id=41, cadence_id="weekly-forecast", kind=Kind.FORECAST, title="Weekly forecast"
)
ONE_ON_ONE = ItemRef(
    occurrence_id=42,
    cadence_id="weekly-1on1",
    kind=Kind.ONE_ON_ONE,
    title="Weekly 1:1",
    counterpart_name="Sam Rivera",
)
TEAM_MEETING = ItemRef(
    occurrence_id=43, cadence_id="team-meeting", kind=Kind.TEAM_MEETING, title="Team meeting"
)
COACHING_PULSE = ItemRef(
    occurrence_id=44,
    cadence_id="coaching-pulse",
    kind=Kind.COACHING_PULSE,
    title="Coaching pulse",
    counterpart_name="Dana Whitfield",
)
