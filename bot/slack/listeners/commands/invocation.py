"""One ``/cadence`` sub-command call: who asked, with which words, and how to answer.

Commands that answer from what is in memory answer in their ack, which Slack shows only to
the person. Commands whose answer needs the database ack first and hand the rest to the app's
`AfterAck` threads: ``then_answer`` for an answer at the command's ``response_url`` (also shown
only to the person), ``then_open`` for a modal opened while the ``trigger_id`` is fresh. The
ack never waits on a query, nor on a Bolt thread busy with another request's slow part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.bootstrap import Container
from bot.persistence.models import Person
from bot.slack.after_ack import MODAL_START_SECONDS, RESPONSE_URL_SECONDS, AfterAck

TOO_BUSY = "Cadence was too busy to open the form in time: please run `{command}` again."


@dataclass(frozen=True)
class Invocation:
    ack: Ack
    respond: Respond
    client: WebClient
    container: Container
    person: Person
    args: Sequence[str]
    trigger_id: str
    after_ack: AfterAck
    # The app's error handler, for a failure after the ack (Bolt's own no longer sees it).
    on_error: Callable[[Exception], object]
    # The command as typed, e.g. ``/cadence forecast``.
    typed: str = ""

    def then_answer(self, work: Callable[[], None]) -> None:
        """After the ack: ``work`` answers at the ``response_url`` (valid for 30 minutes)."""
        self.after_ack.submit(work, within=RESPONSE_URL_SECONDS, on_error=self.on_error)

    def then_open(self, work: Callable[[], None]) -> None:
        """After the ack: ``work`` opens a modal with ``trigger_id`` while Slack still takes it;
        when the bot is too busy to start in time, the person is asked to run the command again."""
        self.after_ack.submit(
            work,
            within=MODAL_START_SECONDS,
            on_error=self.on_error,
            too_late=lambda: self.respond(text=TOO_BUSY.format(command=self.typed)),
        )


SubCommand = Callable[[Invocation], None]
