"""``load_operating_system``: read the config, collect every problem, or return the domain.

Whatever the user wrote — a missing file, broken YAML, a wrong key, a reporting cycle — ends
as a ``ConfigProblem`` with file, line and field, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.config.checks import check_config
from bot.config.mapping import to_operating_system
from bot.config.people_file import read_people_file
from bot.config.problems import ConfigError, ConfigProblem, SourceMap, format_path
from bot.config.validation import parse_config
from bot.config.yaml_lines import DuplicateKey, LoadedYaml, load_yaml
from bot.domain.operating_system import OperatingSystem

_EXAMPLE = "start from the example cadence_config.yaml in the Cadence repository"


def load_operating_system(path: Path) -> OperatingSystem:
    """The operating system ``path`` describes; raises ``ConfigError`` listing every problem."""
    file = str(path)
    loaded = _load(path, file)
    if not isinstance(loaded.data, dict):
        message = "the top level should be sections (organization, people, cadences, …)"
        raise ConfigError([ConfigProblem(file, 1, "", message, _EXAMPLE)])
    source = SourceMap(file=file, lines=loaded.lines)
    problems = [_duplicate_problem(file, duplicate) for duplicate in loaded.duplicate_keys]
    data = dict(loaded.data)
    problems += _read_people_file(data, config_path=path, source=source)
    parsed, schema_problems = parse_config(data, source)
    problems += schema_problems + check_config(parsed, source)
    if problems:
        raise ConfigError(problems)
    return to_operating_system(parsed)


def _duplicate_problem(file: str, duplicate: DuplicateKey) -> ConfigProblem:
    message = f"is given twice (first on line {duplicate.first_line})"
    hint = "keep one: YAML silently keeps only the last"
    return ConfigProblem(file, duplicate.line, format_path(duplicate.path), message, hint)


def _load(path: Path, file: str) -> LoadedYaml:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        hint = "check the path; the default is cadence_config.yaml in the working directory"
        raise ConfigError([ConfigProblem(file, None, "", "no such file", hint)]) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problem = ConfigProblem(file, line, "", "is not UTF-8 text", "save the file as UTF-8")
        raise ConfigError([problem]) from None
    except (IsADirectoryError, NotADirectoryError) as error:
        message = f"cannot be read ({error.strerror or error})"
        hint = "pass the path of a YAML file"
        raise ConfigError([ConfigProblem(file, None, "", message, hint)]) from None
    except OSError as error:
        message = f"cannot be read ({error.strerror or error})"
        hint = "check the file's permissions and the disk it is on"
        unreadable = ConfigProblem(file, None, "", message, hint, unreadable=True)
        raise ConfigError([unreadable]) from None
    try:
        loaded = load_yaml(text)
    except yaml.YAMLError as error:
        raise ConfigError([_syntax_problem(error, file)]) from None
    if loaded.data is None:
        raise ConfigError([ConfigProblem(file, None, "", "the file is empty", _EXAMPLE)])
    return loaded


def _syntax_problem(error: yaml.YAMLError, file: str) -> ConfigProblem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context, opened = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and opened and mark and opened.line != mark.line:
        # The parser notices an unclosed bracket lines later; say where it was opened.
        context = f"{context} that starts on line {opened.line + 1}"
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    hint = (
        "indent with spaces, not tabs"
        if "\\t" in problem
        else "check the indentation, put a space after each ':', and quote values that "
        "contain ': ' or start with '{', '[', '*' or '&'"
    )
    return ConfigProblem(file, mark.line + 1 if mark else None, "", message, hint)


def _read_people_file(
    data: dict[object, object], *, config_path: Path, source: SourceMap
) -> list[ConfigProblem]:
    """Replace ``people_file`` by its rows under ``people``, remembering their CSV lines."""
    if "people_file" not in data:
        return []
    value, at = data["people_file"], ("people_file",)
    if "people" in data:
        return [source.problem(at, "give either people or people_file, not both", "remove one")]
    if not isinstance(value, str) or not value.strip():
        return [source.problem(at, "should name a CSV file", "write `people_file: roster.csv`")]
    csv_path = config_path.parent / value.strip()
    if not csv_path.is_file():
        message = f"'{value}' does not exist"
        hint = f"the path is relative to the config file's folder ({config_path.parent})"
        return [source.problem(at, message, hint)]
    roster = read_people_file(csv_path, shown_as=str(csv_path))
    data["people"] = roster.rows
    source.people_file, source.people_lines = str(csv_path), roster.lines
    return roster.problems
