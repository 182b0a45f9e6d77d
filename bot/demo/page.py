"""``index.html``: what each simulated person saw in Slack, day by day, in one offline page.

One file, no server and nothing fetched: styles and the person filter are inline, the digest
charts are embedded as data URIs. Each DM carries its Slack ``ts`` (``data-ts``), so a reader —
or a test — can match it to what the simulated workspace accepted.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.demo import block_kit_html as bk
from bot.demo.acting import Did
from bot.demo.simulation import DemoResult
from bot.simulated_slack.state import Shown

TITLES = {
    "message": "DM from Cadence",
    "update": "Cadence updated a DM",
    "ephemeral": "Only visible to you",
    "modal_update": "The form changed",
    "home": "App Home",
    "file": "File shared in the DM",
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    order: int  # Slack's timeline order; an action goes just before what it caused
    html: str


def render_page(result: DemoResult, *, title: str) -> str:
    names = {user_id: result.people[email].name for email, user_id in result.slack_ids.items()}
    sections = []
    options = ['<option value="">Everyone</option>']
    for email, person in result.people.items():
        entries = list(_entries_of(result, email, names))
        label = f"{person.name} — {person.describe()}"
        options.append(f'<option value="{html.escape(email)}">{html.escape(label)}</option>')
        sections.append(_person_section(email, label, person.timezone, entries))
    summary = (
        f"{len(result.people)} people · {result.begin:%a %d %b %Y} to {result.end:%a %d %b %Y} · "
        f"{sum(1 for s in result.timeline if s.kind == 'message')} DMs, "
        f"{sum(1 for s in result.timeline if s.kind == 'modal')} modals · "
        f"{result.rate_limited} {'answer' if result.rate_limited == 1 else 'answers'} "
        "of 429 Too Many Requests waited out"
    )
    return PAGE.format(
        title=html.escape(title),
        summary=html.escape(summary),
        options="\n".join(options),
        sections="\n".join(sections),
        style=STYLE,
        script=SCRIPT,
    )


def _person_section(email: str, label: str, tz: str, entries: list[Entry]) -> str:
    days: dict[str, list[str]] = {}
    zone = ZoneInfo(tz)
    for entry in sorted(entries, key=lambda e: (e.at, e.order)):
        local = entry.at.astimezone(zone)
        card = f'<time>{local:%H:%M}</time><div class="card">{entry.html}</div>'
        days.setdefault(f"{local:%A %d %B %Y}", []).append(f'<div class="entry">{card}</div>')
    body = (
        "".join(f"<h3>{html.escape(day)}</h3>{''.join(items)}" for day, items in days.items())
        or '<p class="quiet">Slack showed them nothing.</p>'
    )
    return (
        f'<section class="person" data-email="{html.escape(email)}">'
        f'<h2>{html.escape(label)}</h2><p class="quiet">{html.escape(tz)}</p>{body}</section>'
    )


def _entries_of(result: DemoResult, email: str, names: bk.Names) -> Iterator[Entry]:
    user_id = result.slack_ids[email]
    for index, shown in enumerate(result.timeline):
        if shown.user_id == user_id:
            at = datetime.fromtimestamp(shown.at, UTC)
            yield Entry(at, 2 * index + 1, _shown(shown, names))
    for did in result.journal:
        if did.email == email:
            yield Entry(did.at, 2 * did.after, _did(did, names))


def _shown(shown: Shown, names: bk.Names) -> str:
    content = shown.content
    if shown.kind == "file":
        data = base64.b64encode(content.get("bytes") or b"").decode()
        name = html.escape(str(content.get("title") or content.get("name")))
        return (
            f'<div class="kind">{TITLES["file"]}: {name}</div>'
            f'<img class="chart" src="data:image/png;base64,{data}" alt="{name}">'
        )
    if shown.kind in ("modal", "modal_update"):
        heading = "Modal opened" if shown.kind == "modal" else TITLES["modal_update"]
        return _modal(heading, content, names)
    body = bk.blocks(content.get("blocks") or [], names) or bk.mrkdwn(
        content.get("text", ""), names
    )
    kind_class = "dm" if shown.kind in ("message", "update") else shown.kind
    return (
        f'<div class="kind">{TITLES.get(shown.kind, shown.kind)}</div>'
        f'<div class="slack {kind_class}" data-ts="{html.escape(shown.ts or "")}" '
        f'data-kind="{shown.kind}">{body}</div>'
    )


def _modal(
    heading: str,
    view: dict[str, Any],
    names: bk.Names,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> str:
    title = bk.text_object(view.get("title"), names)
    submit = bk.text_object(view.get("submit"), names)
    body = bk.blocks(view.get("blocks") or [], names, values=values, errors=errors)
    footer = f'<div class="modal-footer"><span class="bk-button primary">{submit}</span></div>'
    return (
        f'<div class="kind">{heading}</div><div class="modal"><div class="modal-title">{title}'
        f"</div>{body}{footer if submit else ''}</div>"
    )


def _did(did: Did, names: bk.Names) -> str:
    data = did.data
    if did.kind == "click":
        return f'<div class="did">You clicked <b>{bk.plain(str(data["label"]))}</b></div>'
    if did.kind == "home":
        return '<div class="did">You opened Cadence\'s App Home</div>'
    if did.kind == "command":
        reply = bk.mrkdwn(str(data["reply"]), names)
        return (
            f'<div class="did">You typed <code>{html.escape(str(data["command"]))}</code></div>'
            f'<div class="kind">Cadence answered (only visible to you)</div>'
            f'<div class="slack ephemeral">{reply}</div>'
        )
    errors = data.get("errors") or {}
    outcome = (
        '<div class="bk-error">Slack kept the form open: fix the fields marked ⚠</div>'
        if errors
        else '<div class="saved">Submitted: the form closed</div>'
    )
    view = data["view"]
    title = bk.text_object(view.get("title"), names)
    heading = f"You submitted <b>{title}</b>"
    return _modal(heading, view, names, values=data["values"], errors=errors) + outcome


STYLE = """
body{font:15px/1.45 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif,
'Apple Color Emoji','Segoe UI Emoji','Noto Color Emoji';margin:0;
background:#f4f1f4;color:#1d1c1d}
header{background:#3f0e40;color:#fff;padding:16px 24px;position:sticky;top:0;z-index:2}
header h1{margin:0 0 4px;font-size:20px}header p{margin:0;opacity:.85}
header label{display:inline-block;margin-top:8px}select{font-size:14px;padding:3px}
main{max-width:860px;margin:0 auto;padding:8px 24px 48px}
.person{background:#fff;border-radius:8px;margin:20px 0;padding:8px 20px 16px;
box-shadow:0 1px 3px rgba(0,0,0,.12)}
h2{font-size:18px;margin:12px 0 0}h3{font-size:14px;margin:18px 0 6px;color:#616061;
border-bottom:1px solid #e8e8e8;padding-bottom:4px}
.quiet{color:#616061;margin:2px 0 8px;font-size:13px}
.entry{display:flex;gap:12px;margin:8px 0}.entry time{flex:0 0 44px;color:#616061;
font-size:12px;padding-top:3px}.card{flex:1;min-width:0}
.kind{font-size:12px;color:#616061;margin-bottom:2px}
.slack{border-left:3px solid #611f69;padding:4px 10px;background:#fff}
.slack.ephemeral{border-left-color:#1264a3;background:#f8f8f8}
.slack.home{border-left-color:#2eb67d}
.did{color:#1264a3;font-size:13px}.saved{color:#007a5a;font-size:13px;margin-top:4px}
.bk-section{display:flex;gap:8px;margin:4px 0}.bk-main{flex:1}
.bk-fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 16px;margin-top:4px}
.bk-header{font-weight:700;font-size:16px;margin:6px 0}
.bk-divider{border:0;border-top:1px solid #e8e8e8;margin:8px 0}
.bk-context{font-size:12px;color:#616061;margin:4px 0}
.bk-actions{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.bk-button{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:2px 10px;
font-size:13px;font-weight:600;background:#fff}
.bk-button.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.bk-button.danger{background:#e01e5a;color:#fff;border-color:#e01e5a}
.bk-select{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:2px 8px;
font-size:13px;background:#fff}
.bk-image img,.chart{max-width:100%;border:1px solid #e8e8e8;border-radius:4px}
.bk-image-placeholder{padding:20px;background:#f0f0f0;color:#616061}
.modal{border:1px solid #ccc;border-radius:8px;padding:8px 14px;max-width:520px;
background:#fff;box-shadow:0 2px 8px rgba(0,0,0,.1)}
.modal-title{font-weight:700;font-size:16px;border-bottom:1px solid #e8e8e8;
padding-bottom:6px;margin-bottom:6px}
.modal-footer{text-align:right;border-top:1px solid #e8e8e8;padding-top:6px;margin-top:6px}
.bk-input{margin:8px 0}.bk-input label{font-weight:700;font-size:14px}
.bk-optional{font-weight:400;color:#616061}
.bk-input-box{border:1px solid #bbb;border-radius:4px;padding:4px 8px;margin-top:2px;
min-height:18px}.bk-input-box.has-error{border-color:#e01e5a}
.bk-error{color:#e01e5a;font-size:13px;margin-top:2px}.bk-hint{color:#616061;font-size:12px}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
.link{color:#1264a3;text-decoration:underline}
code{background:#f6f6f6;border:1px solid #e8e8e8;border-radius:3px;padding:0 3px;font-size:13px}
"""

SCRIPT = """
(function () {
  // The filter: one person's Slack, or everyone's; index.html#EMAIL opens on that person.
  var select = document.getElementById('person');
  function show() {
    var wanted = select.value;
    document.querySelectorAll('section.person').forEach(function (section) {
      section.hidden = wanted !== '' && section.dataset.email !== wanted;
    });
    history.replaceState(null, '', wanted ? '#' + encodeURIComponent(wanted) : '#');
  }
  var asked = decodeURIComponent(location.hash.slice(1));
  if (asked && select.querySelector('option[value="' + CSS.escape(asked) + '"]')) {
    select.value = asked;
  }
  select.addEventListener('change', show);
  show();
  document.body.dataset.ready = 'yes';
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p>{summary}</p>
<label>Show what Slack showed <select id="person">
{options}
</select></label>
</header>
<main>
{sections}
</main>
<script>{script}</script>
</body>
</html>
"""
