"""Insert many rows at once, skipping those whose unique key exists, on both engines.

Planning writes tens of thousands of occurrences and nudges in one go. One statement per row
spent its time building statements, and even SQLAlchemy's batched executemany spends most of
it converting every value. Here the rows go into a temporary staging table through the
driver's own bulk path (``COPY`` on PostgreSQL, ``executemany`` on SQLite), converted with the
columns' own bind processors, memoised (a plan repeats the same instants thousands of times),
then one ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`` moves them. The staging
table lives in the session's transaction, so the insert is as atomic as any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
) -> list[tuple[Any, ...]]:
    """Insert ``rows`` (values in the order of ``columns``) except those conflicting on
    ``unique``; the ``returning`` columns of the inserted rows, as Python values, in no
    particular order."""
    table: Table = model.__table__
    dialect = session.get_bind().dialect
    names = ", ".join(columns)
    staging = f"staging_{table.name}"
    postgres = on_postgresql(session)
    connection = session.connection().connection.dbapi_connection
    assert connection is not None
    cursor = connection.cursor()
    try:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table.name} WHERE 1 = 0"
        )
        converted = _converted(table, columns, rows, dialect)
        if postgres:
            _copy(cast(psycopg.Cursor[Any], cursor), staging, names, converted)
        else:
            marks = ", ".join("?" for _ in columns)
            insert = f"INSERT INTO {staging} ({names}) VALUES ({marks})"
            while chunk := list(islice(converted, _CHUNK)):
                cursor.executemany(insert, chunk)
        # ``WHERE true``: SQLite would otherwise read ON CONFLICT as part of a join.
        cursor.execute(
            f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {staging} WHERE 1 = 1 "
            f"ON CONFLICT ({', '.join(unique)}) DO NOTHING RETURNING {', '.join(returning)}"
        )
        inserted = cursor.fetchall()
        cursor.execute(f"DROP TABLE {staging}")
    finally:
        cursor.close()
    return _results(table, returning, inserted, dialect)


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
