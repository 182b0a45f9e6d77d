"""Recording a manager's forecast: a new version each time, every version kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.submissions import ForecastInput, fits_money_column, forecast_problems
from bot.persistence.models import ForecastSubmission
from bot.persistence.repositories import submissions
from bot.services.errors import InvalidSubmission
from bot.services.outcomes import Recorded, own_occurrence, record_submission


def record_forecast(
    session: Session,
    *,
    occurrence_id: int,
    person_id: int,
    input: ForecastInput,
    currency: str,
    now: datetime,
) -> Recorded:
    """Save ``input`` as the next version and close the occurrence (an edit keeps its status)."""
    _check(input)
    occurrence = own_occurrence(
        session, occurrence_id=occurrence_id, person_id=person_id, kinds={Kind.FORECAST}
    )
    forecast = ForecastSubmission(
        occurrence_id=occurrence.id,
        version=submissions.next_forecast_version(session, occurrence.id),
        commit=input.commit,
        best_case=input.best_case,
        pipeline=input.pipeline,
        currency=currency,
        changes=input.changes,
        key_deals=input.key_deals,
        risks=input.risks,
        submitted_by_id=person_id,
        submitted_at=now,
    )
    return record_submission(session, occurrence, forecast, by_id=person_id, now=now)


def _check(input: ForecastInput) -> None:
    figures = (input.commit, input.best_case, input.pipeline)
    if not all(fits_money_column(amount) for amount in figures):
        raise InvalidSubmission("Forecast figures need at most 2 decimals and 12 digits.")
    if forecast_problems(commit=input.commit, best_case=input.best_case, pipeline=input.pipeline):
        raise InvalidSubmission("Forecast figures must satisfy 0 ≤ commit ≤ best case ≤ pipeline.")
