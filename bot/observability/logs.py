"""Log set-up for every process: ``LOG_LEVEL``, and JSON lines where a machine reads them.

JSON when ``LOG_FORMAT=json``, or with ``LOG_FORMAT=auto`` (the default) when stderr is not a
terminal — a container, systemd, a pipe. Each line carries the ``occurrence_id`` and
``message_id`` a call site passes with ``extra=``, so one nudge can be followed through the logs.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TextIO

# Fields a call site may attach with ``extra=``; they become keys of the JSON line.
CONTEXT_FIELDS = ("occurrence_id", "message_id", "purpose", "tick", "person_id")

# APScheduler logs two INFO lines per job run (every 5 s for dispatch): those are debug detail.
_CHATTY = ("apscheduler.executors.default",)


class LogFormat(StrEnum):
    AUTO = "auto"
    JSON = "json"
    TEXT = "text"


class JsonLines(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, context."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class TextLines(logging.Formatter):
    """Readable lines for a terminal, with the context fields appended as ``key=value``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        context = [
            f"{name}={getattr(record, name)}"
            for name in CONTEXT_FIELDS
            if getattr(record, name, None) is not None
        ]
        return f"{text} [{' '.join(context)}]" if context else text


def configure_logging(
    *, level: str = "INFO", log_format: LogFormat = LogFormat.AUTO, stream: TextIO | None = None
) -> Callable[[], None]:
    """Replace the root handlers with one that writes ``level`` and above to ``stream``.

    Returns what puts the previous set-up back (for a command run in-process, as tests do).
    """
    stream = stream or sys.stderr
    use_json = log_format is LogFormat.JSON or (
        log_format is LogFormat.AUTO and not stream.isatty()
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines() if use_json else TextLines())
    root = logging.getLogger()
    previous = (root.handlers[:], root.level, [logging.getLogger(n).level for n in _CHATTY])
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in _CHATTY:
        # Below INFO unless the operator asked for DEBUG: then they show like everything else.
        logging.getLogger(name).setLevel(
            logging.DEBUG if root.level <= logging.DEBUG else "WARNING"
        )

    def restore() -> None:
        handlers, root_level, chatty_levels = previous
        root.handlers[:] = handlers
        root.setLevel(root_level)
        for chatty, chatty_level in zip(_CHATTY, chatty_levels, strict=True):
            logging.getLogger(chatty).setLevel(chatty_level)

    return restore
