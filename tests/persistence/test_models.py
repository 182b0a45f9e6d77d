"""The constraints that keep planning idempotent and history intact hold on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.persistence.models import (
    Cadence,
    CoachingRating,
    ForecastSubmission,
    Occurrence,
    OutboxMessage,
    Person,
)

MONDAY = date(2026, 11, 30)
OPENS = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


def person(session: Session, email: str) -> Person:
    someone = Person(email=email, name=email.split("@")[0].title(), timezone="Europe/Paris")
    session.add(someone)
    session.flush()
    return someone


def cadence(session: Session, kind: Kind = Kind.ONE_ON_ONE) -> Cadence:
    rhythm = Cadence(id=f"weekly-{kind}", kind=kind, title="", config_hash="x", definition={})
    session.add(rhythm)
    session.flush()
    return rhythm


def occurrence(
    rhythm: Cadence, subject: Person, counterpart: Person | None = None, **changes: object
) -> Occurrence:
    fields: dict[str, object] = {
        "cadence": rhythm,
        "subject": subject,
        "counterpart": counterpart,
        "period_start": MONDAY,
        "opens_at": OPENS,
        "due_at": OPENS + timedelta(days=2),
        "closes_at": OPENS + timedelta(days=5),
        "tz": "Europe/Paris",
    }
    return Occurrence(**(fields | changes))


@pytest.mark.parametrize("with_counterpart", [True, False], ids=["1:1", "no counterpart"])
def test_the_same_occurrence_cannot_be_planned_twice(
    session: Session, with_counterpart: bool
) -> None:
    rhythm = cadence(session)
    manager = person(session, "maria@example.com")
    rep = person(session, "raj@example.com") if with_counterpart else None
    session.add(occurrence(rhythm, manager, rep))
    session.flush()

    session.add(occurrence(rhythm, manager, rep))

    with pytest.raises(IntegrityError):
        session.flush()


def test_the_same_subject_has_one_occurrence_per_counterpart(session: Session) -> None:
    rhythm = cadence(session)
    manager = person(session, "maria@example.com")
    reps = [person(session, "raj@example.com"), person(session, "ana@example.com")]

    session.add_all([occurrence(rhythm, manager), *(occurrence(rhythm, manager, r) for r in reps)])
    session.flush()

    keys = session.scalars(select(Occurrence.counterpart_key).order_by(Occurrence.id)).all()
    assert keys == [0, reps[0].id, reps[1].id]


def test_datetimes_come_back_as_aware_utc(session: Session) -> None:
    paris_morning = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    planned = occurrence(cadence(session), person(session, "maria@example.com"))
    planned.opens_at = paris_morning
    session.add(planned)
    session.flush()
    session.expire_all()

    stored = session.get_one(Occurrence, planned.id)

    assert stored.opens_at == paris_morning
    assert stored.opens_at.tzinfo is UTC
    assert stored.opens_at.hour == 8


def test_a_naive_datetime_is_refused(session: Session) -> None:
    naive = datetime(2026, 11, 30, 9, 0)
    session.add(occurrence(cadence(session), person(session, "maria@example.com"), opens_at=naive))

    with pytest.raises(StatementError) as refused:
        session.flush()

    assert isinstance(refused.value.orig, ValueError)


def test_every_forecast_version_is_kept(session: Session) -> None:
    manager = person(session, "maria@example.com")
    forecast = occurrence(cadence(session, Kind.FORECAST), manager)
    session.add(forecast)
    session.flush()

    for version, commit in enumerate([Decimal("120000.00"), Decimal("95000.50")], start=1):
        session.add(forecast_version(forecast, manager, version, commit))
    session.flush()

    commits = session.scalars(
        select(ForecastSubmission.commit).order_by(ForecastSubmission.version)
    ).all()
    assert commits == [Decimal("120000.00"), Decimal("95000.50")]

    session.add(forecast_version(forecast, manager, 2, Decimal("1.00")))
    with pytest.raises(IntegrityError):
        session.flush()


def forecast_version(
    forecast: Occurrence, manager: Person, version: int, commit: Decimal
) -> ForecastSubmission:
    return ForecastSubmission(
        occurrence_id=forecast.id,
        version=version,
        commit=commit,
        best_case=commit * 2,
        pipeline=commit * 4,
        currency="EUR",
        submitted_by_id=manager.id,
        submitted_at=OPENS,
    )


def test_a_message_with_the_same_dedupe_key_is_not_queued_twice(session: Session) -> None:
    manager = person(session, "maria@example.com")
    planned = occurrence(cadence(session), manager)
    session.add(planned)
    session.flush()

    for _ in range(2):
        session.add(
            OutboxMessage(
                dedupe_key=f"occ:{planned.id}:reminder:24h",
                purpose="reminder",
                key="reminder:24h",
                occurrence_id=planned.id,
                recipient_id=manager.id,
                send_after=OPENS,
            )
        )

    with pytest.raises(IntegrityError):
        session.flush()


def test_a_rep_rates_a_manager_once_per_period(session: Session) -> None:
    manager = person(session, "maria@example.com")
    rep = person(session, "raj@example.com")

    for usefulness in (4, 2):
        session.add(rating(rep, manager, usefulness))

    with pytest.raises(IntegrityError):
        session.flush()


@pytest.mark.parametrize("usefulness", [0, 6])
def test_usefulness_is_rated_from_1_to_5(session: Session, usefulness: int) -> None:
    session.add(
        rating(person(session, "raj@example.com"), person(session, "maria@example.com"), usefulness)
    )

    with pytest.raises(IntegrityError):
        session.flush()


def rating(rep: Person, manager: Person, usefulness: int) -> CoachingRating:
    return CoachingRating(
        rep_id=rep.id,
        manager_id=manager.id,
        period_start=MONDAY,
        received_coaching=True,
        usefulness=usefulness,
        submitted_at=OPENS,
    )
