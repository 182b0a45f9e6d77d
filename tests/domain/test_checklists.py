"""Checklists: what was ticked, and the share done per person."""

from __future__ import annotations

from bot.domain.checklists import ChecklistMark, checklist_by_person, checklist_summary, ticked

ITEMS = ("Reviewed pipeline", "Agreed next steps", "Coached one skill")


def test_ticked_items_keep_the_checklist_order_and_drop_unknown_ones() -> None:
    chosen = {"Coached one skill", "Reviewed pipeline", "Something else"}
    assert ticked(ITEMS, chosen) == ("Reviewed pipeline", "Coached one skill")


def test_the_share_done_is_items_ticked_over_items_offered() -> None:
    marks = [
        ChecklistMark("m@x", "1on1", ITEMS, ITEMS[:2]),
        ChecklistMark("M@x", "1on1", ITEMS, ()),
        ChecklistMark("n@x", "1on1", ITEMS, ITEMS),
        ChecklistMark("n@x", "forecast", (), ()),
    ]
    by_person = checklist_by_person(marks)
    assert by_person["m@x"].share == 2 / 6
    assert by_person["n@x"].share == 1.0
    assert by_person["n@x"].submitted == 1
    assert checklist_summary([]).share is None
