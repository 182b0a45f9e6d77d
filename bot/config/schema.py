"""The shape of ``cadence_config.yaml``: pydantic models that refuse unknown keys.

Leaf values are parsed straight into domain types (``WeekdayTime``, ``timedelta``, enums) by the
parsers in ``values``, so mapping to the domain is a copy, and every parse error keeps its path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints

from bot.config import values
from bot.config.coaching_schema import HintsModel, NudgesModel
from bot.config.values import Every, invalid, shown
from bot.domain.actuals import PERIOD_FORMS, Period, parse_amount, parse_period
from bot.domain.cadence import Audience, Kind, QuestionType, WeekdayTime
from bot.domain.working_hours import DEFAULT_WORKING_HOURS, WorkingHours

T = TypeVar("T")


def _optional(parse: Callable[[object], T]) -> Callable[[object], T | None]:
    # A plain validator on ``X | None`` keeps errors on the field itself (a union would nest them).
    return lambda value: None if value is None else parse(value)


def _day(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        if isinstance(value, str):
            return date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise invalid(f"{shown(value)} is not a date", "write it as YYYY-MM-DD, like 2026-12-25")


def _currency(value: object) -> str:
    if isinstance(value, str) and len(value.strip()) == 3 and value.strip().isalpha():
        return value.strip().upper()
    raise invalid(f"{shown(value)} is not a currency code", "use a 3-letter code like USD or EUR")


def _threshold(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise invalid(
        f"{shown(value)} is not a usable threshold",
        "use a whole number of at least 1 (3 keeps a single rep's rating anonymous)",
    )


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Day = Annotated[date, PlainValidator(_day)]
Email = Annotated[str, PlainValidator(values.email)]
TimeZoneName = Annotated[str, PlainValidator(values.timezone)]
Moment = Annotated[WeekdayTime, PlainValidator(values.weekday_time)]
Duration = Annotated[timedelta, PlainValidator(values.duration)]
Slug = Annotated[str, PlainValidator(values.slug)]
Hours = Annotated[WorkingHours, PlainValidator(values.working_hours)]
KindName = Annotated[Kind, PlainValidator(lambda v: values.choice(Kind, "a kind", v))]
AudienceName = Annotated[
    Audience, PlainValidator(lambda v: values.choice(Audience, "an audience", v))
]
DigestAudience = Annotated[
    Audience,
    PlainValidator(
        lambda v: values.choice(
            Audience, "a digest audience", v, allowed=(Audience.LEADERS, Audience.MANAGERS)
        )
    ),
]
TypeName = Annotated[
    QuestionType, PlainValidator(lambda v: values.choice(QuestionType, "a question type", v))
]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrganizationModel(Section):
    name: Text = Field(examples=["Acme Sales"])
    timezone: TimeZoneName = Field(examples=["America/Chicago"])
    currency: Annotated[str, PlainValidator(_currency)] = "USD"
    working_days: list[Annotated[int, PlainValidator(values.weekday)]] = [1, 2, 3, 4, 5]
    holidays: list[Day] = Field(default_factory=list)
    anonymity_threshold: Annotated[int, PlainValidator(_threshold)] = 3
    admins: list[Email] = Field(default_factory=list)
    working_hours: Hours = Field(default=DEFAULT_WORKING_HOURS, examples=["08:00-18:00"])
    # None: the rhythm starts at the first plan.
    starts_on: Annotated[date | None, PlainValidator(_optional(_day))] = None


class PersonModel(Section):
    email: Email = Field(examples=["dana@acme.example"])
    name: Text = Field(examples=["Dana Lee"])
    reports_to: Annotated[str | None, PlainValidator(_optional(values.email))] = None
    # None: the organisation's zone until the Slack profile's zone is known.
    timezone: Annotated[str | None, PlainValidator(_optional(values.timezone))] = None
    # None: the organisation's working hours.
    working_hours: Annotated[
        WorkingHours | None, PlainValidator(_optional(values.working_hours))
    ] = None


class TimeOffModel(Section):
    email: Email = Field(examples=["dana@acme.example"])
    start: Day = Field(alias="from", examples=["2026-12-21"])
    end: Day = Field(alias="to", examples=["2027-01-01"])
    reason: Text | None = None


class ScheduleModel(Section):
    every: Annotated[Every, PlainValidator(values.every)] = Field(examples=["week"])
    starting: Annotated[date | None, PlainValidator(_optional(_day))] = None
    opens: Moment = Field(examples=["mon 09:00"])
    due: Moment = Field(examples=["wed 17:00"])


class QuestionModel(Section):
    id: Slug = Field(examples=["stalled"])
    label: Text = Field(examples=["Deals stalled over 30 days"])
    type: TypeName = QuestionType.TEXT
    multiline: bool = False
    required: bool = True
    options: list[Text] = Field(default_factory=list)


class CadenceModel(Section):
    id: Slug = Field(examples=["weekly-forecast"])
    title: str = ""
    kind: KindName = Field(examples=["forecast"])
    audience: AudienceName = Field(examples=["managers"])
    schedule: ScheduleModel = Field(examples=["{every: week, opens: mon 09:00, due: wed 17:00}"])
    reminders: list[Duration] = Field(default_factory=list)
    escalate_after: Annotated[timedelta | None, PlainValidator(_optional(values.duration))] = None
    questions: list[QuestionModel] = Field(default_factory=list)
    agenda: list[Text] = Field(default_factory=list)
    checklist: list[Text] = Field(default_factory=list)


def _period(value: object) -> Period:
    try:
        if isinstance(value, str):
            return parse_period(value)
    except ValueError as error:
        raise invalid(str(error), f"write the period as {PERIOD_FORMS}") from None
    raise invalid(f"{shown(value)} is not a period", f"write the period as {PERIOD_FORMS}")


def _amount(value: object) -> Decimal:
    text = str(value) if isinstance(value, int | float | str) and value is not True else ""
    try:
        return parse_amount(text)
    except ValueError as error:
        raise invalid(str(error), "a plain number in the organisation's currency") from None


class TargetModel(Section):
    manager: Email = Field(examples=["carlos@acme.example"])
    period: Annotated[Period, PlainValidator(_period)] = Field(examples=["2026-Q4"])
    amount: Annotated[Decimal, PlainValidator(_amount)] = Field(examples=[300000])


class DigestModel(Section):
    to: DigestAudience = Audience.LEADERS
    at: Moment = Field(examples=["mon 08:00"])
    enabled: bool = True


class ConfigFileModel(Section):
    """The whole file. Sections are validated one by one, so one mistake hides no other."""

    organization: OrganizationModel
    people: list[PersonModel] = Field(default_factory=list)
    people_file: str | None = None
    time_off: list[TimeOffModel] = Field(default_factory=list)
    cadences: list[CadenceModel]
    digest: DigestModel | None = None
    targets: list[TargetModel] = Field(default_factory=list)
    hints: HintsModel | None = None
    nudges: NudgesModel | None = None
