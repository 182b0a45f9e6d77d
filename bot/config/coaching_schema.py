"""The config sections of the coaching loop: ``hints:`` and ``nudges:``.

Kept beside ``schema`` (which holds the organisation, people and cadences) so each section's
shape, defaults and mapping to the domain read in one place. Shares (thresholds) are written as
a percentage, ``15%``, or as a fraction, ``0.15``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from bot.config import values
from bot.config.values import invalid, shown
from bot.domain.dm_budget import DEFAULT_DAILY_BUDGET, NudgeSettings
from bot.domain.hints import (
    CoachingQualityRule,
    FollowThroughRule,
    ForecastBiasRule,
    HintSettings,
    RhythmSlippingRule,
)
from bot.domain.occurrence import SkipReason


def _share(value: object) -> float:
    text = str(value).strip()
    try:
        if isinstance(value, bool):
            raise ValueError
        share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        share = -1.0
    if 0 <= share <= 1:
        return share
    raise invalid(f"{shown(value)} is not a share", "write a percentage like 15% (or 0.15)")


def _count(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise invalid(f"{shown(value)} is not a count", "use a whole number of at least 1")


Share = Annotated[float, PlainValidator(_share)]
Count = Annotated[int, PlainValidator(_count)]
Reason = Annotated[
    SkipReason, PlainValidator(lambda v: values.choice(SkipReason, "a skip reason", v))
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_BIAS, _QUALITY = ForecastBiasRule(), CoachingQualityRule()
_RHYTHM, _FOLLOW = RhythmSlippingRule(), FollowThroughRule()


class ForecastBiasModel(_Section):
    enabled: bool = True
    threshold: Share = _BIAS.threshold
    periods: Count = _BIAS.periods


class CoachingQualityModel(_Section):
    enabled: bool = True
    logged_at_least: Share = _QUALITY.logged_at_least
    reported_at_most: Share = _QUALITY.reported_at_most


class RhythmSlippingModel(_Section):
    enabled: bool = True
    weeks: Count = _RHYTHM.weeks
    below: Share = _RHYTHM.below


class FollowThroughModel(_Section):
    enabled: bool = True
    late_at_least: Share = _FOLLOW.late_at_least
    min_items: Count = _FOLLOW.min_items


class HintsModel(_Section):
    forecast_bias: ForecastBiasModel = Field(default_factory=ForecastBiasModel)
    coaching_quality: CoachingQualityModel = Field(default_factory=CoachingQualityModel)
    rhythm_slipping: RhythmSlippingModel = Field(default_factory=RhythmSlippingModel)
    follow_through: FollowThroughModel = Field(default_factory=FollowThroughModel)


class NudgesModel(_Section):
    daily_budget: Count = DEFAULT_DAILY_BUDGET
    skip_reasons: list[Reason] = Field(default_factory=lambda: list(SkipReason), min_length=1)


def to_hints(model: HintsModel | None) -> HintSettings:
    if model is None:
        return HintSettings()
    return HintSettings(
        forecast_bias=ForecastBiasRule(**model.forecast_bias.model_dump()),
        coaching_quality=CoachingQualityRule(**model.coaching_quality.model_dump()),
        rhythm_slipping=RhythmSlippingRule(**model.rhythm_slipping.model_dump()),
        follow_through=FollowThroughRule(**model.follow_through.model_dump()),
    )


def to_nudges(model: NudgesModel | None) -> NudgeSettings:
    if model is None:
        return NudgeSettings()
    return NudgeSettings(
        daily_budget=model.daily_budget, skip_reasons=tuple(dict.fromkeys(model.skip_reasons))
    )
