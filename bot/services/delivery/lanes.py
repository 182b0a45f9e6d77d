"""``Lanes``: a bounded number of Slack calls in flight, one per recipient at a time.

Slack answers a call in 0.1-0.3 s, so one call at a time holds a sender to a few messages a
second whatever its CPU. ``Lanes`` runs up to ``size`` calls at once on a small thread pool; a
call waits for its lane (its recipient: a person's DM is one channel) to be free, so one
person's messages still go one after the other, and the caller starts calls in the order it
asks, so they start earliest first. With ``size`` 1 each call runs in the caller's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class Lanes:
    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._pool = (
            ThreadPoolExecutor(self.size, thread_name_prefix="slack-send")
            if self.size > 1
            else None
        )
        self._changed = threading.Condition()
        self._busy: set[Hashable] = set()
        self._finished = 0

    def wait_for(self, lane: Hashable) -> None:
        """Until a call may start on ``lane``: a place is free and the lane is idle."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._busy) < self.size and lane not in self._busy)

    def wait_for_a_call_to_end(self, timeout: float) -> None:
        """Until one of the calls in flight ends (at most ``timeout`` seconds)."""
        with self._changed:
            if self._busy:
                finished = self._finished
                self._changed.wait_for(lambda: self._finished != finished, timeout)

    def start(self, lane: Hashable, call: Callable[[], T]) -> Future[T]:
        """Start ``call`` on ``lane`` (after ``wait_for(lane)``)."""
        with self._changed:
            self._busy.add(lane)

        def run() -> T:
            try:
                return call()
            finally:
                with self._changed:
                    self._busy.discard(lane)
                    self._finished += 1
                    self._changed.notify_all()

        if self._pool is not None:
            return self._pool.submit(run)
        done: Future[T] = Future()
        try:
            done.set_result(run())
        except BaseException as error:
            done.set_exception(error)
        return done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
