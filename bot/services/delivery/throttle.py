"""Slack's rate limits, one bucket per Web API method: a 429 pauses only its own method.

Slack limits each method separately (and ``chat.postMessage`` further per channel and per
workspace), so a refused ``chat.postMessage`` must not hold back a ``chat.update``. A refused
method pauses until the instant Slack announced (``Retry-After``), then resumes paced at the
rate Slack had just admitted: bursting into the limit again would cost a whole ``Retry-After``
(a second at least) for every few dozen messages, while a steady pace just under the limit
keeps the sender busy. Pacing is learned per process; each replica learns its own.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# The window over which Slack's admitted calls are counted to learn the pace.
_WINDOW_SECONDS = 1.0
# Pace this much below the admitted rate: jitter between our clock and Slack's must not tip
# a call over the limit. Refused again while paced, the pace slows by _BACK_OFF.
_MARGIN = 0.99
_BACK_OFF = 1.02


@dataclass
class _Bucket:
    admitted: deque[float] = field(default_factory=deque)  # recent admitted calls (clock)
    paused_until: float | None = None
    interval: float = 0.0  # seconds between call starts once a limit was met; 0: not paced
    next_slot: float = 0.0  # the clock reading at which the next paced call may start


class Throttle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def paused(self, method: str) -> float:
        """Seconds until ``method`` may be called again after a 429; 0 when it may."""
        bucket = self._buckets.get(method)
        if bucket is None or bucket.paused_until is None:
            return 0.0
        return max(0.0, bucket.paused_until - self._clock())

    def earliest_pause(self) -> tuple[str, float] | None:
        """The paused method that resumes first, and in how many seconds."""
        pauses = [(self.paused(m), m) for m, b in self._buckets.items() if b.paused_until]
        if not pauses:
            return None
        seconds, method = min(pauses)
        return method, seconds

    def resume(self, method: str) -> None:
        """The announced instant has come (the caller waited for it): the next call may go."""
        bucket = self._bucket(method)
        bucket.paused_until, bucket.next_slot = None, self._clock()

    def pace(self, method: str) -> float:
        """Seconds to wait before starting the next call of ``method``, which this reserves:
        paced calls start ``interval`` apart, however long each one takes."""
        bucket = self._buckets.get(method)
        if bucket is None or not bucket.interval:
            return 0.0
        now = self._clock()
        start = max(now, bucket.next_slot)
        bucket.next_slot = start + bucket.interval
        return start - now

    def admitted(self, method: str) -> None:
        """Slack took a call of ``method``."""
        bucket, now = self._bucket(method), self._clock()
        bucket.admitted.append(now)
        while bucket.admitted and now - bucket.admitted[0] > _WINDOW_SECONDS:
            bucket.admitted.popleft()

    def refused(self, method: str, *, retry_after: float) -> None:
        """Slack answered 429: pause ``method`` until the announced instant, then pace it just
        under the rate it had admitted in the last second; refused while already paced, a
        little slower than before."""
        bucket, now = self._bucket(method), self._clock()
        bucket.paused_until = bucket.next_slot = now + retry_after
        recent = [t for t in bucket.admitted if now - t <= _WINDOW_SECONDS]
        if bucket.interval:
            bucket.interval *= _BACK_OFF
        elif recent:
            bucket.interval = _WINDOW_SECONDS / (len(recent) * _MARGIN)
        bucket.admitted.clear()

    def _bucket(self, method: str) -> _Bucket:
        return self._buckets.setdefault(method, _Bucket())
