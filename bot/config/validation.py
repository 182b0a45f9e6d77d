"""Validate the parsed YAML section by section, collecting every problem.

Sections (and each item of a list) are validated on their own, so a bad time in one cadence
hides neither the other cadences nor a reporting cycle in the roster from the checks.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.config.coaching_schema import HintsModel, NudgesModel
from bot.config.problems import ConfigProblem, Path, SourceMap
from bot.config.schema import (
    CadenceModel,
    ConfigFileModel,
    DigestModel,
    OrganizationModel,
    PersonModel,
    TargetModel,
    TimeOffModel,
)
from bot.config.schema_errors import LIST_HINT, describe, field_names
from bot.config.values import did_you_mean, shown

M = TypeVar("M", bound=BaseModel)


@dataclass
class ParsedConfig:
    """The sections that validated, keyed by their index in the file for locating problems."""

    organization: OrganizationModel | None = None
    people: dict[int, PersonModel] = field(default_factory=dict)
    # Every entry's email, valid entry or not, so one bad row does not make others point at nobody.
    people_emails: dict[int, str] = field(default_factory=dict)
    # Who reports to whom, also from entries whose other fields are wrong (a bad time zone
    # should not hide a reporting cycle).
    reporting: dict[int, PersonModel] = field(default_factory=dict)
    time_off: dict[int, TimeOffModel] = field(default_factory=dict)
    cadences: dict[int, CadenceModel] = field(default_factory=dict)
    digest: DigestModel | None = None
    targets: dict[int, TargetModel] = field(default_factory=dict)
    hints: HintsModel | None = None
    nudges: NudgesModel | None = None
    people_complete: bool = True


class _Validator:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[ConfigProblem] = []

    def one(self, model: type[M], raw: object, path: Path) -> M | None:
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            self.problems += [self._problem(e, model, path) for e in error.errors()]
            return None

    def each(self, model: type[M], raw: object, path: Path) -> tuple[dict[int, M], bool]:
        """Valid items by index, and whether every item was valid."""
        if raw is None:
            return {}, True
        if not isinstance(raw, list):
            self.problems.append(
                self.source.problem(path, f"{shown(raw)} should be a list", LIST_HINT)
            )
            return {}, False
        items = {index: self.one(model, item, (*path, index)) for index, item in enumerate(raw)}
        valid = {index: item for index, item in items.items() if item is not None}
        return valid, len(valid) == len(items)

    def _problem(self, error: ErrorDetails, model: type[BaseModel], path: Path) -> ConfigProblem:
        loc = tuple(error["loc"])
        message, hint = describe(error, model, loc)
        return self.source.problem((*path, *loc), message, hint)


def parse_config(
    data: dict[str, Any], source: SourceMap
) -> tuple[ParsedConfig, list[ConfigProblem]]:
    check = _Validator(source)
    allowed = field_names(ConfigFileModel)
    if not any(key in allowed for key in data):
        message = "does not look like a Cadence config: no organization, people or cadences"
        return ParsedConfig(), [source.problem((), message, _REQUIRED["organization"])]
    for key in data:
        # ``x-`` keys hold YAML anchors to reuse (``x-weekly: &weekly {...}``), as in Compose.
        if key not in allowed and not str(key).startswith("x-"):
            hint = (
                f"{did_you_mean(str(key), allowed)}the sections are {', '.join(allowed)} "
                "(keys starting with x- are ignored: a place for YAML anchors)"
            )
            check.problems.append(source.problem((str(key),), f"unknown key '{key}'", hint))
    for key, hint in _REQUIRED.items():
        if key == "people" and "people_file" in data:
            continue  # the loader reports a people_file it could not read, or an empty one
        if data.get(key) in (None, [], {}):
            state = "is empty" if key in data else "is missing"
            check.problems.append(source.problem((key,), f"section '{key}' {state}", hint))
    parsed = ParsedConfig()
    if data.get("organization") is not None:
        parsed.organization = check.one(OrganizationModel, data["organization"], ("organization",))
    parsed.people, parsed.people_complete = check.each(PersonModel, data.get("people"), ("people",))
    if isinstance(people := data.get("people"), list):
        _read_reporting_lines(parsed, people)
    parsed.time_off, _ = check.each(TimeOffModel, data.get("time_off"), ("time_off",))
    parsed.cadences, _ = check.each(CadenceModel, data.get("cadences"), ("cadences",))
    if data.get("digest") is not None:
        parsed.digest = check.one(DigestModel, data["digest"], ("digest",))
    parsed.targets, _ = check.each(TargetModel, data.get("targets"), ("targets",))
    if data.get("hints") is not None:
        parsed.hints = check.one(HintsModel, data["hints"], ("hints",))
    if data.get("nudges") is not None:
        parsed.nudges = check.one(NudgesModel, data["nudges"], ("nudges",))
    return parsed, check.problems


def _read_reporting_lines(parsed: ParsedConfig, people: list[Any]) -> None:
    for index, entry in enumerate(people):
        if not isinstance(entry, dict) or not isinstance(entry.get("email"), str):
            continue
        parsed.people_emails[index] = entry["email"].strip().lower()
        links = {key: entry[key] for key in ("email", "name", "reports_to") if key in entry}
        # A wrong email or name here was already reported when the whole entry was validated.
        with suppress(ValidationError):
            parsed.reporting[index] = parsed.people.get(index) or PersonModel.model_validate(links)


_REQUIRED = {
    "organization": "add `organization:` with at least name and timezone",
    "people": "add `people:` (a list) or `people_file: roster.csv`",
    "cadences": "add `cadences:`, the list of rhythms the managers follow",
}
