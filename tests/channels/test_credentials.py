"""A messaging app is on only when all of its variables are set."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.run import create_http_input_channels
from rasa.shared.exceptions import RasaException

from bot.channels.credentials import write
from bot.channels.twilio import TwilioInput, WhatsAppInput

ROOT = Path(__file__).resolve().parents[2]
ALL = {"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_SECRET_TOKEN": "s" * 32, "SLACK_TOKEN": "xoxb-1",
       "SLACK_SIGNING_SECRET": "x", "FACEBOOK_VERIFY_TOKEN": "v", "FACEBOOK_APP_SECRET": "a",
       "FACEBOOK_PAGE_ACCESS_TOKEN": "p", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t",
       "TWILIO_SMS_NUMBER": "+15550001", "TWILIO_WHATSAPP_NUMBER": "+15550002",
       "NET_PSEUDONYM_KEY": "k" * 32}


def test_without_variables_only_rest_and_socketio(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ALL:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-1")  # half a Slack configuration stays off
    result = write(ROOT / "credentials.yml", tmp_path / "credentials.yml")
    assert result.enabled == ["bot.channels.rest.RestInput", "bot.channels.socketio.SocketIOInput"]
    assert result.disabled["bot.channels.slack.SlackInput"] == ["SLACK_SIGNING_SECRET"]
    assert "NET_PSEUDONYM_KEY" in result.disabled["bot.channels.twilio.TwilioInput"]
    names = [c.name() for c in create_http_input_channels(None, str(tmp_path / "credentials.yml"))]
    assert names == ["rest", "socketio"]


def test_with_all_variables_every_channel_starts_and_no_secret_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ALL.items():
        monkeypatch.setenv(name, value)
    target = tmp_path / "credentials.yml"
    write(ROOT / "credentials.yml", target)
    assert "${TWILIO_AUTH_TOKEN}" in target.read_text() and "s" * 32 not in target.read_text()
    # Rasa fills the placeholders in and builds every channel, calling nothing outside
    channels = {c.name(): c for c in create_http_input_channels(None, str(target))}
    assert list(channels) == ["rest", "socketio", "telegram", "slack", "facebook", "twilio",
                              "whatsapp"]
    assert channels["whatsapp"].twilio_number == "whatsapp:+15550002"
    assert channels["telegram"].secret_token == "s" * 32


def test_twilio_stays_off_without_the_pseudonym_key(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ALL.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NET_PSEUDONYM_KEY")
    result = write(ROOT / "credentials.yml", tmp_path / "credentials.yml")
    assert "twilio" not in str(result.enabled)
    assert result.disabled["bot.channels.twilio.WhatsAppInput"] == ["NET_PSEUDONYM_KEY"]


@pytest.mark.parametrize("channel", [TwilioInput, WhatsAppInput])
def test_a_short_pseudonym_key_is_refused(channel: type[TwilioInput]) -> None:
    with pytest.raises(RasaException, match="at least 32 characters"):
        channel.from_credentials({"account_sid": "AC1", "auth_token": "t",
                                  "twilio_number": "+15550001", "pseudonym_key": "short"})
