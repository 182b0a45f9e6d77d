"""One ``/cadence`` sub-command call: who asked, with which words, and how to answer.

Commands answer in their ack, which Slack shows only to the person: the work behind an answer
is an indexed query or two, well inside Slack's 3 seconds. Commands that open a modal ack
first and open it right after, while the ``trigger_id`` is fresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.bootstrap import Container
from bot.persistence.models import Person


@dataclass(frozen=True)
class Invocation:
    ack: Ack
    client: WebClient
    container: Container
    person: Person
    args: Sequence[str]
    trigger_id: str


SubCommand = Callable[[Invocation], None]
