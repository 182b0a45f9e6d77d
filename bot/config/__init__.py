"""``cadence_config.yaml`` → domain objects, or every problem with its file, line and field."""

from bot.config.loader import load_operating_system
from bot.config.problems import ConfigError, ConfigProblem

__all__ = ["ConfigError", "ConfigProblem", "load_operating_system"]
