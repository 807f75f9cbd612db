"""Set-up problems give one clear error line, not a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode != 0
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql://postgres@127.0.0.1:1/test", "Connection refused"),
        ("postgresql://postgres@127.0.0.1:5432/no_such_database", "does not exist"),
        ("not-a-url", "Could not parse"),
    ],
)
def test_unreachable_content_db(url: str, reason: str) -> None:
    line = one_error_line(run([sys.executable, "-m", "bot.cli", "seed"], CONTENT_DB_URL=url))
    assert line.startswith("error: cannot reach the content database") and reason in line


def test_no_python_310() -> None:
    line = one_error_line(run(["scripts/find-python"], PATH="/usr/bin:/bin"))
    assert "needs Python 3.10" in line


def test_wrong_python_is_refused() -> None:
    line = one_error_line(run(["scripts/find-python", "/usr/bin/python3"]))
    assert "is not a Python 3.10 interpreter" in line


def test_port_in_use() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        line = one_error_line(run(["scripts/serve"], RASA_PORT=port, ACTIONS_PORT=port))
    assert f"port {port} is already in use" in line
