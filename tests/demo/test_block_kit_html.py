"""Block Kit drawn as HTML for the demo's page: what Slack would show, and nothing it would run.

Each test gives the renderer a payload as the app sends it to Slack and reads the result as a
browser would — its elements and its visible text — never its exact markup.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from bot.demo import block_kit_html as bk
from bot.demo.acting import Did
from bot.demo.page import render_page
from bot.demo.people import Habit, SimulatedPerson
from bot.demo.simulation import DemoResult
from bot.domain.roster import Role
from bot.simulated_slack.state import Shown

NAMES = {"U0000ANA1": "Ana Diaz"}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# Elements a reader sees apart: their text does not run into the text around them.
APART = {"div", "span", "label", "figure", "figcaption", "br", "hr"}


class Reading(HTMLParser):
    """The elements (tag, attributes) and the visible text of an HTML fragment."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.parts: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in APART:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def tags(self) -> list[str]:
        return [tag for tag, _ in self.elements]

    def with_class(self, name: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.elements if name in (a.get("class") or "").split()]


def read(items: list[dict[str, Any]], **given: Any) -> Reading:
    return Reading(bk.blocks(items, NAMES, **given))


def mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def test_a_section_shows_its_text_with_slack_formatting_mentions_and_dates() -> None:
    page = read(
        [
            {
                "type": "section",
                "text": mrkdwn(
                    "*Weekly forecast* is due <!date^1763568000^{date_short} at {time}|Wed 19 Nov"
                    " at 17:00>, <@U0000ANA1>. _Edit_ ~old~ `code`"
                ),
            }
        ]
    )
    assert page.text == "Weekly forecast is due Wed 19 Nov at 17:00, @Ana Diaz. Edit old code"
    assert {"b", "i", "s", "code"} <= set(page.tags())
    assert page.with_class("mention")


def test_a_sections_fields_are_drawn_side_by_side_and_its_accessory_beside_them() -> None:
    page = read(
        [
            {
                "type": "section",
                "fields": [mrkdwn("*Commit*\n$120,000"), mrkdwn("*Best case*\n$150,000")],
                "accessory": {"type": "button", "text": plain("Open"), "action_id": "a"},
            }
        ]
    )
    assert len(page.with_class("bk-field")) == 2
    assert page.with_class("bk-fields") and page.with_class("bk-accessory")
    assert page.text.split() == ["Commit", "$120,000", "Best", "case", "$150,000", "Open"]


def test_buttons_show_their_label_and_style_and_selects_their_choice() -> None:
    page = read(
        [
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "text": plain("Submit forecast"), "style": "primary"},
                    {"type": "button", "text": plain("Skip"), "style": "danger"},
                    {
                        "type": "static_select",
                        "placeholder": plain("Snooze"),
                        "options": [{"text": plain("1 hour"), "value": "1h"}],
                    },
                    {"type": "overflow", "options": []},
                ],
            }
        ]
    )
    buttons = page.with_class("bk-button")
    assert [b["class"] for b in buttons[:2]] == ["bk-button primary", "bk-button danger"]
    assert page.text.split() == ["Submit", "forecast", "Skip", "Snooze", "▾", "⋯"]


def test_context_headers_and_dividers() -> None:
    page = read(
        [
            {"type": "header", "text": plain("Your week")},
            {"type": "divider"},
            {
                "type": "context",
                "elements": [
                    mrkdwn("Skips with a reason are not counted"),
                    {"type": "image", "image_url": "https://x/y.png", "alt_text": "logo"},
                ],
            },
        ]
    )
    assert "hr" in page.tags()
    assert page.with_class("bk-header") and page.with_class("bk-context")
    assert page.text.startswith("Your week Skips with a reason are not counted")


def test_an_embedded_image_is_shown_and_a_remote_one_is_never_fetched() -> None:
    chart = "data:image/png;base64,iVBORw0KGgo="
    page = read(
        [
            {"type": "image", "image_url": chart, "alt_text": "On time by week"},
            {"type": "image", "image_url": "https://example.com/a.png", "alt_text": "Remote"},
        ]
    )
    images = [attrs for tag, attrs in page.elements if tag == "img"]
    assert images == [{"src": chart, "alt": "On time by week"}]
    assert "Remote" in page.text and "example.com" not in bk.blocks([], NAMES)


def modal_inputs() -> list[dict[str, Any]]:
    return [
        {
            "type": "input",
            "block_id": "commit",
            "label": plain("Commit"),
            "element": {"type": "number_input", "action_id": "v", "is_decimal_allowed": False},
        },
        {
            "type": "input",
            "block_id": "solution",
            "label": plain("Solution"),
            "element": {
                "type": "static_select",
                "action_id": "v",
                "initial_option": {"text": plain("Feedback"), "value": "feedback"},
                "options": [],
            },
        },
        {
            "type": "input",
            "block_id": "notes",
            "optional": True,
            "label": plain("Notes"),
            "hint": plain("Only you and your manager see these"),
            "element": {"type": "plain_text_input", "action_id": "v", "multiline": True},
        },
    ]


