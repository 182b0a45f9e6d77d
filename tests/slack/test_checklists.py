"""A cadence's checklist: shown on its form, ticked, kept, and reported per manager."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.domain.actuals import quarter_of
from bot.domain.cadence import Kind
from bot.domain.review import Share
from bot.persistence.models import Occurrence
from bot.services.digests import build_digest
from bot.services.review import build_review
from bot.simulated_slack.server import SimulatedSlack
from bot.slack.ids import ActionId, BlockId, CallbackId
from tests.seeds.team import NOW
from tests.slack.blocks.slack_payloads import block, checkboxes, with_rows
from tests.slack.listener_harness import Harness, empty, migrated_database, opened_view, start
from tests.slack.test_digest_listeners import CHI, LEAD, NEXT_DIGEST
from tests.slack.test_listeners import click, item, meta_of, one_on_one_values, submit

CHECKLIST = ("Reviewed the pipeline", "Agreed next steps", "Coached one skill")


@pytest.fixture(scope="module")
def listener_database(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    server = lambda: str(request.getfixturevalue("postgres_server_url"))  # noqa: E731
    with migrated_database(backend, tmp_path_factory.mktemp("checklists"), server) as url:
        yield url


@pytest.fixture
def harness(listener_database: str, fake_slack: SimulatedSlack) -> Iterator[Harness]:
    harness = start(listener_database, fake_slack)
    os = harness.container.operating_system
    harness.container.operating_system = replace(
        os,
        cadences=tuple(
            replace(c, checklist=CHECKLIST) if c.kind is Kind.ONE_ON_ONE else c for c in os.cadences
        ),
    )
    yield harness
    empty(harness)


def test_the_1on1_form_shows_the_checklist_and_what_was_ticked_is_reported(
    harness: Harness,
) -> None:
    one_on_one = item(harness, Kind.ONE_ON_ONE, "chi", "ann")

    click(harness, "chi", ActionId.OPEN_FORM, meta_of(one_on_one).encode())
    boxes = block(opened_view(harness.slack), BlockId.CHECKLIST)["element"]
    assert [o["text"]["text"] for o in boxes["options"]] == list(CHECKLIST)
    assert "initial_options" not in boxes

    values = with_rows(one_on_one_values("ann@acme.example"), checklist=checkboxes(["0", "2"]))
    assert submit(harness, "chi", CallbackId.ONE_ON_ONE, values, meta_of(one_on_one)) == {}

    kept = harness.read(lambda s: s.get(Occurrence, one_on_one.id))
    assert kept is not None and kept.checklist == {
        "items": list(CHECKLIST),
        "done": ["Reviewed the pipeline", "Coached one skill"],
    }
    digest = harness.read(
        lambda s: build_digest(
            s,
            harness.container.operating_system,
            leader_email=LEAD,
            week_start=NEXT_DIGEST,
            now=NOW,
        )
    )
    assert digest.coaching is not None
    chi = digest.coaching.manager(CHI)
    assert chi is not None
    assert (chi.checklist.done, chi.checklist.items, chi.checklist.share) == (2, 3, 2 / 3)

    # The quarterly review reads the same share, and 2 of 3 is below what keeps the rhythm.
    review = harness.read(
        lambda s: build_review(
            s,
            harness.container.operating_system,
            leader_email=LEAD,
            quarter=quarter_of(one_on_one.period_start),
            now=NOW,
        )
    )
    reviewed = next(m for m in review.managers if m.email.lower() == CHI.lower())
    assert reviewed.checklist == Share(2, 3)
    assert "checklist" in reviewed.not_kept
    assert all(m.checklist is None for m in review.managers if m is not reviewed)


def test_a_form_without_a_checklist_keeps_nothing(harness: Harness) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")

    click(harness, "chi", ActionId.OPEN_FORM, meta_of(forecast).encode())
    modal = opened_view(harness.slack)

    assert not any(b.get("block_id") == BlockId.CHECKLIST for b in modal["blocks"])
