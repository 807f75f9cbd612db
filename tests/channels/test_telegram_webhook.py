"""`python -m bot.cli telegram-webhook` registers the public URL with the secret token."""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_telegram() -> Iterator[tuple[str, List[Dict[str, str]]]]:
    calls: List[Dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            calls.append({"path": self.path, **dict(urllib.parse.parse_qsl(body))})
            data = b'{"ok": true, "result": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", calls
    server.shutdown()
    server.server_close()


def test_registers_the_webhook_with_the_secret(
        fake_telegram: tuple[str, List[Dict[str, str]]], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    url, calls = fake_telegram
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SLACK_TOKEN", raising=False)  # other apps may stay unconfigured
    for name, value in {"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_SECRET_TOKEN": "s" * 32,
                        "TELEGRAM_API_URL": url,
                        "NET_PUBLIC_URL": "https://bot.example.org"}.items():
        monkeypatch.setenv(name, value)
    assert main(["telegram-webhook"]) == 0
    assert calls == [{"path": "/bot123:abc/setWebhook",
                      "url": "https://bot.example.org/webhooks/telegram/webhook",
                      "secret_token": "s" * 32,
                      "allowed_updates": '["message", "edited_message", "callback_query"]'}]
    assert "webhooks/telegram/webhook" in capsys.readouterr().out


def test_without_a_public_url_it_says_what_is_missing(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NET_PUBLIC_URL", raising=False)
    assert main(["telegram-webhook"]) == 1
    assert "NET_PUBLIC_URL" in capsys.readouterr().err
