"""The security arguments for `rasa run` follow the settings; an open API is warned about."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.server_args import OPEN_API_WARNING, rasa_server_args
from bot.settings import get_settings
from tests.conftest import PROJECT_ROOT


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RASA_ENABLE_API", "RASA_AUTH_TOKEN", "RASA_JWT_SECRET", "NET_CORS_ORIGINS"):
        monkeypatch.delenv(name, raising=False)


def test_nothing_extra_by_default() -> None:
    assert rasa_server_args(get_settings()) == ([], [])


def test_api_with_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_ENABLE_API", "true")
    monkeypatch.setenv("RASA_AUTH_TOKEN", "s3cret")
    assert rasa_server_args(get_settings()) == (["--enable-api", "--auth-token", "s3cret"], [])


def test_api_with_a_jwt_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_ENABLE_API", "1")
    monkeypatch.setenv("RASA_JWT_SECRET", "k")
    assert rasa_server_args(get_settings()) == (
        ["--enable-api", "--jwt-secret", "k", "--jwt-method", "HS256"], [])


def test_an_open_api_is_warned_about(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_ENABLE_API", "true")
    assert rasa_server_args(get_settings()) == (["--enable-api"], [OPEN_API_WARNING])


def test_a_token_alone_does_not_enable_the_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_AUTH_TOKEN", "s3cret")
    assert rasa_server_args(get_settings()) == ([], [])


def test_configured_cors_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NET_CORS_ORIGINS", "https://clinic.example  https://www.clinic.example")
    assert rasa_server_args(get_settings())[0] == [
        "--cors", "https://clinic.example", "https://www.clinic.example"]


def test_the_command_prints_one_argument_a_line_and_warns_on_stderr(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_ENABLE_API", "true")
    done = subprocess.run([sys.executable, "-m", "bot.cli", "server-args"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["--enable-api"]
    assert "WARNING: RASA_ENABLE_API is on without" in done.stderr
