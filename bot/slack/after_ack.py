"""`AfterAck`: what listeners do once Slack has its ack, on a few threads of its own.

Bolt runs each listener on its own small pool (five threads) and answers Slack as soon as the
listener acks. A listener that kept its Bolt thread for the slow part (queries, Block Kit,
calls to Slack) made the next requests wait for a free thread before they could even ack, and
many such listeners running at once took the interpreter from the acks arriving meanwhile. So
a listener acks, then hands the slow part here: a queue drained by ``THREADS`` threads,
earliest deadline first. A modal must be opened while its ``trigger_id`` is valid (3 s after
the click), an answer at a ``response_url`` can come within 30 minutes: under a burst the
modals go first. Work whose deadline passes before a thread gets to it runs its ``too_late``
instead (telling the person to ask again), rather than a ``views.open`` Slack would refuse.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from queue import PriorityQueue

# Two threads: one can wait on Slack or the database while the other runs; more would only
# take turns with the acks for the one interpreter (see docs/performance.md, section 2).
THREADS = 2
# Slack accepts a trigger_id for 3 s after the interaction; starting later than this leaves
# too little of it for building the form and the views.open call itself.
MODAL_START_SECONDS = 2.0
# Slack accepts posts to a response_url for 30 minutes.
RESPONSE_URL_SECONDS = 30 * 60.0

logger = logging.getLogger(__name__)

Work = Callable[[], object]


@dataclass(order=True)
class _Task:
    deadline: float
    serial: int
    work: Work = field(compare=False)
    too_late: Work | None = field(compare=False)
    on_error: Callable[[Exception], object] = field(compare=False)


class AfterAck:
    """Runs work handed over after an ack; ``threads=0`` runs it at once in the caller's
    thread (a simulation, where each request must be finished when ``dispatch`` returns)."""

    def __init__(self, threads: int = THREADS, *, clock: Callable[[], float] = time.monotonic):
        self._threads = threads
        self._clock = clock
        self._queue: PriorityQueue[_Task] = PriorityQueue()
        self._serial = itertools.count()
        self._started = 0
        self._lock = threading.Lock()

    def submit(
        self,
        work: Work,
        *,
        within: float,
        on_error: Callable[[Exception], object],
        too_late: Work | None = None,
    ) -> None:
        """Run ``work`` if a thread gets to it within ``within`` seconds, else ``too_late``
        (if given); an exception from either goes to ``on_error``."""
        task = _Task(self._clock() + within, next(self._serial), work, too_late, on_error)
        if self._threads == 0:
            self._run(task)
            return
        self._queue.put(task)
        self._start_thread()

    def _start_thread(self) -> None:
        with self._lock:
            if self._started >= self._threads:
                return
            self._started += 1
            name = f"cadence-after-ack-{self._started}"
        threading.Thread(target=self._drain, name=name, daemon=True).start()

    def _drain(self) -> None:
        while True:
            self._run(self._queue.get())

    def _run(self, task: _Task) -> None:
        late = self._clock() > task.deadline
        run = task.too_late if late else task.work
        if run is None:
            logger.warning("Dropped work %.1f s past its deadline", self._clock() - task.deadline)
            return
        try:
            run()
        except Exception as error:  # handed to the app's error handler
            try:
                task.on_error(error)
            except Exception:
                logger.exception("The error handler failed on work after an ack")
