"""The HTTP API only with a token, and CORS / socket.io limited to the configured origins.

The Rasa server gets the arguments `scripts/serve` would give it for these settings.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, Tuple

import pytest

from tests.e2e.conftest import (
    RASA,
    ROOT,
    free_port,
    start,
    stop,
    wait_until_ready,
    write_credentials,
)

pytestmark = pytest.mark.e2e

TOKEN = "test-token-0123456789"
ALLOWED = "https://clinic.example"


@pytest.fixture(scope="module")
def rasa_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("security")
    port = free_port()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_ENABLE_API": "true",
           "RASA_AUTH_TOKEN": TOKEN, "NET_CORS_ORIGINS": ALLOWED,
           "ACTION_SERVER_URL": f"http://127.0.0.1:{free_port()}/webhook",
           "TRACKER_DB_URL": f"sqlite:///{workdir / 'tracker.db'}"}
    extra = subprocess.run([sys.executable, "-m", "bot.cli", "server-args"], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=True).stdout.split()
    credentials = write_credentials(workdir / "credentials.yml", env)
    rasa = start([RASA, "run", "--model", (ROOT / "models" / "current").read_text().strip(),
                  "--interface", "127.0.0.1", "--port", str(port), "--endpoints",
                  "endpoints.yml", "--credentials", str(credentials), *extra],
                 Path(workdir) / "rasa.log", env)
    try:
        wait_until_ready(f"http://127.0.0.1:{port}/", rasa)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(rasa)


def request(url: str, method: str = "GET", headers: Dict[str, str] | None = None,
            data: bytes | None = None) -> Tuple[int, Dict[str, str]]:
    call = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(call, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/status"), ("GET", "/conversations/someone/tracker"),
    ("PUT", "/model"), ("POST", "/model/parse")])
def test_the_api_refuses_requests_without_the_token(rasa_url: str, method: str,
                                                    path: str) -> None:
    status, _ = request(rasa_url + path, method, data=b"{}" if method != "GET" else None)
    assert status == 401


def test_the_api_answers_with_the_token(rasa_url: str) -> None:
    assert request(f"{rasa_url}/status?token={TOKEN}")[0] == 200
    assert request(f"{rasa_url}/status?token=wrong")[0] == 401


def test_socketio_accepts_only_configured_origins(rasa_url: str) -> None:
    handshake = f"{rasa_url}/socket.io/?EIO=4&transport=polling"
    assert request(handshake, headers={"Origin": ALLOWED})[0] == 200
    assert request(handshake, headers={"Origin": "https://evil.example"})[0] == 400


def test_rest_cors_headers_only_for_configured_origins(rasa_url: str) -> None:
    preflight = {"Access-Control-Request-Method": "POST"}
    webhook = f"{rasa_url}/webhooks/rest/webhook"
    _, allowed = request(webhook, "OPTIONS", {**preflight, "Origin": ALLOWED})
    _, refused = request(webhook, "OPTIONS", {**preflight, "Origin": "https://evil.example"})
    assert allowed.get("Access-Control-Allow-Origin") == ALLOWED
    assert "Access-Control-Allow-Origin" not in refused
