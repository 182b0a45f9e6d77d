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
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# The window Slack counts a method's calls in (chat.postMessage: per second).
WINDOW_SECONDS = 1.0


@dataclass
class _Bucket:
    answered: deque[float] = field(default_factory=deque)  # recent calls' answers (clock)
    paused_until: float | None = None
    limit: int = 0  # calls Slack takes in a window, learned from a 429; 0: not known yet


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
        taught the limit, then until a window has passed since the N-th answer before."""
        with self._lock:
            bucket = self._buckets.get(method)
            if bucket is None or not bucket.limit or len(bucket.answered) < bucket.limit:
                return 0.0
            return max(0.0, bucket.answered[-bucket.limit] + WINDOW_SECONDS - self._clock())

    def answered(self, method: str) -> None:
        """A call of ``method`` got its answer (a 429 is then reported with ``refused``)."""
        with self._lock:
            bucket, now = self._bucket(method), self._clock()
            bucket.answered.append(now)
            keep = max(bucket.limit, 1)
            while len(bucket.answered) > keep and bucket.answered[0] < now - WINDOW_SECONDS:
                bucket.answered.popleft()

    def refused(self, method: str, *, retry_after: float) -> None:
        """The last call of ``method`` was answered 429: pause the method until the announced
        instant, and learn (or lower) how many calls a window Slack takes."""
        with self._lock:
            bucket, now = self._bucket(method), self._clock()
            bucket.paused_until = now + retry_after
            if not bucket.answered:
                return  # a method never paced here (a look-up during recovery): only paused
            refused_at = bucket.answered.pop()  # Slack does not count a refused call
            taken = sum(1 for t in bucket.answered if refused_at - t < WINDOW_SECONDS)
            if not bucket.limit:
                # Nothing taken in the window: the limit was used up by someone else.
                bucket.limit = taken
            else:
                bucket.limit = max(1, min(taken, bucket.limit * 9 // 10))

    def _bucket(self, method: str) -> _Bucket:
        return self._buckets.setdefault(method, _Bucket())
