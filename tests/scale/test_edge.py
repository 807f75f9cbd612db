"""The nginx edge from deploy/nginx.conf: size limit, per-client rate limit, closed API, errors.

A real nginx renders the real template with a low rate; its upstreams are ports where nothing
listens, so every limit is shown to act before a request could reach Rasa. Also checks the
compose file and the Dockerfiles with the tools this machine has (no Docker engine here).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, Tuple

import pytest

from tests.e2e.conftest import free_port
from tests.scale.conftest import ROOT, require_tools

pytestmark = pytest.mark.scale


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def render(run_dir: Path, values: Dict[str, str]) -> Path:
    config = run_dir / "nginx.conf"
    with (ROOT / "deploy" / "nginx.conf").open("rb") as template, config.open("wb") as out:
        subprocess.run([str(ROOT / "deploy" / "render-nginx")], stdin=template, stdout=out,
                       env={**os.environ, "NGINX_RUN_DIR": str(run_dir), **values}, check=True)
    return config


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_tools()
    run_dir = tmp_path_factory.mktemp("edge")
    port = free_port()
    nobody = f"server 127.0.0.1:{free_port()}; server 127.0.0.1:{free_port()};"
    config = render(run_dir, {
        "NGINX_LISTEN": f"127.0.0.1:{port}", "NGINX_ACTIONS_LISTEN": f"127.0.0.1:{free_port()}",
        "NGINX_MAX_BODY": "16k", "NGINX_RATE": "2r/s", "NGINX_BURST": "3",
        "RASA_UPSTREAMS": nobody, "ACTION_UPSTREAMS": nobody})
    args = [nginx_binary(), "-p", str(run_dir), "-c", str(config), "-g", "daemon off;"]
    checked = subprocess.run([*args[:5], "-t", "-g", "daemon off;"], capture_output=True,
                             text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(args, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while post(url, "/", b"")[0] == 0:
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
        time.sleep(1.5)  # let the probe's tokens refill
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def post(url: str, path: str, body: bytes) -> Tuple[int, Dict[str, str]]:
    request = urllib.request.Request(url + path, data=body or None,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except (urllib.error.URLError, ConnectionError):
        return 0, {}


def test_too_large_is_refused_at_the_edge(edge: str) -> None:
    body = json.dumps({"sender": "a", "message": "x" * 100_000}).encode()
    status, reply = post(edge, "/webhooks/rest/webhook", body)
    assert status == 413 and reply["error"] == "message_too_large"
    time.sleep(1)


def test_a_replica_that_is_down_gives_a_clean_json_error(edge: str) -> None:
    status, reply = post(edge, "/webhooks/rest/webhook", b'{"sender": "a", "message": "hi"}')
    assert status == 503 and "emergency" in reply["message"]
    time.sleep(1)


def test_rasa_http_api_is_not_reachable(edge: str) -> None:
    for path in ("/conversations/a/tracker", "/model", "/status"):
        assert post(edge, path, b"")[0] == 404


def test_rate_limit_per_client(edge: str) -> None:
    time.sleep(2)
    statuses = [post(edge, "/webhooks/rest/webhook", b'{"sender": "a", "message": "hi"}')
                for _ in range(10)]
    limited = [reply for status, reply in statuses if status == 429]
    assert len(limited) >= 5 and limited[0]["error"] == "too_many_requests"


def test_compose_file_is_valid() -> None:
    compose = shutil.which("docker-compose")
    if compose is None:
        message = "docker-compose (Debian package) is not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    env = {**os.environ, "POSTGRES_PASSWORD": "p", "REDIS_PASSWORD": "r"}
    result = subprocess.run([compose, "-f", str(ROOT / "deploy" / "compose.yml"), "config"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    for service in ("postgres", "redis", "nginx", "rasa-1", "rasa-2", "actions-1", "actions-2"):
        assert f"  {service}:" in result.stdout
    missing = subprocess.run([compose, "-f", str(ROOT / "deploy" / "compose.yml"), "config"],
                             capture_output=True, text=True,
                             env={k: v for k, v in env.items() if k != "POSTGRES_PASSWORD"})
    assert missing.returncode != 0 and "set POSTGRES_PASSWORD" in missing.stderr


def test_dockerfiles_pass_hadolint() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([str(hadolint), str(ROOT / "deploy" / "Dockerfile.rasa"),
                             str(ROOT / "deploy" / "Dockerfile.actions")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