def test_a_modal_shows_what_it_opened_with_before_anyone_typed() -> None:
    page = read(modal_inputs())
    assert len(page.with_class("bk-input")) == 3
    assert "Feedback" in page.text and "(optional)" in page.text
    assert "Only you and your manager see these" in page.text
    assert not page.with_class("bk-error")


def test_a_submitted_modal_shows_the_values_and_the_apps_inline_errors() -> None:
    values = {
        "commit": {"v": {"type": "number_input", "value": "250000"}},
        "solution": {
            "v": {"type": "static_select", "selected_option": {"text": plain("Coaching")}}
        },
        "notes": {"v": {"type": "plain_text_input", "value": "Line one\nLine two"}},
    }
    errors = {"commit": "The commit can't be above the best case ($200,000)."}
    page = read(modal_inputs(), values=values, errors=errors)
    boxes = page.with_class("bk-input-box")
    assert [b["class"] for b in boxes] == ["bk-input-box has-error", "bk-input-box", "bk-input-box"]
    assert "⚠ The commit can't be above the best case ($200,000)." in page.text
    assert "250000" in page.text and "Coaching" in page.text and "Feedback" not in page.text
    assert "Line one Line two" in page.text and "br" in page.tags()


def mrkdwn_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_hostile_text_is_shown_as_text_everywhere_it_can_appear() -> None:
    # As the app sends it: mrkdwn escapes <, > and &; plain text and inputs are raw.
    escaped = mrkdwn_escaped(HOSTILE)
    page = read(
        [
            {"type": "section", "text": mrkdwn(f"Note: {escaped}"), "fields": [plain(HOSTILE)]},
            {"type": "context", "elements": [plain(HOSTILE)]},
            {"type": "image", "image_url": "data:image/png;base64,AA", "alt_text": HOSTILE},
            {
                "type": "actions",
                "elements": [{"type": "button", "text": plain(HOSTILE), "style": HOSTILE}],
            },
            {
                "type": "input",
                "block_id": "note",
                "label": plain(HOSTILE),
                "element": {"type": "plain_text_input", "action_id": "v"},
            },
        ],
        values={"note": {"v": {"type": "plain_text_input", "value": HOSTILE}}},
        errors={"note": HOSTILE},
    )
    assert "script" not in page.tags() and page.tags().count("img") == 1
    assert all(not name.startswith("on") for _, attrs in page.elements for name in attrs)
    # In the section, its field, the context, the button, the label, the value and the error.
    assert page.text.count(HOSTILE) == 7
    assert f"⚠ {HOSTILE}" in page.text


def test_unescaped_angle_brackets_in_mrkdwn_are_slack_links_never_markup() -> None:
    # Slack reads <…> in mrkdwn as a link or mention token, never as HTML; so does the page.
    page = read([{"type": "section", "text": mrkdwn(HOSTILE)}])
    assert "script" not in page.tags() and "img" not in page.tags()
    assert all(not name.startswith("on") for _, attrs in page.elements for name in attrs)


def test_a_link_shows_its_label_and_keeps_its_address_as_a_title_only() -> None:
    page = read([{"type": "section", "text": mrkdwn("See <https://example.com/x|the report>")}])
    assert page.text == "See the report"
    assert page.with_class("link") == [{"class": "link", "title": "https://example.com/x"}]
    assert "a" not in page.tags()


def test_the_page_shows_hostile_names_messages_commands_and_answers_as_text() -> None:
    moment = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    person = SimulatedPerson(
        email="ana@example.com",
        name=HOSTILE,
        timezone="America/Chicago",
        roles=frozenset({Role.MANAGER}),
        habit=Habit.RELIABLE,
        manager_habit=None,
        adjusts_forecast=False,
        rates_coaching=1.0,
        rng=random.Random(1),
    )
    modal = {
        "type": "modal",
        "title": plain("1:1 notes"),
        "submit": plain("Save"),
        "blocks": modal_inputs()[2:],
    }
    note = {"notes": {"v": {"type": "plain_text_input", "value": HOSTILE}}}
    said = mrkdwn_escaped(HOSTILE)  # the app's DMs and replies are mrkdwn, escaped
    result = DemoResult(
        database_path=Path("cadence-demo.db"),
        begin=moment,
        end=moment,
        people={person.email: person},
        slack_ids={person.email: "U0000ANA1"},
        timeline=[
            Shown(moment.timestamp(), "U0000ANA1", "message", {"text": said}, ts="1.000001"),
        ],
        journal=[
            Did(0, moment, person.email, "command", {"command": HOSTILE, "reply": said}),
            Did(1, moment, person.email, "submit", {"view": modal, "values": note, "errors": {}}),
        ],
        refusals=[],
        accepted=frozenset({"1.000001"}),
    )
    page = Reading(render_page(result, title=HOSTILE))
    assert "img" not in page.tags() and page.tags().count("script") == 1  # the filter's own
    assert all(not name.startswith("on") for _, attrs in page.elements for name in attrs)
    # The title twice, the name in the filter and its heading, the DM, the command typed,
    # its answer and the note submitted.
    assert page.text.count(HOSTILE) == 8
