"""Rows read as plain tuples hold the very values, of the very types, the ORM reads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.persistence.models import ForecastSubmission, Occurrence, OneOnOneNote, Person
from bot.persistence.plain_rows import plain_rows
from tests.seeds.quarter import example_os, seed_quarter

OS = example_os()


def _same_as_the_orm(session: Session, statement: Select[Any]) -> None:
    expected = [tuple(row) for row in session.execute(statement)]
    found = plain_rows(session, statement)
    assert found == expected
    assert [tuple(map(type, row)) for row in found] == [tuple(map(type, row)) for row in expected]


def test_dates_instants_enums_and_nulls_read_as_the_orm_reads_them(session: Session) -> None:
    seed_quarter(session, OS)
    statement = select(
        Occurrence.id,
        Occurrence.cadence_id,
        Occurrence.period_start,
        Occurrence.due_at,
        Occurrence.status,
        Occurrence.skip_reason,
    ).order_by(Occurrence.id)
    assert {row[5] for row in plain_rows(session, statement)} > {None}
    _same_as_the_orm(session, statement)


def test_money_and_joined_columns_read_as_the_orm_reads_them(session: Session) -> None:
    seed_quarter(session, OS)
    _same_as_the_orm(
        session,
        select(
            ForecastSubmission.commit,
            ForecastSubmission.best_case,
            ForecastSubmission.submitted_at,
        ).order_by(ForecastSubmission.id),
    )
    _same_as_the_orm(
        session,
        select(Person.email, OneOnOneNote.held_on, OneOnOneNote.solution_type, OneOnOneNote.focus)
        .join(Person, Person.id == OneOnOneNote.rep_id)
        .order_by(OneOnOneNote.id),
    )


def test_a_change_not_yet_flushed_is_read(session: Session) -> None:
    seed_quarter(session, OS)
    session.add(Person(email="new@example.com", name="New", timezone="UTC"))
    emails = [email for (email,) in plain_rows(session, select(Person.email))]
    assert "new@example.com" in emails


def test_nothing_found_is_no_rows(session: Session) -> None:
    assert plain_rows(session, select(Occurrence.id, Occurrence.due_at)) == []
