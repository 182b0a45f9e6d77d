"""Meeting notes: every version kept; 1:1 focus detail.

1:1 and team-meeting notes stay the current state; each save now also appends a revision (the
note as saved, as JSON) to ``one_on_one_note_revisions`` / ``team_meeting_note_revisions``.
``one_on_one_notes.focus_detail`` holds the skill or mindset worked on, which used to travel
only in the rep summary's outbox payload.

Existing data: ``focus_detail`` is filled from the note's latest queued summary, and each
existing note gets one revision holding its current state at its current version (the earlier
versions were overwritten before this revision and cannot be recovered).

Revision ID: 5e14c7b13237
Revises: 3cdc7ea015df
Create Date: 2026-11-26 17:07:35.221058+00:00
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "5e14c7b13237"
down_revision: str | Sequence[str] | None = "3cdc7ea015df"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "one_on_one_note_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "version >= 1", name=op.f("ck_one_on_one_note_revisions_version_positive")
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["one_on_one_notes.id"],
            name=op.f("fk_one_on_one_note_revisions_note_id_one_on_one_notes"),
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"],
            ["people.id"],
            name=op.f("fk_one_on_one_note_revisions_saved_by_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_one_on_one_note_revisions")),
        sa.UniqueConstraint(
            "note_id", "version", name=op.f("uq_one_on_one_note_revisions_note_id_version")
        ),
    )
    op.create_table(
        "team_meeting_note_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "version >= 1", name=op.f("ck_team_meeting_note_revisions_version_positive")
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["team_meeting_notes.id"],
            name=op.f("fk_team_meeting_note_revisions_note_id_team_meeting_notes"),
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"],
            ["people.id"],
            name=op.f("fk_team_meeting_note_revisions_saved_by_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_meeting_note_revisions")),
        sa.UniqueConstraint(
            "note_id", "version", name=op.f("uq_team_meeting_note_revisions_note_id_version")
        ),
    )
    with op.batch_alter_table("one_on_one_notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("focus_detail", sa.Text(), nullable=True))

    _backfill()


def downgrade() -> None:
    with op.batch_alter_table("one_on_one_notes", schema=None) as batch_op:
        batch_op.drop_column("focus_detail")

    op.drop_table("team_meeting_note_revisions")
    op.drop_table("one_on_one_note_revisions")


# The tables as this revision knows them, for the data step (never the models: they move on).
_one_on_one_notes = sa.table(
    "one_on_one_notes",
    sa.column("id", sa.Integer()),
    sa.column("manager_id", sa.Integer()),
    sa.column("rep_id", sa.Integer()),
    sa.column("held_on", sa.Date()),
    sa.column("topics", sa.Text()),
    sa.column("performance_issue", sa.Text()),
    sa.column("solution_type", sa.String()),
    sa.column("focus", sa.String()),
    sa.column("focus_detail", sa.Text()),
    sa.column("next_meeting_on", sa.Date()),
    sa.column("version", sa.Integer()),
    sa.column("submitted_at", sa.DateTime(timezone=True)),
)
_action_items = sa.table(
    "action_items",
    sa.column("id", sa.Integer()),
    sa.column("one_on_one_note_id", sa.Integer()),
    sa.column("owner_id", sa.Integer()),
    sa.column("text", sa.Text()),
    sa.column("due_on", sa.Date()),
    sa.column("done_at", sa.DateTime(timezone=True)),
)
_team_meeting_notes = sa.table(
    "team_meeting_notes",
    sa.column("id", sa.Integer()),
    sa.column("manager_id", sa.Integer()),
    sa.column("held_on", sa.Date()),
    sa.column("attendees", sa.JSON()),
    sa.column("agenda_covered", sa.JSON()),
    sa.column("notes", sa.Text()),
    sa.column("decisions", sa.Text()),
    sa.column("version", sa.Integer()),
    sa.column("submitted_at", sa.DateTime(timezone=True)),
)
_outbox = sa.table(
    "outbox_messages",
    sa.column("id", sa.Integer()),
    sa.column("purpose", sa.String()),
    sa.column("payload", sa.JSON()),
)


def _revisions(name: str) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("note_id", sa.Integer()),
        sa.column("version", sa.Integer()),
        sa.column("snapshot", sa.JSON()),
        sa.column("saved_by_id", sa.Integer()),
        sa.column("saved_at", sa.DateTime(timezone=True)),
    )


def _iso(value: date | None) -> str | None:
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # SQLite keeps the UTC wall clock
    return value.isoformat() if value is not None else None


def _backfill() -> None:
    bind = op.get_bind()
    # The latest queued summary of a note carried its focus detail.
    details: dict[int, str] = {}
    summaries = bind.execute(
        sa.select(_outbox.c.payload)
        .where(_outbox.c.purpose == "one_on_one_summary")
        .order_by(_outbox.c.id)
    )
    for (payload,) in summaries:
        payload = payload or {}
        note_id, detail = payload.get("note_id"), payload.get("focus_detail")
        if isinstance(note_id, int) and isinstance(detail, str):
            details[note_id] = detail
    for note_id, detail in details.items():
        bind.execute(
            _one_on_one_notes.update()
            .where(_one_on_one_notes.c.id == note_id)
            .values(focus_detail=detail)
        )

    items: dict[int, list[dict[str, Any]]] = {}
    for item in bind.execute(sa.select(_action_items).order_by(_action_items.c.id)).mappings():
        items.setdefault(item["one_on_one_note_id"], []).append(
            {
                "owner_id": item["owner_id"],
                "text": item["text"],
                "due_on": _iso(item["due_on"]),
                "done_at": _iso(item["done_at"]),
            }
        )
    one_on_ones = [
        {
            "note_id": note["id"],
            "version": note["version"],
            "saved_by_id": note["manager_id"],
            "saved_at": note["submitted_at"],
            "snapshot": {
                "rep_id": note["rep_id"],
                "held_on": _iso(note["held_on"]),
                "topics": note["topics"],
                "performance_issue": note["performance_issue"],
                "solution_type": note["solution_type"],
                "focus": note["focus"],
                "focus_detail": note["focus_detail"],
                "next_meeting_on": _iso(note["next_meeting_on"]),
                "action_items": items.get(note["id"], []),
            },
        }
        for note in bind.execute(sa.select(_one_on_one_notes)).mappings()
    ]
    if one_on_ones:
        bind.execute(_revisions("one_on_one_note_revisions").insert(), one_on_ones)

    team_meetings = [
        {
            "note_id": note["id"],
            "version": note["version"],
            "saved_by_id": note["manager_id"],
            "saved_at": note["submitted_at"],
            "snapshot": {
                "held_on": _iso(note["held_on"]),
                "attendees": note["attendees"],
                "agenda_covered": note["agenda_covered"],
                "notes": note["notes"],
                "decisions": note["decisions"],
            },
        }
        for note in bind.execute(sa.select(_team_meeting_notes)).mappings()
    ]
    if team_meetings:
        bind.execute(_revisions("team_meeting_note_revisions").insert(), team_meetings)
