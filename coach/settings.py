"""The one settings object, read from the environment and an optional `.env` file."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from coach.clinic_hours import Opening, parse_hours
from coach.errors import ConfigError

DEMO_CLINIC_NAME = "Demo Clinic"
DEMO_CLINIC_PHONE = "555-0100"
_PLACEHOLDERS = {"changeme", "change-me", "changethis", "secret", "xxx", "your-auth-token"}


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    """Every setting the coach reads; environment variable names are the contract."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(default="sqlite:///coach.db", validation_alias=_env("DATABASE_URL"))
    port: int = Field(default=8000, ge=1, le=65535, validation_alias=_env("PORT"))
    twilio_account_sid: str | None = Field(None, validation_alias=_env("TWILIO_ACCOUNT_SID"))
    twilio_auth_token: str | None = Field(None, validation_alias=_env("TWILIO_AUTH_TOKEN"))
    twilio_from_number: str | None = Field(None, validation_alias=_env("TWILIO_FROM_NUMBER"))
    twilio_messaging_service_sid: str | None = Field(
        None, validation_alias=_env("TWILIO_MESSAGING_SERVICE_SID")
    )
    twilio_api_base_url: str | None = Field(None, validation_alias=_env("TWILIO_API_BASE_URL"))
    twilio_timeout: float = Field(10.0, gt=0, validation_alias=_env("TWILIO_TIMEOUT"))
    public_url: str = Field(
        default="http://localhost:8000", validation_alias=_env("COACH_PUBLIC_URL")
    )
    transport: Literal["twilio", "console"] | None = Field(
        None, validation_alias=_env("COACH_TRANSPORT")
    )
    # Placeholders so every text reads whole in a dry run; a real clinic sets both
    # (`coach serve` and `coach worker` warn when the twilio transport runs without them).
    clinic_name: str = Field(
        DEMO_CLINIC_NAME, min_length=1, validation_alias=_env("COACH_CLINIC_NAME")
    )
    clinic_phone: str = Field(
        DEMO_CLINIC_PHONE, min_length=1, validation_alias=_env("COACH_CLINIC_PHONE")
    )
    default_region: str = Field("US", validation_alias=_env("COACH_DEFAULT_REGION"))
    send_rate: float = Field(1.0, ge=0, validation_alias=_env("COACH_SEND_RATE"))
    send_concurrency: int = Field(4, ge=1, le=64, validation_alias=_env("COACH_SEND_CONCURRENCY"))
    # Processes a planning cycle may be split over (PostgreSQL; big runs only: see
    # `scheduling.shards`). SQLite has one writer: more than 1 is refused there.
    plan_processes: int = Field(1, ge=1, le=32, validation_alias=_env("COACH_PLAN_PROCESSES"))
    stuck_after_seconds: float = Field(
        600, gt=0, validation_alias=_env("COACH_STUCK_AFTER_SECONDS")
    )
    alert_webhook_url: str | None = Field(None, validation_alias=_env("COACH_ALERT_WEBHOOK_URL"))
    alert_webhook_secret: str | None = Field(
        None, validation_alias=_env("COACH_ALERT_WEBHOOK_SECRET")
    )
    timezone: str = Field("UTC", validation_alias=_env("COACH_SCHEDULER_TIMEZONE"))
    clinic_hours: str = Field(
        "Mon-Fri 08:00-17:00", min_length=1, validation_alias=_env("COACH_CLINIC_HOURS")
    )
    clinic_timezone: str = Field("America/New_York", validation_alias=_env("COACH_CLINIC_TIMEZONE"))
    api_docs: bool = Field(True, validation_alias=_env("COACH_API_DOCS"))
    metrics_token: str | None = Field(None, validation_alias=_env("COACH_METRICS_TOKEN"))
    # Encrypts secrets kept in the database (dashboard TOTP seeds); without it two-step
    # sign-in cannot be turned on.
    secret_key: str | None = Field(None, validation_alias=_env("COACH_SECRET_KEY"))
    trusted_proxies: str = Field("", validation_alias=_env("COACH_TRUSTED_PROXIES"))
    max_body_bytes: int = Field(1024 * 1024, ge=1024, validation_alias=_env("COACH_MAX_BODY_BYTES"))
    content_dir: Path | None = Field(None, validation_alias=_env("COACH_CONTENT_DIR"))
    schedules_dir: Path | None = Field(None, validation_alias=_env("COACH_SCHEDULES_DIR"))

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value.strip())
        except ArgumentError:
            raise ValueError(
                "is not a database URL (e.g. sqlite:///coach.db or postgresql://user@host/db)"
            ) from None
        dialect = url.get_backend_name()
        if dialect == "postgres":
            dialect = "postgresql"
        if dialect not in ("sqlite", "postgresql"):
            raise ValueError(f"names {dialect!r}: use sqlite:///FILE or postgresql://user@host/db")
        if url.drivername not in ("sqlite", "sqlite+pysqlite", "postgres", "postgresql") and (
            url.drivername != "postgresql+psycopg"
        ):
            raise ValueError(
                f"names the driver {url.drivername!r}: use sqlite:// or postgresql:// (psycopg 3)"
            )
        return value.strip()

    @field_validator("twilio_auth_token", "alert_webhook_secret", "metrics_token", "secret_key")
    @classmethod
    def _no_placeholder_secret(cls, value: str | None) -> str | None:
        if value is not None and value.strip().lower() in _PLACEHOLDERS:
            raise ValueError("is a placeholder; set the real secret")
        return value or None

    @field_validator("secret_key")
    @classmethod
    def _long_secret_key(cls, value: str | None) -> str | None:
        if value and len(value.strip()) < 32:
            raise ValueError(
                "must be at least 32 characters (e.g. python3 -c "
                "'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return value.strip() if value else None

    @field_validator("twilio_account_sid")
    @classmethod
    def _account_sid_shape(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"AC[0-9a-fA-F]{32}", value):
            raise ValueError("must look like AC followed by 32 hex digits")
        return value or None

    @field_validator("twilio_messaging_service_sid")
    @classmethod
    def _service_sid_shape(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"MG[0-9a-fA-F]{32}", value):
            raise ValueError("must look like MG followed by 32 hex digits")
        return value or None

    @field_validator("public_url", "twilio_api_base_url", "alert_webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not re.match(r"https?://[^/\s]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/") if value else None

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_shape(cls, value: str) -> str:
        from coach.security import parse_networks

        parse_networks(value)  # ValueError says which entry is wrong
        return value

    @field_validator("clinic_hours")
    @classmethod
    def _clinic_hours_shape(cls, value: str) -> str:
        parse_hours(value)  # ValueError says what is wrong
        return value

    @field_validator("clinic_timezone", "timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not an IANA time zone (e.g. America/New_York)") from None
        return value

    @property
    def secrets(self) -> list[str]:
        """Values no log line may show."""
        values = (
            self.twilio_auth_token, self.alert_webhook_secret, self.metrics_token, self.secret_key
        )  # fmt: skip
        return [s for s in values if s]

    @property
    def clinic_openings(self) -> tuple[Opening, ...]:
        """The clinic's opening hours, parsed."""
        return parse_hours(self.clinic_hours)

    @field_validator("default_region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        region = value.upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError("is not a region phonenumbers knows (e.g. US, GB, MX)")
        return region

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        has_credentials = bool(self.twilio_account_sid and self.twilio_auth_token)
        if self.transport is None:
            self.transport = "twilio" if has_credentials else "console"
        if self.plan_processes > 1 and self.is_sqlite:
            raise ValueError(
                "COACH_PLAN_PROCESSES above 1 needs PostgreSQL: SQLite takes one writer at a "
                "time (unset it or use 1)"
            )
        if self.transport == "twilio":
            if not has_credentials:
                raise ValueError(
                    "COACH_TRANSPORT=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
                )
            if not (self.twilio_from_number or self.twilio_messaging_service_sid):
                raise ValueError(
                    "the twilio transport needs TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID"
                )
        return self

    @property
    def demo_clinic(self) -> bool:
        """Whether the clinic's name or phone is still the placeholder."""
        return self.clinic_name == DEMO_CLINIC_NAME or self.clinic_phone == DEMO_CLINIC_PHONE

    @property
    def transport_name(self) -> str:
        """The transport in use, after defaults were applied."""
        return self.transport or "console"

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is an SQLite file (or memory)."""
        return self.database_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one readable `ConfigError`."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "settings"
            message = error["msg"].removeprefix("Value error, ")
            lines.append(f"{where.upper()}: {message}" if where != "settings" else message)
        raise ConfigError("invalid configuration: " + "; ".join(lines)) from None


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
