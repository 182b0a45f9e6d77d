"""Block Kit as HTML, close to how Slack draws it: for the demo's offline page.

Only what Slack shows is drawn: sections (text, fields, accessory), headers, dividers, context,
actions (buttons, selects, overflow menus, date pickers), images and inputs — with the values a
person submitted and the errors the app answered, when given. Text is ``mrkdwn``: bold, italic,
strike, code, links, mentions and ``<!date^…|fallback>`` (drawn as its fallback, which the app
writes in the reader's own zone). Images are never fetched: the page works offline.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

EMOJI = {
    ":alarm_clock:": "⏰",
    ":white_check_mark:": "✅",
    ":warning:": "⚠️",
    ":calendar:": "📅",
    ":bar_chart:": "📊",
    ":chart_with_upwards_trend:": "📈",
    ":wave:": "👋",
    ":bell:": "🔔",
    ":hourglass_flowing_sand:": "⏳",
    ":zzz:": "💤",
    ":x:": "❌",
    ":memo:": "📝",
    ":speech_balloon:": "💬",
    ":rotating_light:": "🚨",
    ":palm_tree:": "🌴",
    ":tada:": "🎉",
    ":lock:": "🔒",
    ":red_circle:": "🔴",
    ":hourglass:": "⌛",
    ":fast_forward:": "⏩",
    ":clipboard:": "📋",
}
BUTTON_STYLES = ("primary", "danger")  # Slack's only two; anything else draws the default
_TOKEN = re.compile(r"<([^<>]+)>")
_STYLES = (
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])"), r"<b>\1</b>"),
    (re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)_(?![\w_])"), r"<i>\1</i>"),
    (re.compile(r"(?<![\w~])~(?!\s)([^~\n]+?)~(?![\w~])"), r"<s>\1</s>"),
    (re.compile(r"`([^`\n]+)`"), r"<code>\1</code>"),
)
_EMOJI = re.compile(r":[a-z0-9_+\-]+:")

Names = Mapping[str, str]  # Slack user id -> name, for mentions


def mrkdwn(text: str, names: Names) -> str:
    # Tokens first, as placeholders, so *bold* around a date or a mention still pairs up.
    tokens: list[str] = []

    def hold(found: re.Match[str]) -> str:
        tokens.append(_token(found.group(1), names))
        return f"\x00{len(tokens) - 1}\x00"

    styled = _styled(_TOKEN.sub(hold, text))
    restored = re.sub("\x00(\\d+)\x00", lambda m: tokens[int(m.group(1))], styled)
    return restored.replace("\n", "<br>")


def plain(text: str) -> str:
    return _EMOJI.sub(lambda m: EMOJI.get(m.group(0), m.group(0)), html.escape(text))


def _styled(raw: str) -> str:
    text = html.escape(html.unescape(raw), quote=False)
    for pattern, replacement in _STYLES:
        text = pattern.sub(replacement, text)
    return _EMOJI.sub(lambda m: EMOJI.get(m.group(0), m.group(0)), text)


def _token(token: str, names: Names) -> str:
    body, _, label = token.partition("|")
    if body.startswith("!date^"):
        return html.escape(label or body)
    if body.startswith("@"):
        return f'<span class="mention">@{html.escape(names.get(body[1:], body[1:]))}</span>'
    if body.startswith("#"):
        return f'<span class="mention">#{html.escape(label or body[1:])}</span>'
    if body.startswith("!"):
        return f'<span class="mention">@{html.escape(body[1:])}</span>'
    return f'<span class="link" title="{html.escape(body)}">{html.escape(label or body)}</span>'


def text_object(obj: Any, names: Names) -> str:
    if not isinstance(obj, Mapping):
        return ""
    value = str(obj.get("text", ""))
    return mrkdwn(value, names) if obj.get("type") == "mrkdwn" else plain(value)


def blocks(
    items: list[dict[str, Any]],
    names: Names,
    *,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> str:
    return "".join(block(b, names, values=values or {}, errors=errors or {}) for b in items)


def block(
    item: dict[str, Any], names: Names, *, values: Mapping[str, Any], errors: Mapping[str, str]
) -> str:
    kind = item.get("type")
    if kind == "section":
        return _section(item, names)
    if kind == "header":
        return f'<div class="bk-header">{text_object(item.get("text"), names)}</div>'
    if kind == "divider":
        return '<hr class="bk-divider">'
    if kind == "context":
        inner = " ".join(_context_element(e, names) for e in item.get("elements", []))
        return f'<div class="bk-context">{inner}</div>'
    if kind == "actions":
        inner = "".join(element(e, names) for e in item.get("elements", []))
        return f'<div class="bk-actions">{inner}</div>'
    if kind == "image":
        return _image(item, names)
    if kind == "input":
        block_id = str(item.get("block_id", ""))
        return _input(item, names, value=values.get(block_id), error=errors.get(block_id))
    return f'<div class="bk-unknown">[{html.escape(str(kind))} block]</div>'


def _section(item: dict[str, Any], names: Names) -> str:
    text = text_object(item.get("text"), names)
    fields = "".join(
        f'<div class="bk-field">{text_object(f, names)}</div>' for f in item.get("fields", [])
    )
    fields = f'<div class="bk-fields">{fields}</div>' if fields else ""
    accessory = item.get("accessory")
    side = f'<div class="bk-accessory">{element(accessory, names)}</div>' if accessory else ""
    return f'<div class="bk-section"><div class="bk-main">{text}{fields}</div>{side}</div>'


def _context_element(item: dict[str, Any], names: Names) -> str:
    if item.get("type") == "image":
        return (
            f'<span class="bk-thumb" title="{html.escape(str(item.get("alt_text", "")))}">▣</span>'
        )
    return f"<span>{text_object(item, names)}</span>"


def _image(item: dict[str, Any], names: Names) -> str:
    title = text_object(item.get("title"), names)
    alt = html.escape(str(item.get("alt_text", "")))
    url = str(item.get("image_url", ""))
    if url.startswith("data:image/"):
        picture = f'<img src="{html.escape(url)}" alt="{alt}">'
    else:  # never fetched: the page stays offline
        picture = f'<div class="bk-image-placeholder">🖼 {alt}</div>'
    return f'<figure class="bk-image">{picture}<figcaption>{title}</figcaption></figure>'


def element(item: dict[str, Any], names: Names) -> str:
    kind = item.get("type")
    if kind == "button":
        style = item.get("style") if item.get("style") in BUTTON_STYLES else ""
        return f'<span class="bk-button {style}">{text_object(item.get("text"), names)}</span>'
    if kind == "image":
        return _context_element(item, names)
    if kind == "overflow":
        return '<span class="bk-button">⋯</span>'
    shown = _initial(item, names) or text_object(item.get("placeholder"), names)
    return f'<span class="bk-select">{shown or html.escape(str(kind))} ▾</span>'


def _initial(item: Mapping[str, Any], names: Names) -> str:
    if item.get("initial_option"):
        return text_object(item["initial_option"].get("text"), names)
    if item.get("initial_options"):
        return ", ".join(text_object(o.get("text"), names) for o in item["initial_options"])
    for key in ("initial_value", "initial_date"):
        if item.get(key):
            return plain(str(item[key]))
    return ""


def _input(item: dict[str, Any], names: Names, *, value: Any, error: str | None) -> str:
    label = text_object(item.get("label"), names)
    optional = ' <span class="bk-optional">(optional)</span>' if item.get("optional") else ""
    control = item.get("element") or {}
    shown = _submitted(value, names) if value is not None else _initial(control, names)
    box = f'<div class="bk-input-box{" has-error" if error else ""}">{shown or "&nbsp;"}</div>'
    hint = text_object(item.get("hint"), names)
    hint_html = f'<div class="bk-hint">{hint}</div>' if hint else ""
    error_html = f'<div class="bk-error">⚠ {plain(error)}</div>' if error else ""
    return (
        f'<div class="bk-input"><label>{label}{optional}</label>{box}{error_html}{hint_html}</div>'
    )


def _submitted(value: Any, names: Names) -> str:
    """One input's entry in a submission's ``state.values`` ({action_id: state})."""
    if not isinstance(value, Mapping) or not value:
        return ""
    state = next(iter(value.values()))
    if not isinstance(state, Mapping):
        return ""
    if state.get("selected_option"):
        return text_object(state["selected_option"].get("text"), names)
    if "selected_options" in state:
        return ", ".join(text_object(o.get("text"), names) for o in state["selected_options"])
    for key in ("value", "selected_date"):
        if state.get(key):
            return plain(str(state[key])).replace("\n", "<br>")
    return ""
