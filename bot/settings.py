"""Deployment settings. This module is the only place that reads the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Dict, Iterable, List

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Handoff:
    name: str
    phone: str | None
    hours: str | None
    url: str | None


@dataclass(frozen=True)
class StaffWebhook:
    url: str
    timeout_seconds: float
    retries: int


@dataclass(frozen=True)
class Clinic:
    """The deployment's choices from ``clinic.yml``."""

    locale: str
    emergency_number: str
    crisis_line: str | None
    handoff: Handoff
    staff_webhook: StaffWebhook


@dataclass(frozen=True)
class Settings:
    """Values a deployment may change; read once per call of :func:`get_settings`."""

    content_db_url: str
    content_dir: Path
    data_dir: Path
    source_max_age_days: int
    clinic_config: Path
    tracker_db_url: str
    mask_personal_data: bool
    retention_days: int
    redis_url: str
    sanic_workers: int  # Rasa's SANIC_WORKERS: several need the Redis lock store
    channels: ChannelSettings
    # Faults, hostile input and security (README "Production safety").
    action_timeout_seconds: float
    max_message_chars: int
    max_request_bytes: int
    cors_origins: tuple[str, ...]
    enable_api: bool
    auth_token: str
    jwt_secret: str
    tracker_keep_turns: int
    rasa_speedups: bool


@dataclass(frozen=True)
class ChannelSettings:
    """Messaging apps. Their secrets are in ``credentials.yml`` as ``${VAR}`` placeholders."""

    public_url: str  # how the platforms reach this server, e.g. https://bot.example.org
    # Outbound API base URLs; empty means the platform's own (tests point them at a local fake).
    telegram_api_url: str
    slack_api_url: str
    messenger_api_url: str
    twilio_api_url: str


def unset_variables(names: Iterable[str]) -> List[str]:
    """The environment variables among ``names`` that are unset or empty."""
    return [name for name in names if not os.environ.get(name, "").strip()]


def _flag(name: str, default: str) -> bool:
    return _env(name, default).lower() not in {"0", "false", "no"}


def get_settings() -> Settings:
    data_dir = Path(_env("NET_DATA_DIR", str(PROJECT_ROOT / "var")))
    return Settings(
        content_db_url=_env("CONTENT_DB_URL", f"sqlite:///{data_dir / 'content.db'}"),
        content_dir=Path(_env("NET_CONTENT_DIR", str(PROJECT_ROOT / "content"))),
        data_dir=data_dir,
        source_max_age_days=int(_env("NET_SOURCE_MAX_AGE_DAYS", str(3 * 365))),
        clinic_config=Path(_env("NET_CLINIC_CONFIG", str(PROJECT_ROOT / "clinic.yml"))),
        tracker_db_url=_env("TRACKER_DB_URL", f"sqlite:///{data_dir / 'tracker.db'}"),
        mask_personal_data=_env("NET_MASK_PERSONAL_DATA", "true").lower()
        not in {"0", "false", "no"},
        retention_days=int(_env("NET_RETENTION_DAYS", "90")),
        redis_url=_env("REDIS_URL", ""),
        sanic_workers=int(_env("SANIC_WORKERS", "1") or "1"),
        channels=ChannelSettings(
            public_url=_env("NET_PUBLIC_URL", "").rstrip("/"),
            telegram_api_url=_env("TELEGRAM_API_URL", ""),
            slack_api_url=_env("SLACK_API_URL", ""),
            messenger_api_url=_env("MESSENGER_API_URL", "").rstrip("/"),
            twilio_api_url=_env("TWILIO_API_URL", "").rstrip("/"),
        ),
        action_timeout_seconds=float(_env("NET_ACTION_TIMEOUT_SECONDS", "5")),
        max_message_chars=int(_env("NET_MAX_MESSAGE_CHARS", "2000")),
        max_request_bytes=int(_env("NET_MAX_REQUEST_BYTES", str(1024 * 1024))),
        cors_origins=tuple(_env("NET_CORS_ORIGINS", "").split()),
        enable_api=_flag("RASA_ENABLE_API", "false"),
        auth_token=_env("RASA_AUTH_TOKEN", ""),
        jwt_secret=_env("RASA_JWT_SECRET", ""),
        tracker_keep_turns=int(_env("NET_TRACKER_KEEP_TURNS", "10")),
        rasa_speedups=_env("NET_RASA_SPEEDUPS", "true").lower() not in {"0", "false", "no"},
    )


def load_clinic(path: Path) -> Clinic:
    """Read ``clinic.yml``; ``NET_LOCALE`` and ``NET_STAFF_WEBHOOK_URL`` override it."""
    data: Dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    locale = _env("NET_LOCALE", str(data.get("locale", "US"))).upper()
    numbers = {str(k).upper(): str(v) for k, v in (data.get("emergency_numbers") or {}).items()}
    if locale not in numbers:
        raise ValueError(f"{path}: no emergency number for locale '{locale}'")
    crisis = {str(k).upper(): str(v) for k, v in (data.get("crisis_lines") or {}).items()}
    handoff = data.get("handoff") or {}
    webhook = data.get("staff_webhook") or {}
    return Clinic(
        locale=locale,
        emergency_number=numbers[locale],
        crisis_line=crisis.get(locale),
        handoff=Handoff(
            name=str(handoff.get("name") or ""),
            phone=handoff.get("phone"),
            hours=handoff.get("hours"),
            url=handoff.get("url"),
        ),
        staff_webhook=StaffWebhook(
            url=_env("NET_STAFF_WEBHOOK_URL", str(webhook.get("url") or "")),
            timeout_seconds=float(webhook.get("timeout_seconds", 3)),
            retries=int(webhook.get("retries", 2)),
        ),
    )


@cache
def clinic() -> Clinic:
    """The deployment's clinic configuration, read once per process."""
    return load_clinic(get_settings().clinic_config)


def clinic_values(config: Clinic) -> Dict[str, str]:
    """The placeholders every response and answer may use (``{emergency_number}``,
    ``{crisis_line}``). Without a crisis line for the locale, the emergency number stands in."""
    return {
        "emergency_number": config.emergency_number,
        "crisis_line": config.crisis_line or config.emergency_number,
    }
