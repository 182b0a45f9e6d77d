"""``/cadence status`` (what the App Home shows) and ``/cadence preview`` (the next 14 days)."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.services.preview import PreviewRow, preview
from bot.slack.blocks.home import home_view
from bot.slack.blocks.text import MAX_TEXT, clip, escape, local_datetime
from bot.slack.listeners.commands.invocation import Invocation
from bot.slack.listeners.home import home_context

PREVIEW_DAYS = 14
PURPOSES: dict[MessagePurpose | None, str] = {
    MessagePurpose.OPEN: "opens",
    MessagePurpose.REMINDER: "reminder",
    MessagePurpose.ESCALATION: "escalation",
    None: "excused, nothing to do",
    MessagePurpose.DIGEST: "your weekly digest",
}


def show_status(call: Invocation) -> None:
    call.ack()  # the App Home takes a dozen queries: it follows the ack, at the response_url
    call.then_answer(lambda: _post_status(call))


def _post_status(call: Invocation) -> None:
    with call.container.unit_of_work() as uow:
        home = home_view(home_context(uow.session, call.container, call.person))
    call.respond(text=f"Cadence status for {call.person.name}", blocks=home.blocks)


def show_preview(call: Invocation) -> None:
    now = call.container.clock()
    rows = preview(
        call.container.operating_system,
        start=now,
        end=now + timedelta(days=PREVIEW_DAYS),
        person=call.person.email,
    )
    if not rows:
        call.ack(text=f"Nothing for you in the next {PREVIEW_DAYS} days.")
        return
    lines = [f"*What Cadence will ask you in the next {PREVIEW_DAYS} days*"]
    lines += [_line(row, call.container.operating_system) for row in rows]
    call.ack(text=clip("\n".join(lines), MAX_TEXT))


def _line(row: PreviewRow, operating_system: OperatingSystem) -> str:
    cadence = operating_system.cadence(row.cadence)
    what = cadence.display_name if cadence else "Weekly digest"
    about = f" about {row.subject}" if row.purpose is MessagePurpose.ESCALATION else ""
    when = local_datetime(row.at_utc, row.tz)
    return f"• {when}: {escape(what)} ({PURPOSES[row.purpose]}{escape(about)})"
