"""A digest as plain text for the terminal: the Slack message's sentences, without markup."""

from __future__ import annotations

from bot.domain.digest import Digest
from bot.slack.blocks.digest_wording import (
    accuracy_line,
    coaching_line,
    forecast_line,
    manager_line,
    missed_text,
    rhythm_line,
    score,
)
from bot.slack.blocks.text import NO_FIGURE, day, percent


def render_text(digest: Digest) -> str:
    headline = digest.headline
    lines = [
        f"Weekly digest for {digest.leader_name} <{digest.leader}>, "
        f"week of {day(digest.reported_week)} (sent in the week of {day(digest.week_start)})",
        "",
        *(
            f"  {line}"
            for line in (
                rhythm_line(headline),
                forecast_line(headline.forecast, digest.currency),
                accuracy_line(headline.accuracy),
                coaching_line(headline.coaching, digest.coaching_window),
            )
        ),
        "",
        "Managers, who needs attention first (! = needs attention)",
    ]
    for row in digest.managers:
        flag = "!" if row.needs_attention else " "
        lines += [f"{flag} {row.name}", f"    {manager_line(row, digest.currency)}"]
    lines += ["", "Who missed what last week"]
    lines += [f"  {r.name}: {missed_text(r)}" for r in digest.who_missed] or ["  Nobody."]
    lines += ["", "Week by week      on time  forecast accuracy"]
    lines += [
        f"  {day(p.week_start):<15} {percent(p.adherence):>7}  "
        f"{score(p.wape) if p.wape is not None else NO_FIGURE:>8}"
        for p in digest.series
    ]
    return "\n".join(lines)
