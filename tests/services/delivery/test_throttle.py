"""A 429 pauses its own Slack method until the announced instant, then paces it."""

from __future__ import annotations

import pytest

from bot.services.delivery.throttle import Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_refused_method_waits_for_the_announced_instant_and_the_others_do_not() -> None:
    clock = Clock()
    throttle = Throttle(clock)

    throttle.refused("chat.postMessage", retry_after=3)
    clock.now += 1

    assert throttle.paused("chat.postMessage") == pytest.approx(2)
    assert throttle.paused("chat.update") == 0
    assert throttle.earliest_pause() == ("chat.postMessage", pytest.approx(2))
    throttle.resume("chat.postMessage")
    assert throttle.paused("chat.postMessage") == 0 and throttle.earliest_pause() is None


def test_after_a_burst_was_refused_the_method_is_paced_just_under_what_slack_admitted() -> None:
    clock = Clock()
    throttle = Throttle(clock)
    for _ in range(50):  # a burst: fifty calls admitted in a quarter of a second
        throttle.admitted("chat.postMessage")
        clock.now += 0.005

    throttle.refused("chat.postMessage", retry_after=1)
    clock.now += 1
    throttle.resume("chat.postMessage")

    assert throttle.pace("chat.postMessage") == 0  # the first call after the pause goes at once
    interval = throttle.pace("chat.postMessage")  # the next one starts a slot later
    assert 1 / 50 < interval < 1 / 49  # just under the 50 a second Slack took
    clock.now += 0.5  # a slow call: the slot after it is not pushed back by its length
    assert throttle.pace("chat.postMessage") == 0
    assert throttle.pace("chat.update") == 0  # unaffected


def test_refused_again_while_paced_the_pace_slows_a_little() -> None:
    clock = Clock()
    throttle = Throttle(clock)
    for _ in range(50):
        throttle.admitted("chat.postMessage")
    throttle.refused("chat.postMessage", retry_after=1)
    clock.now += 1
    throttle.resume("chat.postMessage")
    throttle.pace("chat.postMessage")
    paced = throttle.pace("chat.postMessage")

    throttle.refused("chat.postMessage", retry_after=1)
    clock.now += 1
    throttle.resume("chat.postMessage")
    throttle.pace("chat.postMessage")

    assert throttle.pace("chat.postMessage") == pytest.approx(paced * 1.02)


def test_a_method_never_refused_is_never_paced() -> None:
    throttle = Throttle(Clock())
    for _ in range(1000):
        throttle.admitted("chat.postMessage")
    assert throttle.pace("chat.postMessage") == 0
