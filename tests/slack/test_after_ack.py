"""`AfterAck`: work after an ack runs on its own threads, the most urgent first, and work a
thread reaches after its deadline runs its ``too_late`` instead."""

from __future__ import annotations

import threading
from collections.abc import Callable

from bot.domain.cadence import Kind
from bot.simulated_slack.signing import block_actions_body, slash_command_body
from bot.slack.after_ack import MODAL_START_SECONDS, RESPONSE_URL_SECONDS, AfterAck
from bot.slack.app import create_app
from bot.slack.ids import ActionId, PrivateMetadata
from bot.slack.listeners.actions.open_form import TOO_BUSY
from tests.slack.listener_harness import Harness, body_of, eventually, item

WAIT = 5.0  # an upper bound for a thread to get there, never a measured duration


class ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class StalledClock(ManualClock):
    """Each reading is later than the last by more than a modal may wait: a bot so busy that
    its threads reach every form too late."""

    def __call__(self) -> float:
        self.now += MODAL_START_SECONDS + 1
        return self.now


def recorder(
    done: list[str], name: str, finished: threading.Event | None = None
) -> Callable[[], None]:
    def record() -> None:
        done.append(name)
        if finished is not None:
            finished.set()

    return record


def fail(error: Exception) -> None:
    raise AssertionError(f"unexpected error {error!r}")


def test_a_modal_waiting_behind_other_work_opens_before_answers_that_can_wait() -> None:
    after_ack = AfterAck(threads=1, clock=ManualClock())
    busy, release, last = threading.Event(), threading.Event(), threading.Event()
    done: list[str] = []

    def occupy() -> None:
        busy.set()
        assert release.wait(WAIT)

    after_ack.submit(occupy, within=RESPONSE_URL_SECONDS, on_error=fail)
    assert busy.wait(WAIT)
    after_ack.submit(recorder(done, "status"), within=RESPONSE_URL_SECONDS, on_error=fail)
    after_ack.submit(recorder(done, "modal"), within=MODAL_START_SECONDS, on_error=fail)
    after_ack.submit(
        recorder(done, "later status", last), within=RESPONSE_URL_SECONDS, on_error=fail
    )
    release.set()

    assert last.wait(WAIT)
    assert done == ["modal", "status", "later status"]


def test_work_reached_after_its_deadline_runs_what_tells_the_person_instead() -> None:
    clock = ManualClock()
    after_ack = AfterAck(threads=1, clock=clock)
    busy, release, last = threading.Event(), threading.Event(), threading.Event()
    done: list[str] = []

    def occupy() -> None:
        busy.set()
        assert release.wait(WAIT)

    after_ack.submit(occupy, within=RESPONSE_URL_SECONDS, on_error=fail)
    assert busy.wait(WAIT)
    after_ack.submit(
        recorder(done, "views.open"),
        within=MODAL_START_SECONDS,
        on_error=fail,
        too_late=recorder(done, "asked to try again"),
    )
    after_ack.submit(recorder(done, "status", last), within=RESPONSE_URL_SECONDS, on_error=fail)
    clock.now += MODAL_START_SECONDS + 1
    release.set()

    assert last.wait(WAIT)
    assert done == ["asked to try again", "status"]


def test_a_failure_after_the_ack_goes_to_the_error_handler_and_the_threads_go_on() -> None:
    after_ack = AfterAck(threads=1)
    errors: list[Exception] = []
    finished = threading.Event()
    done: list[str] = []

    def broken() -> None:
        raise ValueError("boom")

    after_ack.submit(broken, within=RESPONSE_URL_SECONDS, on_error=errors.append)
    after_ack.submit(recorder(done, "next", finished), within=RESPONSE_URL_SECONDS, on_error=fail)

    assert finished.wait(WAIT)
    assert [str(e) for e in errors] == ["boom"] and done == ["next"]


def test_without_threads_the_work_is_done_when_submit_returns() -> None:
    after_ack = AfterAck(threads=0)
    done: list[str] = []

    after_ack.submit(recorder(done, "status"), within=RESPONSE_URL_SECONDS, on_error=fail)

    assert done == ["status"]


def test_a_forecast_command_the_bot_reaches_too_late_asks_to_run_it_again(
    harness: Harness,
) -> None:
    item(harness, Kind.FORECAST, "chi")
    harness.app = create_app(harness.container, after_ack=AfterAck(clock=StalledClock()))
    body = slash_command_body(
        "/cadence", "forecast", user_id=harness.user("chi"), response_url=harness.slack.response_url
    )

    ack = body_of(harness.dispatch(body))

    assert ack == {}
    reply = eventually(lambda: harness.slack.state.responses)[0]
    assert (
        reply["text"]
        == "Cadence was too busy to open the form in time: please run `/cadence forecast` again."
    )
    assert harness.slack.calls("views.open") == []


def test_a_form_button_the_bot_reaches_too_late_asks_to_click_again(harness: Harness) -> None:
    forecast = item(harness, Kind.FORECAST, "chi")
    harness.app = create_app(harness.container, after_ack=AfterAck(clock=StalledClock()))
    uid = harness.user("chi")

    harness.dispatch(
        block_actions_body(
            user_id=uid,
            action_id=ActionId.OPEN_FORM,
            value=PrivateMetadata(occurrence_id=forecast.id).encode(),
            channel_id="D" + uid[1:],
        )
    )

    told = eventually(lambda: harness.slack.calls("chat.postEphemeral"))
    assert told[0].params["text"] == TOO_BUSY
    assert harness.slack.calls("views.open") == []
