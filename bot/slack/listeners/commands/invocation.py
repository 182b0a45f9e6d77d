"""One ``/cadence`` sub-command call: who asked, with which words, and how to answer.

Commands that answer from what is in memory answer in their ack, which Slack shows only to
the person. Commands whose answer needs the database ack first and then ``respond`` (the
command's ``response_url``, also shown only to the person) or open their modal while the
``trigger_id`` is fresh: the ack never waits on a query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.bootstrap import Container
from bot.persistence.models import Person


@dataclass(frozen=True)
class Invocation:
    ack: Ack
    respond: Respond
    client: WebClient
    container: Container
    person: Person
    args: Sequence[str]
    trigger_id: str


SubCommand = Callable[[Invocation], None]
