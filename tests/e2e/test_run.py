"""`make run` in a real terminal: ready message, an answer, the widget demo; Ctrl-C stops all."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pexpect
import pytest

from tests.e2e.conftest import ROOT, free_port

pytestmark = pytest.mark.e2e


def running(pattern: str) -> list[str]:
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True)
    return found.stdout.split()


def test_make_run_serves_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    rasa_port, actions_port, widget_port = free_port(), free_port(), free_port()
    env = {**os.environ, "RASA_PORT": str(rasa_port), "ACTIONS_PORT": str(actions_port),
           "WIDGET_PORT": str(widget_port),
           "TRACKER_DB_URL": f"sqlite:///{tmp_path / 'tracker.db'}"}
    run = pexpect.spawn("make", ["run"], cwd=str(ROOT), env=env, encoding="utf-8",
                        timeout=600, logfile=(tmp_path / "run.log").open("w"))
    try:
        run.expect("The NET assistant is running")
        request = urllib.request.Request(
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
            data=json.dumps({"sender": "make-run", "message": "what is a NET?"}).encode())
        with urllib.request.urlopen(request, timeout=60) as response:
            assert "neuroendocrine" in response.read().decode()
        run.expect(rf"http://localhost:{widget_port}/demo.html\?server=http://localhost:{rasa_port}")
        with urllib.request.urlopen(f"http://127.0.0.1:{widget_port}/demo.html") as response:
            assert 'src="net-assistant.js"' in response.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{widget_port}/net-assistant.js") as response:
            assert b"session_request" in response.read()
        run.sendcontrol("c")
        run.expect(pexpect.EOF, timeout=60)
    finally:
        run.close(force=True)
    deadline = time.monotonic() + 20
    patterns = [f"--port {rasa_port}", f"--port {actions_port}", f"build/widget {widget_port}"]
    while time.monotonic() < deadline and any(running(p) for p in patterns):
        time.sleep(0.5)
    assert not any(running(p) for p in patterns)
