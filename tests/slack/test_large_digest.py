"""A leader of sixty managers: the digest stays within Slack's limits and shows the worst first.

Every message and modal goes through a real ``WebClient`` to the fake Slack, which rejects Block
Kit beyond Slack's limits (50 blocks a message, 3,000 characters a section, 100 blocks a modal).
Manager ``n`` (1-60) missed last week's team meeting when ``n`` is a multiple of 7, and was late
with it when ``n`` is a multiple of 5 (35 missed: missing wins); the two weeks before were on
time for everyone.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from PIL import Image
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import load_operating_system
from bot.domain.digest import Digest
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.rhythm_grid import CellState
from bot.persistence.models import Occurrence
from bot.persistence.repositories.people import all_by_email
from bot.reporting.chart import cell_box, colour_of, digest_chart, height_px
from bot.services.digests import build_digest
from bot.services.roster_sync import sync_roster
from bot.simulated_slack import SimulatedSlack
from bot.slack.blocks.digest import MAX_MANAGER_ROWS
from bot.slack.blocks.digest_detail import all_managers_modal
from bot.slack.delivery.report_sender import send_digest
from bot.slack.ids import ActionId
from tests.reporting.test_chart import png_size
from tests.slack.blocks.slack_payloads import elements, visible_text

MANAGERS = 60
VP = "vp@big.example"
WEEK = date(2026, 10, 5)  # reports on the week of 28 Sep
SEEDED = [date(2026, 9, 14), date(2026, 9, 21), date(2026, 9, 28)]


def name(n: int) -> str:
    return f"Manager {n:02d}"


def config(directory: Path) -> Path:
    people = [f"  - {{email: {VP}, name: Vee Pee}}"]
    for n in range(1, MANAGERS + 1):
        people.append(f"  - {{email: m{n}@big.example, name: {name(n)}, reports_to: {VP}}}")
        people.append(
            f"  - {{email: r{n}@big.example, name: Rep {n}, reports_to: m{n}@big.example}}"
        )
    path = directory / "big.yaml"
    path.write_text(
        "\n".join(
            [
                "organization: {name: Big Co, timezone: UTC}",
                "people:",
                *people,
                "cadences:",
                "  - {id: team, kind: team_meeting, audience: managers,",
                "     schedule: {every: week, opens: mon 09:00, due: fri 17:00}}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


def status(n: int, week: date) -> OccurrenceStatus:
    if week != SEEDED[-1]:
        return OccurrenceStatus.DONE_ON_TIME
    if n % 7 == 0:
        return OccurrenceStatus.MISSED
    return OccurrenceStatus.DONE_LATE if n % 5 == 0 else OccurrenceStatus.DONE_ON_TIME


@pytest.fixture
def digest(session: Session, tmp_path: Path) -> Digest:
    operating_system = load_operating_system(config(tmp_path))
    sync_roster(session, operating_system, directory=None, now=datetime(2026, 9, 1, tzinfo=UTC))
    ids = {email: row.id for email, row in all_by_email(session).items()}
    for n in range(1, MANAGERS + 1):
        for week in SEEDED:
            due = datetime.combine(week + timedelta(days=4), time(17), tzinfo=UTC)
            done = status(n, week)
            session.add(
                Occurrence(
                    cadence_id="team",
                    subject_id=ids[f"m{n}@big.example"],
                    period_start=week,
                    opens_at=due - timedelta(days=4, hours=8),
                    due_at=due,
                    closes_at=due + timedelta(days=1),
                    tz="UTC",
                    status=done,
                    completed_at=due if done.is_done else None,
                )
            )
    session.flush()
    now = datetime(2026, 10, 5, 8, tzinfo=UTC)
    return build_digest(session, operating_system, leader_email=VP, week_start=WEEK, now=now)


def test_slack_accepts_the_digest_of_sixty_managers_with_the_worst_first(
    digest: Digest, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    vp = fake_slack.add_user(VP, "Vee Pee")
    chart = digest_chart(digest)

    send_digest(fake_slack_client, channel_or_user=vp, digest=digest, chart_png=chart)

    posted, upload = fake_slack.messages_to(vp)
    assert len(posted.blocks) <= 50
    shown = visible_text(posted.blocks)
    details = [b for b in elements({"blocks": posted.blocks}) if b["action_id"] == "manager_detail"]
    assert len(details) == MAX_MANAGER_ROWS == 15
    missed = [name(n) for n in range(7, MANAGERS + 1, 7)]  # 8 managers, worst first
    assert shown.index(f"*{missed[0]}*") < shown.index(f"*{name(5)}*")
    assert all(f"*{m}*" in shown for m in missed)
    # Late last week leaves an 8-week rate of 2/3: attention too. Rows: the 8 who missed, then 7
    # of the 11 who were late; the other 4 are named in the summary.
    assert (
        "*…and 45 more managers*: 4 need attention (Manager 45, Manager 50, Manager 55, "
        "Manager 60), 41 on track." in shown
    )
    (see_all,) = [
        b for b in elements({"blocks": posted.blocks}) if b["action_id"] == ActionId.ALL_MANAGERS
    ]
    assert see_all["text"]["text"] == "See all 60 managers"
    assert [f["name"] for f in upload.files] == ["cadence-digest-2026-10-05.png"]


def test_see_all_managers_lists_all_sixty_in_a_modal_slack_accepts(
    digest: Digest, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    modal = all_managers_modal(digest)

    response = fake_slack_client.views_open(trigger_id="1.2.fake", view=modal.to_dict())

    assert response["ok"]
    shown = visible_text(fake_slack.modals()[0])
    assert all(name(n) in shown for n in range(1, MANAGERS + 1))
    assert "All 60 managers" in str(fake_slack.modals()[0]["title"])


def test_the_chart_has_sixty_rows_in_the_digests_order(digest: Digest) -> None:
    png = digest_chart(digest)

    assert png is not None
    assert png_size(png) == (1200, height_px(MANAGERS))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    order = [row.name for row in digest.managers]
    for manager, state in ((name(7), CellState.MISSED), (name(5), CellState.LATE)):
        left, top, right, bottom = cell_box(order.index(manager), 11, weeks=12)
        assert image.getpixel(((left + right) // 2, (top + bottom) // 2)) == colour_of(state)
    left, top, right, bottom = cell_box(order.index(name(1)), 0, weeks=12)
    assert image.getpixel(((left + right) // 2, (top + bottom) // 2)) == colour_of(None)
