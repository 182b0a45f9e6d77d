"""Many rows read as plain tuples, each distinct value converted once.

A digest of a large tree reads tens of thousands of rows whose values repeat: a few hundred
dates, a handful of statuses and cadences. Through the ORM each value of each row goes
through its type's conversion and each row becomes a ``Row``: about two thirds of such a read.
``plain_rows`` takes the driver's tuples as they come and converts each column with the same
processor SQLAlchemy would apply, once per distinct value, so the values are the ones
``session.execute`` gives.

Only for columns of hashable scalar values (not JSON).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVarTuple

from sqlalchemy import Select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

Columns = TypeVarTuple("Columns")


class _Converted(dict[Any, Any]):
    """Driver values and what the column's type makes of them, filled as values are met."""

    def __init__(self, process: Callable[[Any], Any]) -> None:
        super().__init__()
        self._process = process

    def __missing__(self, raw: Any) -> Any:
        value = self[raw] = self._process(raw)
        return value


def plain_rows(session: Session, statement: Select[*Columns]) -> list[tuple[*Columns]]:
    """The rows of ``statement`` as tuples of the same values ``session.execute`` gives."""
    if session.autoflush:
        session.flush()
    connection = session.connection()
    dialect = connection.dialect
    columns = list(statement.selected_columns)
    # The driver's values as they are: converted below, once per distinct value.
    raw_statement = statement.with_only_columns(
        *(type_coerce(c, NullType()).label(f"c{n}") for n, c in enumerate(columns))
    )
    result = connection.execute(raw_statement)
    try:
        cursor = result.cursor
        description = cursor.description
        rows = cursor.fetchall()
    finally:
        result.close()
    if not rows:
        return []
    converted = []
    for n, (column, raw) in enumerate(zip(columns, zip(*rows, strict=True), strict=True)):
        process = column.type.dialect_impl(dialect).result_processor(dialect, description[n][1])
        converted.append(raw if process is None else map(_Converted(process).__getitem__, raw))
    return list(zip(*converted, strict=True))
