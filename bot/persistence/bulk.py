"""Insert many rows at once, skipping those whose unique key exists, on both engines.

Planning writes tens of thousands of occurrences and nudges in one go. One statement per row
spent its time building statements, and even SQLAlchemy's batched executemany spends most of
it converting every value. Here the rows go into a temporary staging table through the
driver's own bulk path (``COPY`` on PostgreSQL, ``executemany`` on SQLite), converted with the
columns' own bind processors, memoised (a plan repeats the same instants thousands of times),
then one ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`` moves them. Values the same
for every row (a state, a timestamp) are bound once in that statement, not staged per row. A
caller who needs only a count gets it from the driver's row count; on SQLite its rows then go
straight into the table by one ``executemany … ON CONFLICT DO NOTHING``. The staging table
lives in the session's transaction, so the insert is as atomic as any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice
from typing import Any, cast

import psycopg
from sqlalchemy import Dialect, Table
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from bot.persistence.database import on_postgresql

# Rows converted and handed to the driver at a time: bounds the memory of a large plan.
_CHUNK = 5000


def insert_if_absent(
    session: Session,
    model: type[Any],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    unique: Sequence[str],
    returning: Sequence[str],
    constants: Mapping[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Insert ``rows`` (values in the order of ``columns``, plus ``constants``, the same for
    every row) except those conflicting on ``unique``; the ``returning`` columns of the inserted
    rows, as Python values, in no particular order."""
    table: Table = model.__table__
    dialect = session.get_bind().dialect
    insert = _Insert(table, columns, constants or {}, dialect, unique=unique)
    cursor = _cursor(session)
    try:
        staging = _staged(session, cursor, insert, rows)
        cursor.execute(insert.from_staging(staging, returning=returning), insert.constants)
        inserted = cursor.fetchall()
        cursor.execute(f"DROP TABLE {staging}")
    finally:
        cursor.close()
    return _results(table, returning, inserted, dialect)


def count_inserted_if_absent(
    session: Session,
    model: type[Any],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    unique: Sequence[str],
    constants: Mapping[str, Any] | None = None,
) -> int:
    """``insert_if_absent`` for a caller who only needs how many rows were inserted.

    On SQLite the rows go straight into the table (one executemany, its row count summed by
    the driver): staging them first would only write and read them once more.
    """
    table: Table = model.__table__
    dialect = session.get_bind().dialect
    insert = _Insert(table, columns, constants or {}, dialect, unique=unique)
    cursor = _cursor(session)
    inserted: int = 0
    try:
        if on_postgresql(session):
            staging = _staged(session, cursor, insert, rows)
            cursor.execute(insert.from_staging(staging), insert.constants)
            inserted = cursor.rowcount
            cursor.execute(f"DROP TABLE {staging}")
        else:
            statement, constants_ = insert.from_values(), tuple(insert.constants)
            converted = _converted(table, columns, rows, dialect)
            while chunk := [(*row, *constants_) for row in islice(converted, _CHUNK)]:
                cursor.executemany(statement, chunk)
                inserted += cursor.rowcount
    finally:
        cursor.close()
    return inserted


class _Insert:
    """The statements of one bulk insert: varying ``columns``, then the ``constants``."""

    def __init__(
        self,
        table: Table,
        columns: Sequence[str],
        constants: Mapping[str, Any],
        dialect: Dialect,
        *,
        unique: Sequence[str],
    ) -> None:
        self.table, self.columns = table, list(columns)
        self.constants = [_bound(table, name, value, dialect) for name, value in constants.items()]
        self._constant_names = list(constants)
        self._marks = "%s" if dialect.name == "postgresql" else "?"
        self._conflict = f"ON CONFLICT ({', '.join(unique)}) DO NOTHING"

    @property
    def names(self) -> str:
        return ", ".join(self.columns)

    def from_staging(self, staging: str, *, returning: Sequence[str] = ()) -> str:
        targets = ", ".join([*self.columns, *self._constant_names])
        values = ", ".join([*self.columns, *(self._marks for _ in self._constant_names)])
        # ``WHERE 1 = 1``: SQLite would otherwise read ON CONFLICT as part of a join.
        statement = (
            f"INSERT INTO {self.table.name} ({targets}) SELECT {values} FROM {staging} "
            f"WHERE 1 = 1 {self._conflict}"
        )
        return statement + (f" RETURNING {', '.join(returning)}" if returning else "")

    def from_values(self) -> str:
        targets = [*self.columns, *self._constant_names]
        marks = ", ".join(self._marks for _ in targets)
        return f"INSERT INTO {self.table.name} ({', '.join(targets)}) VALUES ({marks}) " + (
            self._conflict
        )


def _cursor(session: Session) -> Any:
    connection = session.connection().connection.dbapi_connection
    assert connection is not None
    return connection.cursor()


def _staged(session: Session, cursor: Any, insert: _Insert, rows: Iterable[Sequence[Any]]) -> str:
    """A temporary table holding ``rows``, converted for the driver; its name."""
    table, dialect = insert.table, session.get_bind().dialect
    staging, names = f"staging_{table.name}", insert.names
    cursor.execute(f"DROP TABLE IF EXISTS {staging}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table.name} WHERE 1 = 0"
    )
    converted = _converted(table, insert.columns, rows, dialect)
    if on_postgresql(session):
        _copy(cast(psycopg.Cursor[Any], cursor), staging, names, converted)
    else:
        marks = ", ".join("?" for _ in insert.columns)
        statement = f"INSERT INTO {staging} ({names}) VALUES ({marks})"
        while chunk := list(islice(converted, _CHUNK)):
            cursor.executemany(statement, chunk)
    return staging


def _copy(
    cursor: psycopg.Cursor[Any], staging: str, names: str, rows: Iterable[Sequence[Any]]
) -> None:
    with cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _converted(
    table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]], dialect: Dialect
) -> Iterable[Sequence[Any]]:
    processors = [
        (i, _memoised(processor))
        for i, name in enumerate(columns)
        if (processor := _impl(table, name, dialect).bind_processor(dialect)) is not None
    ]
    for row in rows:
        values = list(row)
        for i, process in processors:
            values[i] = process(values[i])
        yield values


def _bound(table: Table, column: str, value: Any, dialect: Dialect) -> Any:
    processor = _impl(table, column, dialect).bind_processor(dialect)
    return value if processor is None else processor(value)


def _results(
    table: Table, returning: Sequence[str], rows: Sequence[Any], dialect: Dialect
) -> list[tuple[Any, ...]]:
    processors = [
        (i, _memoised(processor))
        for i, name in enumerate(returning)
        if (processor := _impl(table, name, dialect).result_processor(dialect, None))
    ]
    results = []
    for row in rows:
        values = list(row)
        for i, process in processors:
            values[i] = process(values[i])
        results.append(tuple(values))
    return results


def _memoised(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}

    def memoised(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            converted = seen[value] = process(value)
            return converted
        except TypeError:  # unhashable (JSON): convert every time
            return process(value)

    return memoised


def _impl(table: Table, column: str, dialect: Dialect) -> TypeEngine[Any]:
    # The dialect's own type: a generic DateTime has no processors, SQLite's DATETIME has.
    return table.c[column].type.dialect_impl(dialect)
