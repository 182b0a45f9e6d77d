"""Slack's rate limits, one bucket per Web API method: a 429 pauses only its own method.

Slack limits each method separately (and ``chat.postMessage`` further per channel and per
workspace), so a refused ``chat.postMessage`` must not hold back a ``chat.update``. A refused
method pauses until the instant Slack announced (``Retry-After``).

Slack counts calls in a sliding window: at most N in any second. Each bucket keeps a mirror of
that window on our side: when each recent call got its answer, by which time Slack had surely
counted it. A 429 teaches the bucket N: the calls answered in the second before it, all of
which Slack took. From then on a call starts only a whole window after the answer to the N-th
call before it, so however unevenly our calls travel, Slack never counts N + 1 of them in a
second; bursting into the limit instead would cost a whole ``Retry-After`` (a second at least)
every few dozen messages. The price is one round trip a window. Refused while mirroring,
another sender shares the limit: N shrinks by a tenth. Learned per process; each replica
learns its own share from its first 429.

Several calls may be in flight at once (``started`` counts them): one not answered yet may
already be counted by Slack, so it takes a place in the window until its answer. An answer
comes a round trip after the start, and Slack counted the call somewhere between: reckoning
each answered call at its answer minus the shortest round trip seen, less a margin for the
trip's jitter, gives back most of what waiting a whole window after each answer would lose (one
round trip a window: a tenth of the rate at Slack's usual 0.1 s). That assumes the way to
Slack varies less than the margin; a 429 while mirroring with such a credit doubles the margin
(the credit is wrong before another sender is suspected), and once no credit is left, N
shrinks. A 429 answered to a call started before the last refusal teaches nothing more: the
calls in flight together all meet the same full window, and each would otherwise shrink N
again. Thread-safe.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

# The window Slack counts a method's calls in (chat.postMessage: per second).
WINDOW_SECONDS = 1.0
# How much the way to Slack is first assumed to vary from call to call.
FIRST_MARGIN = 0.01


class Started(NamedTuple):
    """A call in flight: the 429s the bucket had learned from when it started, and when."""

    refusals: int
    at: float


@dataclass
class _Bucket:
    answered: deque[float] = field(default_factory=deque)  # recent calls' answers (clock)
    paused_until: float | None = None
    limit: int = 0  # calls Slack takes in a window, learned from a 429; 0: not known yet
    in_flight: int = 0  # calls started and not answered yet
    shortest: float = math.inf  # the shortest round trip seen (start to answer)
    margin: float = FIRST_MARGIN  # kept off the shortest round trip for jitter
    refusals: int = 0  # 429s that taught; a call remembers how many there were when it started

    def credit(self) -> float:
        """How long before its answer an answered call is reckoned counted by Slack."""
        return 0.0 if self.shortest == math.inf else max(0.0, self.shortest - self.margin)


class Throttle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def paused(self, method: str) -> float:
        """Seconds until ``method`` may be called again after a 429; 0 when it may."""
        with self._lock:
            bucket = self._buckets.get(method)
            if bucket is None or bucket.paused_until is None:
                return 0.0
            return max(0.0, bucket.paused_until - self._clock())

    def earliest_pause(self) -> tuple[str, float] | None:
        """The paused method that resumes first, and in how many seconds."""
        paused = [m for m, b in list(self._buckets.items()) if b.paused_until is not None]
        if not paused:
            return None
        seconds, method = min((self.paused(m), m) for m in paused)
        return method, seconds

    def resume(self, method: str) -> None:
        """The announced instant has come (the caller waited for it): the next call may go.
        Slack's window has moved past the calls before the pause (it announces at least a
        second), so the mirror forgets them."""
        with self._lock:
            bucket = self._bucket(method)
            bucket.paused_until = None
            bucket.answered.clear()

    def limit(self, method: str) -> int:
        """The calls a window Slack was learned to take of ``method``; 0 while not known."""
        bucket = self._buckets.get(method)
        return bucket.limit if bucket is not None else 0

    def pace(self, method: str) -> float:
        """Seconds to wait before starting the next call of ``method``: none until a 429
        taught the limit, then until the calls in flight and those answered in the last
        window leave room; ``math.inf`` while the calls in flight alone fill the window (the
        next answer makes room)."""
        with self._lock:
            bucket = self._buckets.get(method)
            if bucket is None or not bucket.limit:
                return 0.0
            room = bucket.limit - bucket.in_flight
            if room <= 0:
                return math.inf
            if len(bucket.answered) < room:
                return 0.0
            counted = bucket.answered[-room] - bucket.credit()
            return max(0.0, counted + WINDOW_SECONDS - self._clock())

    def started(self, method: str) -> Started:
        """A call of ``method`` starts; what it returns is handed to ``answered``/``refused``."""
        with self._lock:
            bucket = self._bucket(method)
            bucket.in_flight += 1
            return Started(bucket.refusals, self._clock())

    def answered(self, method: str, started: Started | None = None) -> None:
        """A call of ``method`` got an answer other than a 429 (``refused`` reports those);
        ``started``: what ``started`` returned for it."""
        with self._lock:
            bucket, now = self._bucket(method), self._clock()
            if started is not None:
                bucket.in_flight -= 1
                bucket.shortest = min(bucket.shortest, now - started.at)
            bucket.answered.append(now)
            keep = max(bucket.limit, 1)
            while len(bucket.answered) > keep and bucket.answered[0] < now - WINDOW_SECONDS:
                bucket.answered.popleft()

    def refused(self, method: str, *, retry_after: float, started: Started | None = None) -> None:
        """A call of ``method`` was answered 429 (Slack did not count it): pause the method
        until the announced instant, and learn (or lower) how many calls a window Slack takes
        (not from a call that started before the last lesson)."""
        with self._lock:
            bucket, now = self._bucket(method), self._clock()
            until = now + retry_after
            bucket.paused_until = max(until, bucket.paused_until or until)
            if started is not None:
                bucket.in_flight -= 1
                if started.refusals != bucket.refusals:
                    return  # in flight with the call that taught: the same full window
            if not bucket.answered:
                return  # a method never paced here (a look-up during recovery): only paused
            bucket.refusals += 1
            taken = sum(1 for t in bucket.answered if now - t < WINDOW_SECONDS)
            if not bucket.limit:
                # Nothing taken in the window: the limit was used up by someone else.
                bucket.limit = taken
            elif bucket.credit() > 0:
                bucket.margin *= 2  # Slack counted our calls later than reckoned
            else:
                bucket.limit = max(1, min(taken, bucket.limit * 9 // 10))

    def _bucket(self, method: str) -> _Bucket:
        return self._buckets.setdefault(method, _Bucket())
