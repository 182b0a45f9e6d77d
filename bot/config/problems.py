"""What a user sees when the config is wrong: one problem per mistake, with file, line and field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# A place in the parsed document: keys and list indexes, e.g. ("cadences", 2, "schedule", "due").
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class ConfigProblem:
    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    # The file is there but the machine would not read it (permissions, a failing disk): not
    # something to fix in its text.
    unreadable: bool = False

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.field}: " if self.field else f"{where}: "
        return text + (f"{self.message} — {self.hint}" if self.hint else self.message)


class ConfigError(Exception):
    """Every problem found in a config; raised only after all of them were collected."""

    def __init__(self, problems: Iterable[ConfigProblem]) -> None:
        # Sorted so a user can fix the file from top to bottom.
        self.problems = tuple(sorted(problems, key=lambda p: (p.file, p.line or 0)))
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)

    @property
    def unreadable(self) -> bool:
        """The config file is there but could not be read: the machine's fault, not the text's."""
        return any(p.unreadable for p in self.problems)

    def report(self) -> str:
        """What ``cadence-bot`` prints: every problem, then how many, so none scrolls by unseen."""
        count = len(self.problems)
        return f"{self}\n{count} problem{'s' if count != 1 else ''} found."


def format_path(path: Path) -> str:
    """``("cadences", 2, "schedule", "due")`` → ``cadences[2].schedule.due``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass
class SourceMap:
    """Finds where a path of the parsed config was written: the YAML file, or the people CSV."""

    file: str
    lines: Mapping[Path, int]
    people_file: str | None = None
    # CSV line of each row of ``people`` when the roster came from ``people_file``.
    people_lines: Sequence[int] = field(default=())

    def line_of(self, path: Path) -> int | None:
        """The line of ``path`` or of its closest written ancestor (a missing key has none)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def problem(self, path: Path, message: str, hint: str = "") -> ConfigProblem:
        file, line, field_name = self.where(path)
        return ConfigProblem(file, line, field_name, message, hint)

    def where(self, path: Path) -> tuple[str, int | None, str]:
        """File, line and field name of ``path``; roster rows from a CSV point into the CSV."""
        if self.people_file is None or path[:1] != ("people",):
            return self.file, self.line_of(path), format_path(path)
        index = path[1] if len(path) > 1 else None
        if not isinstance(index, int) or index >= len(self.people_lines):
            return self.people_file, None, "people_file"
        column = str(path[2]) if len(path) > 2 else "row"
        return self.people_file, self.people_lines[index], column
