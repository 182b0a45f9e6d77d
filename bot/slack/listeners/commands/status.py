"""``/cadence status`` (what the App Home shows) and ``/cadence preview`` (the next 14 days)."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import Purpose
from bot.services.preview import PreviewRow, preview
from bot.slack.listeners.commands.invocation import Invocation
from bot.slack.listeners.home import home_context
from bot.slack.views.home import home_view
from bot.slack.views.text import MAX_TEXT, clip, escape, local_datetime

PREVIEW_DAYS = 14
PURPOSES = {
    Purpose.OPEN: "opens",
    Purpose.REMINDER: "reminder",
    Purpose.ESCALATION: "escalation",
    Purpose.EXCUSED: "excused, nothing to do",
    Purpose.DIGEST: "your weekly digest",
}


def show_status(call: Invocation) -> None:
    with call.container.unit_of_work() as uow:
        home = home_view(home_context(uow.session, call.container, call.person))
    call.ack(text=f"Cadence status for {call.person.name}", blocks=home.blocks)


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


def _line(row: PreviewRow, os: OperatingSystem) -> str:
    cadence = os.cadence(row.cadence)
    what = cadence.display_name if cadence else "Weekly digest"
    about = f" about {row.subject}" if row.purpose is Purpose.ESCALATION else ""
    when = local_datetime(row.at_utc, row.tz)
    return f"• {when}: {escape(what)} ({PURPOSES[row.purpose]}{escape(about)})"
