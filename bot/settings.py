"""Runtime settings from the environment (and a ``.env`` file); secrets never print."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.observability.logs import LogFormat


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- storage ---------------------------------------------------------------------------
    database_url: str = "sqlite:///cadence.db"
    # Apply pending migrations at `serve` instead of refusing to start.
    auto_migrate: bool = False

    # --- the operating system ------------------------------------------------------------------
    cadence_config: Path = Path("cadence_config.yaml")

    # --- Slack ---------------------------------------------------------------------------------
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    # Set → Socket Mode (no public URL); unset → HTTP mode on PORT.
    slack_app_token: SecretStr | None = None
    slack_api_base_url: str = "https://slack.com/api/"

    # --- CRM actuals (`cadence-bot import-actuals --from salesforce|hubspot`) ------------------
    # The org's My Domain URL, e.g. https://acme.my.salesforce.com, and an OAuth access token.
    salesforce_instance_url: str | None = None
    salesforce_access_token: SecretStr | None = None
    # A private-app token with the crm.objects.deals.read and crm.objects.owners.read scopes.
    hubspot_access_token: SecretStr | None = None
    # The won stage of every pipeline (custom pipelines have their own); JSON in the environment.
    hubspot_won_stage_ids: list[str] = ["closedwon"]
    # The HubSpot account's zone: close dates are instants, periods are that zone's calendar days.
    hubspot_time_zone: str = "UTC"

    # --- HTTP server -----------------------------------------------------------------------------
    # HTTP mode: Slack's endpoint and the probes; Socket Mode: the probes alone.
    port: int = Field(default=3000, ge=1, le=65535)

    # --- logs ---------------------------------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # auto: JSON lines unless stderr is a terminal.
    log_format: LogFormat = LogFormat.AUTO

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "salesforce_access_token",
        "hubspot_access_token",
    )
    @classmethod
    def _empty_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        # ``SLACK_APP_TOKEN=`` in .env means "not set", not "an empty token".
        return value if value is not None and value.get_secret_value() else None

    @field_validator("salesforce_instance_url")
    @classmethod
    def _empty_url_is_unset(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_any_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_in_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None
