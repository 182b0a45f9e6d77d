"""The declarative base every model shares, and the column types and mixins they reuse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import DateTime, Dialect, Engine, Enum, MetaData, Numeric
from sqlalchemy.engine.interfaces import ExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Constraint names are deterministic so Alembic can drop and alter them by name on every engine.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Amounts of money: up to a trillion, to the cent.
MONEY = Numeric(14, 2)


# The execution option that carries the app's clock to the rows' own timestamps.
CLOCK_OPTION = "cadence_clock"


def on_clock(engine: Engine, clock: Callable[[], datetime]) -> Engine:
    """``engine`` stamping ``created_at`` / ``updated_at`` from ``clock`` instead of the wall
    clock, so a row written at a simulated or test ``now`` says that ``now``."""
    return engine.execution_options(**{CLOCK_OPTION: clock})


def stamped_now(context: ExecutionContext) -> datetime:
    """The moment a row is written: the engine's clock (see `on_clock`), else the wall clock."""
    clock = context.execution_options.get(CLOCK_OPTION)
    return clock() if clock is not None else datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC instant on every engine.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so the UTC wall-clock is stored
    and UTC is re-attached on load. Naive datetimes are refused: their zone would be a guess.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: store timezone-aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column_type(values: type[StrEnum], name: str) -> Enum:
    """A string column holding the ``values`` enum's members, guarded by a named CHECK constraint.

    No native PostgreSQL ENUM: adding a value is then a plain constraint change on both engines.
    """
    return Enum(
        values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class CreatedAtMixin:
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=stamped_now)


class TimestampMixin(CreatedAtMixin):
    updated_at: Mapped[datetime] = mapped_column(
        UtcDateTime, default=stamped_now, onupdate=stamped_now
    )
