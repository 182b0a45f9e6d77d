"""A digest as plain text for the terminal: the Slack message's sentences, without markup."""

from __future__ import annotations

from bot.domain.digest import Digest
from bot.slack.blocks.coaching_wording import loop_sections
from bot.slack.blocks.digest_wording import headline_lines, missed_text, row_line
from bot.slack.blocks.text import day, percent


def render_text(digest: Digest) -> str:
    lines = [
        f"Weekly digest for {digest.leader_name} <{digest.leader}>, "
        f"week of {day(digest.reported_week)} (sent in the week of {day(digest.week_start)})",
        "",
        *(f"  {line}" for line in headline_lines(digest)),
        "",
        "Managers, who needs attention first (! = needs attention)",
    ]
    for row in digest.managers:
        flag = "!" if row.needs_attention else " "
        lines += [f"{flag} {row.name}", f"    {row_line(digest, row)}"]
    lines += ["", "Who missed what last week"]
    lines += [f"  {r.name}: {missed_text(r)}" for r in digest.who_missed] or ["  Nobody."]
    if digest.coaching is not None:
        for heading, section in loop_sections(digest.coaching):
            lines += ["", heading, *(f"  {line}" for line in section)]
    lines += ["", "Week by week       on time  forecasts within"]
    lines += [
        f"  {day(p.week_start) + ' ' + str(p.week_start.year):<16} {percent(p.adherence):>7}  "
        f"{percent(p.wape):>16}"
        for p in digest.series
    ]
    return "\n".join(lines)
