"""Deployment settings. This module is the only place that reads the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    """Values a deployment may change; read once per call of :func:`get_settings`."""

    content_db_url: str
    content_dir: Path
    data_dir: Path
    source_max_age_days: int


def get_settings() -> Settings:
    data_dir = Path(_env("NET_DATA_DIR", str(PROJECT_ROOT / "var")))
    return Settings(
        content_db_url=_env("CONTENT_DB_URL", f"sqlite:///{data_dir / 'content.db'}"),
        content_dir=Path(_env("NET_CONTENT_DIR", str(PROJECT_ROOT / "content"))),
        data_dir=data_dir,
        source_max_age_days=int(_env("NET_SOURCE_MAX_AGE_DAYS", str(3 * 365))),
    )
