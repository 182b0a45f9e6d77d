"""Initial schema: people, cadences, occurrences, submissions, ratings, actuals, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 16:50:02.821631+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cadences",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "forecast",
                "one_on_one",
                "team_meeting",
                "coaching_pulse",
                "activity",
                name="cadence_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("config_hash", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadences")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slack_id", sa.String(length=32), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("reports_to_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_people_email_lower_case")),
        sa.ForeignKeyConstraint(
            ["reports_to_id"],
            ["people.id"],
            name=op.f("fk_people_reports_to_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("email", name=op.f("uq_people_email")),
        sa.UniqueConstraint("slack_id", name=op.f("uq_people_slack_id")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_people_reports_to_id"), ["reports_to_id"], unique=False
        )

    op.create_table(
        "digest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "pending",
                "sent",
                "failed",
                name="digest_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["leader_id"], ["people.id"], name=op.f("fk_digest_runs_leader_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_runs")),
        sa.UniqueConstraint(
            "leader_id", "week_start", name=op.f("uq_digest_runs_leader_id_week_start")
        ),
    )
    op.create_table(
        "forecast_actuals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "csv",
                "salesforce",
                "hubspot",
                name="source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "period_start <= period_end", name=op.f("ck_forecast_actuals_period_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["people.id"], name=op.f("fk_forecast_actuals_manager_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecast_actuals")),
        sa.UniqueConstraint(
            "manager_id",
            "period_start",
            "period_end",
            name=op.f("uq_forecast_actuals_manager_id_period_start_period_end"),
        ),
    )
    op.create_table(
        "occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadence_id", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("counterpart_id", sa.Integer(), nullable=True),
        sa.Column("counterpart_key", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "scheduled",
                "open",
                "done_on_time",
                "done_late",
                "skipped",
                "excused",
                "missed",
                name="occurrence_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "skip_reason",
            sa.Enum(
                "rep_out",
                "customer_emergency",
                "other",
                name="skip_reason",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("skip_note", sa.Text(), nullable=True),
        sa.Column("excused_reason", sa.String(length=200), nullable=True),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status != 'excused' OR excused_reason IS NOT NULL",
            name=op.f("ck_occurrences_excuse_has_reason"),
        ),
        sa.CheckConstraint(
            "status != 'skipped' OR skip_reason IS NOT NULL",
            name=op.f("ck_occurrences_skip_has_reason"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('done_on_time', 'done_late') OR completed_at IS NOT NULL",
            name=op.f("ck_occurrences_done_has_completed_at"),
        ),
        sa.CheckConstraint(
            "counterpart_key = coalesce(counterpart_id, 0)",
            name=op.f("ck_occurrences_counterpart_key_matches"),
        ),
        sa.CheckConstraint(
            "opens_at <= due_at AND due_at <= closes_at",
            name=op.f("ck_occurrences_window_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["cadence_id"], ["cadences.id"], name=op.f("fk_occurrences_cadence_id_cadences")
        ),
        sa.ForeignKeyConstraint(
            ["completed_by_id"], ["people.id"], name=op.f("fk_occurrences_completed_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_id"], ["people.id"], name=op.f("fk_occurrences_counterpart_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["people.id"], name=op.f("fk_occurrences_subject_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occurrences")),
        sa.UniqueConstraint(
            "cadence_id",
            "subject_id",
            "counterpart_key",
            "period_start",
            name="uq_occurrences_natural_key",
        ),
    )
    with op.batch_alter_table("occurrences", schema=None) as batch_op:
        batch_op.create_index(
            "ix_occurrences_cadence_period", ["cadence_id", "period_start"], unique=False
        )
        batch_op.create_index("ix_occurrences_status_closes", ["status", "closes_at"], unique=False)
        batch_op.create_index("ix_occurrences_subject_due", ["subject_id", "due_at"], unique=False)

    op.create_table(
        "time_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "config",
                "slack",
                name="source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("starts_on <= ends_on", name=op.f("ck_time_off_span_in_order")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_time_off_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_off")),
        sa.UniqueConstraint(
            "person_id",
            "starts_on",
            "ends_on",
            name=op.f("uq_time_off_person_id_starts_on_ends_on"),
        ),
    )
    op.create_table(
        "activity_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_activity_submissions_version_positive")),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["occurrences.id"],
            name=op.f("fk_activity_submissions_occurrence_id_occurrences"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["people.id"],
            name=op.f("fk_activity_submissions_submitted_by_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_submissions")),
        sa.UniqueConstraint(
            "occurrence_id", "version", name=op.f("uq_activity_submissions_occurrence_id_version")
        ),
    )
    op.create_table(
        "coaching_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=True),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("received_coaching", sa.Boolean(), nullable=False),
        sa.Column("usefulness", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "usefulness BETWEEN 1 AND 5", name=op.f("ck_coaching_ratings_usefulness_range")
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["people.id"], name=op.f("fk_coaching_ratings_manager_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["occurrences.id"],
            name=op.f("fk_coaching_ratings_occurrence_id_occurrences"),
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["people.id"], name=op.f("fk_coaching_ratings_rep_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_ratings")),
        sa.UniqueConstraint(
            "rep_id",
            "manager_id",
            "period_start",
            name=op.f("uq_coaching_ratings_rep_id_manager_id_period_start"),
        ),
    )
    with op.batch_alter_table("coaching_ratings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coaching_ratings_manager_id"), ["manager_id"], unique=False
        )

    op.create_table(
        "forecast_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(note) > 0", name=op.f("ck_forecast_adjustments_note_required")),
        sa.ForeignKeyConstraint(
            ["leader_id"], ["people.id"], name=op.f("fk_forecast_adjustments_leader_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["occurrences.id"],
            name=op.f("fk_forecast_adjustments_occurrence_id_occurrences"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecast_adjustments")),
    )
    op.create_table(
        "forecast_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("commit", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("best_case", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("pipeline", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("changes", sa.Text(), nullable=True),
        sa.Column("key_deals", sa.Text(), nullable=True),
        sa.Column("risks", sa.Text(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_forecast_submissions_version_positive")),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["occurrences.id"],
            name=op.f("fk_forecast_submissions_occurrence_id_occurrences"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["people.id"],
            name=op.f("fk_forecast_submissions_submitted_by_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecast_submissions")),
        sa.UniqueConstraint(
            "occurrence_id", "version", name=op.f("uq_forecast_submissions_occurrence_id_version")
        ),
    )
    op.create_table(
        "one_on_one_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("performance_issue", sa.Text(), nullable=True),
        sa.Column(
            "solution_type",
            sa.Enum(
                "coaching",
                "field_training",
                "feedback",
                "training",
                "other",
                "none",
                name="solution_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "focus",
            sa.Enum(
                "skill",
                "mindset",
                name="focus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("next_meeting_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["people.id"], name=op.f("fk_one_on_one_notes_manager_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["occurrences.id"],
            name=op.f("fk_one_on_one_notes_occurrence_id_occurrences"),
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["people.id"], name=op.f("fk_one_on_one_notes_rep_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_one_on_one_notes")),
        sa.UniqueConstraint("occurrence_id", name=op.f("uq_one_on_one_notes_occurrence_id")),
    )
    with op.batch_alter_table("one_on_one_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_one_on_one_notes_manager_id"), ["manager_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_one_on_one_notes_rep_id"), ["rep_id"], unique=False)

    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=True),
        sa.Column("digest_run_id", sa.Integer(), nullable=True),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("send_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                "cancelled",
                name="outbox_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(length=100), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("slack_channel", sa.String(length=32), nullable=True),
        sa.Column("slack_ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outbox_messages_attempts_not_negative")),
        sa.ForeignKeyConstraint(
            ["digest_run_id"],
            ["digest_runs.id"],
            name=op.f("fk_outbox_messages_digest_run_id_digest_runs"),
        ),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["occurrences.id"],
            name=op.f("fk_outbox_messages_occurrence_id_occurrences"),
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["people.id"], name=op.f("fk_outbox_messages_recipient_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_messages_dedupe_key")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_occurrence_id"), ["occurrence_id"], unique=False
        )
        batch_op.create_index(
            "ix_outbox_messages_state_send_after", ["state", "send_after"], unique=False
        )

    op.create_table(
        "team_meeting_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("agenda_covered", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("decisions", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["people.id"], name=op.f("fk_team_meeting_notes_manager_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["occurrences.id"],
            name=op.f("fk_team_meeting_notes_occurrence_id_occurrences"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_meeting_notes")),
        sa.UniqueConstraint("occurrence_id", name=op.f("uq_team_meeting_notes_occurrence_id")),
    )
    with op.batch_alter_table("team_meeting_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_team_meeting_notes_manager_id"), ["manager_id"], unique=False
        )

    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("one_on_one_note_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["one_on_one_note_id"],
            ["one_on_one_notes.id"],
            name=op.f("fk_action_items_one_on_one_note_id_one_on_one_notes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_action_items_owner_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_items_one_on_one_note_id"), ["one_on_one_note_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_action_items_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_owner_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_one_on_one_note_id"))

    op.drop_table("action_items")
    with op.batch_alter_table("team_meeting_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_meeting_notes_manager_id"))

    op.drop_table("team_meeting_notes")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_messages_state_send_after")
        batch_op.drop_index(batch_op.f("ix_outbox_messages_occurrence_id"))

    op.drop_table("outbox_messages")
    with op.batch_alter_table("one_on_one_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_one_on_one_notes_rep_id"))
        batch_op.drop_index(batch_op.f("ix_one_on_one_notes_manager_id"))

    op.drop_table("one_on_one_notes")
    op.drop_table("forecast_submissions")
    op.drop_table("forecast_adjustments")
    with op.batch_alter_table("coaching_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coaching_ratings_manager_id"))

    op.drop_table("coaching_ratings")
    op.drop_table("activity_submissions")
    op.drop_table("time_off")
    with op.batch_alter_table("occurrences", schema=None) as batch_op:
        batch_op.drop_index("ix_occurrences_subject_due")
        batch_op.drop_index("ix_occurrences_status_closes")
        batch_op.drop_index("ix_occurrences_cadence_period")

    op.drop_table("occurrences")
    op.drop_table("forecast_actuals")
    op.drop_table("digest_runs")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_reports_to_id"))

    op.drop_table("people")
    op.drop_table("cadences")
