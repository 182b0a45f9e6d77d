"""A 429 pauses its own Slack method until the announced instant, then mirrors Slack's window."""

from __future__ import annotations

import random

import pytest

from bot.services.delivery.throttle import Throttle
from bot.simulated_slack.server import SlidingWindowLimit


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _most_in_a_second(starts: list[float]) -> int:
    return max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts)


def _call(throttle: Throttle, clock: Clock, *, seconds: float = 0.002) -> float:
    """One paced call taking ``seconds``; when it started."""
    clock.now += throttle.pace("chat.postMessage")
    started = clock.now
    clock.now += seconds
    throttle.answered("chat.postMessage")
    return started


def _learn(throttle: Throttle, clock: Clock, *, burst: int) -> None:
    """A burst Slack took ``burst`` calls of, in a quarter of a second, then refused."""
    for _ in range(burst + 1):
        assert throttle.pace("chat.postMessage") == 0
        clock.now += 0.25 / burst
        throttle.answered("chat.postMessage")
    throttle.refused("chat.postMessage", retry_after=1)
    clock.now += 1
    throttle.resume("chat.postMessage")


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


def test_after_a_refusal_no_second_holds_more_calls_than_slack_took_yet_few_less() -> None:
    clock = Clock()
    throttle = Throttle(clock)
    _learn(throttle, clock, burst=50)
    assert throttle.limit("chat.postMessage") == 50
    assert throttle.limit("chat.update") == 0  # unaffected

    starts = [_call(throttle, clock) for _ in range(1000)]

    assert starts[0] == pytest.approx(101.255)  # the first call after the pause went at once
    assert _most_in_a_second(starts) == 50
    assert len(starts) / (starts[-1] - starts[0]) > 0.99 * 50


def test_uneven_latency_does_not_tip_a_mirrored_call_over_slacks_limit() -> None:
    clock, jitter = Clock(), random.Random(12)
    throttle = Throttle(clock)
    slack = SlidingWindowLimit(50)
    refused = 0
    for _ in range(3000):
        clock.now += throttle.pace("chat.postMessage")
        # The call reaches Slack up to 15 ms after it started, unevenly, and its answer comes
        # back up to 15 ms after that; Slack counts arrivals.
        clock.now += jitter.choice((0.0, 0.004, 0.015)) * jitter.random()
        retry_after = slack.refuse(clock.now, {})
        clock.now += jitter.choice((0.0, 0.004, 0.015)) * jitter.random()
        throttle.answered("chat.postMessage")
        if retry_after is not None:
            refused += 1
            throttle.refused("chat.postMessage", retry_after=retry_after)
            clock.now += retry_after
            throttle.resume("chat.postMessage")

    assert refused == 1  # the one that taught the limit


def test_refused_while_mirroring_the_limit_shrinks_as_another_sender_shares_it() -> None:
    clock = Clock()
    throttle = Throttle(clock)
    _learn(throttle, clock, burst=50)

    for limit in (45, 40, 36):
        for _ in range(60):
            _call(throttle, clock)
        throttle.refused("chat.postMessage", retry_after=1)
        clock.now += 1
        throttle.resume("chat.postMessage")
        assert throttle.limit("chat.postMessage") == limit


def test_a_first_call_refused_teaches_nothing_and_only_pauses() -> None:
    clock = Clock()
    throttle = Throttle(clock)
    _call(throttle, clock)
    throttle.refused("chat.postMessage", retry_after=2)
    clock.now += 2
    throttle.resume("chat.postMessage")

    assert throttle.limit("chat.postMessage") == 0
    assert throttle.pace("chat.postMessage") == 0


def test_a_method_never_refused_is_never_paced() -> None:
    throttle = Throttle(Clock())
    for _ in range(1000):
        assert throttle.pace("chat.postMessage") == 0
        throttle.answered("chat.postMessage")
