"""A small organisation with a week of history, for the import and export tests.

vp leads two managers: Zoë (3 reps) and Bo (2 reps). With a threshold of 3, Bo's reps' answers
must never be shown — not even as the VP's total minus Zoë's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus, SkipReason, SolutionType
from bot.persistence.models import (
    ActionItem,
    ActualsSource,
    Cadence,
    CoachingRating,
    ForecastActual,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    Person,
    TeamMeetingNote,
)

# The same organisation as a config file, for the commands that read one (threshold 3).
ORG_CONFIG = """\
organization: {name: Acme, timezone: Europe/Berlin, anonymity_threshold: 3}
people:
  - {email: vp@acme.example, name: Val, timezone: America/New_York}
  - {email: zoe@acme.example, name: Zoë Ärmel, reports_to: vp@acme.example}
  - {email: bo@acme.example, name: Bo, reports_to: vp@acme.example, timezone: America/Chicago}
  - {email: z1@acme.example, name: Z1, reports_to: zoe@acme.example}
  - {email: z2@acme.example, name: Z2, reports_to: zoe@acme.example}
  - {email: z3@acme.example, name: Z3, reports_to: zoe@acme.example}
  - {email: b1@acme.example, name: B1, reports_to: bo@acme.example}
  - {email: b2@acme.example, name: B2, reports_to: bo@acme.example}
cadences:
  - id: weekly-forecast
    kind: forecast
    audience: managers
    schedule: {every: week, opens: mon 09:00, due: wed 17:00}
  - id: weekly-one_on_one
    kind: one_on_one
    audience: manager_rep_pairs
    schedule: {every: week, opens: mon 09:00, due: fri 17:00}
  - id: weekly-team_meeting
    kind: team_meeting
    audience: managers
    schedule: {every: week, opens: mon 09:00, due: fri 17:00}
"""
WEEK = date(2026, 11, 23)
DUE = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
FORMULA_TOPIC = '=HYPERLINK("http://evil.example","click")'
SECRET_COMMENTS = ("SECRET-COMMENT-z1", "SECRET-COMMENT-z2", "SECRET-COMMENT-b1")


@dataclass(frozen=True)
class Org:
    vp: Person
    zoe: Person
    bo: Person
    zoe_reps: tuple[Person, ...]
    bo_reps: tuple[Person, ...]


def seed_org(session: Session) -> Org:
    """The people only: what the actuals imports need."""

    def person(email: str, name: str, boss: Person | None, tz: str = "Europe/Berlin") -> Person:
        someone = Person(email=email, name=name, timezone=tz, reports_to=boss)
        session.add(someone)
        return someone

    vp = person("vp@acme.example", "Val", None, "America/New_York")
    zoe = person("zoe@acme.example", "Zoë Ärmel", vp)
    bo = person("bo@acme.example", "Bo", vp, "America/Chicago")
    zoe_reps = tuple(person(f"z{i}@acme.example", f"Z{i}", zoe) for i in (1, 2, 3))
    bo_reps = tuple(person(f"b{i}@acme.example", f"B{i}", bo) for i in (1, 2))
    session.flush()
    return Org(vp, zoe, bo, zoe_reps, bo_reps)


def _cadence(session: Session, kind: Kind) -> Cadence:
    rhythm = Cadence(
        id=f"weekly-{kind}", kind=kind, title=str(kind), config_hash="x", definition={}
    )
    session.add(rhythm)
    return rhythm


def _occurrence(rhythm: Cadence, subject: Person, **changes: object) -> Occurrence:
    fields: dict[str, object] = {
        "cadence": rhythm,
        "subject": subject,
        "period_start": WEEK,
        "opens_at": DUE - timedelta(days=2),
        "due_at": DUE,
        "closes_at": DUE + timedelta(days=3),
        "tz": subject.timezone,
        "status": OccurrenceStatus.DONE_ON_TIME,
        "completed_at": DUE - timedelta(hours=1),
    }
    return Occurrence(**(fields | changes))


def seed_history(session: Session) -> Org:
    """People, a forecast with two versions, a 1:1 with an action item, a skipped 1:1, a team
    meeting, every rep's coaching rating for the week, and one actual."""
    org = seed_org(session)
    forecast = _occurrence(_cadence(session, Kind.FORECAST), org.zoe)
    one_on_one_cadence = _cadence(session, Kind.ONE_ON_ONE)
    one_on_one = _occurrence(one_on_one_cadence, org.zoe, counterpart=org.zoe_reps[0])
    skipped = _occurrence(
        one_on_one_cadence,
        org.zoe,
        counterpart=org.zoe_reps[1],
        status=OccurrenceStatus.SKIPPED,
        skip_reason=SkipReason.REP_OUT,
        completed_at=None,
    )
    team_meeting = _occurrence(_cadence(session, Kind.TEAM_MEETING), org.zoe)
    session.add_all([forecast, one_on_one, skipped, team_meeting])
    session.flush()
    for version, commit in ((1, "100000.00"), (2, "90000.00")):
        session.add(
            ForecastSubmission(
                occurrence_id=forecast.id,
                version=version,
                commit=Decimal(commit),
                best_case=Decimal("150000.00"),
                pipeline=Decimal("400000.00"),
                currency="EUR",
                risks="-20% if Globex slips",
                submitted_by_id=org.zoe.id,
                submitted_at=DUE - timedelta(hours=3 - version),
            )
        )
    note = OneOnOneNote(
        occurrence_id=one_on_one.id,
        manager_id=org.zoe.id,
        rep_id=org.zoe_reps[0].id,
        held_on=date(2026, 11, 24),
        topics=FORMULA_TOPIC,
        solution_type=SolutionType.COACHING,
        submitted_at=DUE - timedelta(hours=1),
    )
    note.action_items.append(
        ActionItem(owner_id=org.zoe_reps[0].id, text="@Globex send the proposal", due_on=WEEK)
    )
    session.add(note)
    session.add(
        TeamMeetingNote(
            occurrence_id=team_meeting.id,
            manager_id=org.zoe.id,
            held_on=date(2026, 11, 25),
            attendees=[r.id for r in org.zoe_reps[:2]],
            agenda_covered=["pipeline", "wins"],
            notes="Línea uno\nline two",
            decisions="+1 to the new deck",
            submitted_at=DUE,
        )
    )
    answers = [
        (org.zoe_reps[0], org.zoe, True, 4, SECRET_COMMENTS[0]),
        (org.zoe_reps[1], org.zoe, True, 5, SECRET_COMMENTS[1]),
        (org.zoe_reps[2], org.zoe, False, 2, None),
        (org.bo_reps[0], org.bo, True, 1, SECRET_COMMENTS[2]),
        (org.bo_reps[1], org.bo, False, 3, None),
    ]
    session.add_all(
        CoachingRating(
            rep_id=rep.id,
            manager_id=manager.id,
            period_start=WEEK,
            received_coaching=received,
            usefulness=usefulness,
            comment=comment,
            submitted_at=DUE,
        )
        for rep, manager, received, usefulness, comment in answers
    )
    session.add(
        ForecastActual(
            manager_id=org.zoe.id,
            period="2026-Q4",
            period_start=date(2026, 10, 1),
            period_end=date(2026, 12, 31),
            amount=Decimal("125000.50"),
            source=ActualsSource.CSV,
            imported_at=DUE,
        )
    )
    session.flush()
    return org
