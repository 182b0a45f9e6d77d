"""The roster as a CSV file (``people_file: roster.csv``): email,name,reports_to,timezone,
and optionally working_hours.

Rows become the same dictionaries an inline ``people:`` list would give, so the schema and the
checks treat both alike; each row keeps its CSV line so problems point into the CSV file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from bot.config.problems import ConfigProblem

REQUIRED_COLUMNS = ("email", "name")
OPTIONAL_COLUMNS = ("reports_to", "timezone", "working_hours")
HEADER_HINT = (
    "the first line must be the header email,name,reports_to,timezone (and optionally "
    "working_hours)"
)


@dataclass
class PeopleFile:
    rows: list[dict[str, str]] = field(default_factory=list)
    # The CSV line each row was read from (1-based, the header is line 1).
    lines: list[int] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)


def read_people_file(path: Path, *, shown_as: str) -> PeopleFile:
    """Read ``path``; problems name it ``shown_as`` (relative, as the user wrote it)."""
    result = PeopleFile()
    try:
        # utf-8-sig: spreadsheets often save a byte-order mark before the header.
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = _header(next(reader, []), shown_as, result)
            if header is None:
                return result
            for cells in reader:
                _add_row(header, cells, line=reader.line_num, shown_as=shown_as, into=result)
        if not result.rows and not result.problems:
            hint = "add one line per person below the header"
            result.problems.append(ConfigProblem(shown_as, None, "", "lists nobody", hint))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        result.problems.append(
            ConfigProblem(shown_as, None, "", f"cannot be read: {error}", "save it as UTF-8 CSV")
        )
    return result


def _header(cells: list[str], shown_as: str, result: PeopleFile) -> list[str] | None:
    header = [cell.strip().lower() for cell in cells]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown or missing:
        what = f"unknown column '{unknown[0]}'" if unknown else f"no '{missing[0]}' column"
        result.problems.append(ConfigProblem(shown_as, 1, "header", what, HEADER_HINT))
        return None
    return header


def _add_row(
    header: list[str], cells: list[str], *, line: int, shown_as: str, into: PeopleFile
) -> None:
    if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
        return  # blank lines and comments
    if len(cells) > len(header):
        into.problems.append(
            ConfigProblem(
                shown_as,
                line,
                "row",
                f"has {len(cells)} values but the header has {len(header)} columns",
                "put quotes around a value that contains a comma",
            )
        )
        return
    # An empty cell means "not given", like a key left out of an inline entry.
    pairs = zip(header, cells, strict=False)  # a short row just leaves its last columns out
    into.rows.append({column: cell.strip() for column, cell in pairs if cell.strip()})
    into.lines.append(line)
