"""Start real `rasa run actions` and `rasa run` processes on free ports for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pytest
import socketio

ROOT = Path(__file__).resolve().parents[2]
RASA = str(Path(sys.executable).parent / "rasa")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {seconds} s")


def start(args: List[str], log: Path, env: Dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@dataclass
class Servers:
    rasa_url: str
    actions_url: str
    workdir: Path
    widget_origin: str  # the website widget's origin, allowed by the Rasa server's CORS

    def say(self, sender: str, message: str) -> List[Dict[str, Any]]:
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return list(json.loads(response.read()))


def write_credentials(target: Path, env: Dict[str, str]) -> Path:
    """This run's credentials file: only the channels whose variables ``env`` sets."""
    subprocess.run([sys.executable, "-m", "bot.cli", "credentials", str(target)],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return target


@contextmanager
def running_servers(workdir: Path, extra_env: Dict[str, str]) -> Iterator[Servers]:
    """`rasa run actions` and `rasa run` on free ports, with this run's credentials file."""
    model_file = ROOT / "models" / "current"
    if not model_file.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    rasa_port, actions_port = free_port(), free_port()
    widget_origin = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2",
           "RASA_TELEMETRY_ENABLED": "false",
           "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
           "TRACKER_DB_URL": f"sqlite:///{workdir / 'tracker.db'}", **extra_env}
    credentials = write_credentials(workdir / "credentials.yml", env)
    actions = start([RASA, "run", "actions", "--actions", "actions", "--port",
                     str(actions_port)], workdir / "actions.log", env)
    rasa = start([RASA, "run", "--model", model_file.read_text().strip(), "--interface",
                  "127.0.0.1", "--port", str(rasa_port), "--endpoints", "endpoints.yml",
                  "--credentials", str(credentials), "--cors", widget_origin],
                 workdir / "rasa.log", env)
    try:
        wait_until_ready(f"http://127.0.0.1:{actions_port}/health", actions)
        wait_until_ready(f"http://127.0.0.1:{rasa_port}/", rasa)
        yield Servers(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}",
                      workdir, widget_origin)
    finally:
        stop(rasa)
        stop(actions)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running_servers(tmp_path_factory.mktemp("servers"), {}) as running:
        yield running


Replies = List[Dict[str, Any]]


def socketio_exchange(servers: Servers, session_id: str, events: List[Dict[str, Any]],
                      done: Callable[[Replies], bool], seconds: float = 60) -> Replies:
    """Open a socket.io session, send ``events``; the replies once ``done`` says so (or time)."""
    received: Replies = []
    client = socketio.Client()
    client.on("bot_uttered", received.append)
    client.connect(servers.rasa_url, socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("session_request", {"session_id": session_id})
        for event in events:
            client.emit("user_uttered", event)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not done(received):
            time.sleep(0.2)
    finally:
        client.disconnect()
    return received
