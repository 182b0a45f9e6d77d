"""A 429 pauses its own Slack method until the announced instant, then mirrors Slack's window."""

from __future__ import annotations

import random

import pytest

from bot.services.delivery.throttle import Started, Throttle
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
    for _ in range(burst):
        assert throttle.pace("chat.postMessage") == 0
        clock.now += 0.25 / burst
        throttle.answered("chat.postMessage")
    clock.now += 0.25 / burst
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
        if retry_after is None:
            throttle.answered("chat.postMessage")
        else:
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
    throttle.refused(
        "chat.postMessage", retry_after=2, started=throttle.started("chat.postMessage")
    )
    clock.now += 2
    throttle.resume("chat.postMessage")

    assert throttle.limit("chat.postMessage") == 0
    assert throttle.pace("chat.postMessage") == 0


def test_a_method_never_refused_is_never_paced() -> None:
    throttle = Throttle(Clock())
    for _ in range(1000):
        assert throttle.pace("chat.postMessage") == 0
        throttle.answered("chat.postMessage")


def test_eight_calls_in_flight_at_slacks_latency_stay_within_its_limit_and_near_it() -> None:
    """Eight calls at once, each answered 0.1 s after it starts (Slack counts it on arrival,
    half-way); calls in flight hold a place in the window, and an answered call is reckoned
    at its answer less the shortest round trip, so no whole round trip is lost per window."""
    clock, slack = Clock(), SlidingWindowLimit(50)
    throttle = Throttle(clock)
    _learn(throttle, clock, burst=50)
    in_flight: list[tuple[float, Started]] = []  # (answered at, the call)
    starts: list[float] = []
    refused = 0
    while len(starts) < 2000:
        pause = throttle.pace("chat.postMessage")
        in_flight.sort()
        if in_flight and (len(in_flight) == 8 or in_flight[0][0] <= clock.now + pause):
            answered_at, call = in_flight.pop(0)  # the next answer comes first
            clock.now = max(clock.now, answered_at)
            throttle.answered("chat.postMessage", call)
            continue
        clock.now += pause
        call = throttle.started("chat.postMessage")
        refused += slack.refuse(clock.now + 0.05, {}) is not None
        starts.append(clock.now)
        in_flight.append((clock.now + 0.1, call))

    assert refused == 0
    assert _most_in_a_second(starts) == 50
    assert len(starts) / (starts[-1] - starts[0]) > 0.99 * 50


def test_the_calls_in_flight_with_a_refused_one_teach_nothing_more() -> None:
    clock = Clock()
    throttle = Throttle(clock)
    for _ in range(50):
        throttle.answered("chat.postMessage", throttle.started("chat.postMessage"))
    together = [throttle.started("chat.postMessage") for _ in range(8)]

    for call in together:  # all eight meet the same full window
        throttle.refused("chat.postMessage", retry_after=1, started=call)

    assert throttle.limit("chat.postMessage") == 50
    assert throttle.paused("chat.postMessage") == pytest.approx(1)
    assert throttle.pace("chat.postMessage") == pytest.approx(1)  # nothing in flight now
