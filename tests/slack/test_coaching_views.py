"""The coaching loop in Slack: the digest's sections and the manager detail, through the app."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from bot.domain.occurrence import SolutionType
from bot.domain.submissions import Focus
from bot.persistence.models import ActionItem, OneOnOneNote
from bot.services.digests import build_digest
from bot.simulated_slack.server import SimulatedSlack
from bot.simulated_slack.signing import app_home_opened_event, event_callback_body
from bot.slack.blocks.digest import ManagerDetailRef, digest_message
from bot.slack.ids import ActionId
from tests.seeds.team import NOW
from tests.slack.blocks.slack_payloads import serialised, visible_text
from tests.slack.listener_harness import (
    Harness,
    empty,
    eventually,
    migrated_database,
    opened_view,
    start,
)
from tests.slack.test_digest_listeners import CHI, LEAD, NEXT_DIGEST, click, ephemeral_to


@pytest.fixture(scope="module")
def listener_database(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    server = lambda: str(request.getfixturevalue("postgres_server_url"))  # noqa: E731
    with migrated_database(backend, tmp_path_factory.mktemp("coaching_views"), server) as url:
        yield url


@pytest.fixture
def harness(listener_database: str, fake_slack: SimulatedSlack) -> Iterator[Harness]:
    harness = start(listener_database, fake_slack)
    with harness.container.unit_of_work() as uow:
        team = harness.team
        for held_on, rep, solution, area, issue, done in (
            (date(2026, 11, 16), team.ann.id, SolutionType.COACHING, "Discovery", "Rushes", True),
            (
                date(2026, 11, 23),
                team.ann.id,
                SolutionType.FIELD_TRAINING,
                "discovery",
                None,
                False,
            ),
            (date(2026, 11, 24), team.bob.id, SolutionType.FEEDBACK, "Negotiation", None, True),
        ):
            uow.session.add(
                OneOnOneNote(
                    manager_id=team.chi.id,
                    rep_id=rep,
                    held_on=held_on,
                    topics="Deals",
                    performance_issue=issue,
                    solution_type=solution,
                    focus=Focus.SKILL,
                    focus_detail=area,
                    submitted_at=datetime(2026, 11, 24, 18, tzinfo=UTC),
                    action_items=[
                        ActionItem(
                            owner_id=rep,
                            text="Call back",
                            due_on=date(2026, 11, 27),
                            done_at=datetime(2026, 11, 26, 18, tzinfo=UTC) if done else None,
                        )
                    ],
                )
            )
    yield harness
    empty(harness)


def test_the_digest_says_what_managers_are_working_on(harness: Harness) -> None:
    container = harness.container
    shown = harness.read(
        lambda s: visible_text(
            serialised(
                digest_message(
                    build_digest(
                        s,
                        container.operating_system,
                        leader_email=LEAD,
                        week_start=NEXT_DIGEST,
                        now=NOW,
                    )
                ).blocks
            )
        )
    )

    assert "What your managers are working on" in shown
    assert "3 1:1s: coaching 33%, field training 33%, feedback 33%" in shown
    assert "most worked on: Discovery (2), Negotiation (1)" in shown
    assert "By month: Oct: no 1:1s logged; Nov: 3 1:1s: coaching 33%" in shown
    assert "Chi Manager: Discovery, Negotiation · 2/3 action items on time, 1 open" in shown
    assert "Skips last week, by reason" in shown


def test_the_managers_detail_shows_each_reps_diagnoses_to_their_leader(harness: Harness) -> None:
    click(harness, "lead", ActionId.MANAGER_DETAIL, ManagerDetailRef(CHI, NEXT_DIGEST).encode())

    shown = visible_text(opened_view(harness.slack))

    assert "Follow-through*: 2/3 action items on time, 1 open" in shown
    assert "`Nov 2026` 3 1:1s" in shown
    assert "*Ann Rep*\n• Mon 23 Nov: Field training, Skill: discovery" in shown
    assert "• Mon 16 Nov: Coaching, Skill: Discovery — diagnosed: Rushes" in shown
    assert "*Bob Rep*\n• Tue 24 Nov: Feedback, Skill: Negotiation" in shown


def test_a_manager_cannot_open_their_own_detail_from_someone_elses_digest(
    harness: Harness,
) -> None:
    click(harness, "chi", ActionId.MANAGER_DETAIL, ManagerDetailRef(CHI, NEXT_DIGEST).encode())

    assert "Sorry" in ephemeral_to(harness, "chi")
    assert not harness.slack.calls("views.open")


def home_of(harness: Harness, user: str) -> str:
    return visible_text(eventually(lambda: harness.slack.views_published(harness.user(user)))[-1])


def test_the_app_home_shows_follow_through_per_manager_and_my_open_items(
    harness: Harness,
) -> None:
    harness.dispatch(event_callback_body(app_home_opened_event(harness.user("lead"))))
    harness.dispatch(event_callback_body(app_home_opened_event(harness.user("ann"))))

    lead_home = visible_text(
        eventually(lambda: harness.slack.views_published(harness.user("lead")))[-1]
    )
    ann_home = visible_text(
        eventually(lambda: harness.slack.views_published(harness.user("ann")))[-1]
    )

    # Ann's item of 16 Nov done on the 26th (due the 27th), Bob's too; Ann's of 23 Nov still open.
    assert "*Chi Manager*: " in lead_home
    assert "2/3 action items on time, 1 open" in lead_home
    assert "*Your action items*: 1 open, 1 overdue." in ann_home
