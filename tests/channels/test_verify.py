"""Request verification: Telegram secret token, Messenger app secret, Twilio signature."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from rasa.shared.exceptions import RasaException
from twilio.request_validator import RequestValidator

from bot.channels.telegram import TelegramInput
from bot.channels.verify import (
    facebook_signature_ok,
    public_url,
    telegram_secret_ok,
    twilio_signature_ok,
)


def test_telegram_secret_must_match_exactly() -> None:
    assert telegram_secret_ok("s" * 32, "s" * 32)
    assert not telegram_secret_ok("s" * 31, "s" * 32)
    assert not telegram_secret_ok(None, "s" * 32)
    assert not telegram_secret_ok("", "")


def test_telegram_refuses_a_weak_or_missing_secret_at_start_up() -> None:
    with pytest.raises(RasaException, match="secret_token"):
        TelegramInput.from_credentials({"access_token": "1:a", "secret_token": "short"})
    channel = TelegramInput.from_credentials({"access_token": "1:a", "secret_token": "s" * 16})
    assert isinstance(channel, TelegramInput) and channel.secret_token == "s" * 16


def sign(body: bytes, algorithm: str, secret: str = "app-secret") -> str:
    digest = hmac.new(secret.encode(), body, getattr(hashlib, algorithm)).hexdigest()
    return f"{algorithm}={digest}"


def test_messenger_signature_is_sha256_only() -> None:
    body = b'{"object": "page"}'
    assert facebook_signature_ok("app-secret", body, sign(body, "sha256"))
    assert not facebook_signature_ok("app-secret", body + b" ", sign(body, "sha256"))
    assert not facebook_signature_ok("app-secret", body, sign(body, "sha256", "other"))
    assert not facebook_signature_ok("app-secret", body, "sha256=00")
    assert not facebook_signature_ok("app-secret", body, None)
    assert not facebook_signature_ok("", body, sign(body, "sha256", ""))
    # security review L1: a SHA-1 signature in its place is refused (no downgrade), and a
    # non-ASCII header is a refusal, not a TypeError (a 500 with a traceback)
    assert not facebook_signature_ok("app-secret", body, sign(body, "sha1"))
    assert not facebook_signature_ok("app-secret", body, "sha256=é" + "0" * 63)


def test_twilio_signature_covers_the_public_url_and_the_parameters() -> None:
    url = public_url("https://bot.example.org", "/webhooks/twilio/webhook", "",
                     "http://127.0.0.1:5005/webhooks/twilio/webhook")
    assert url == "https://bot.example.org/webhooks/twilio/webhook"
    params = {"From": "+15550001", "Body": "hi"}
    signature = RequestValidator("token").compute_signature(url, params)
    assert twilio_signature_ok("token", url, params, signature)
    assert not twilio_signature_ok("token", url, {**params, "Body": "bye"}, signature)
    assert not twilio_signature_ok("token", "http://127.0.0.1:5005/webhooks/twilio/webhook",
                                   params, signature)
    assert not twilio_signature_ok("other", url, params, signature)
    assert not twilio_signature_ok("token", url, params, None)


def test_public_url_keeps_the_query_and_falls_back_to_the_seen_url() -> None:
    assert public_url("https://a.org", "/w", "x=1", "http://b/w?x=1") == "https://a.org/w?x=1"
    assert public_url("", "/w", "x=1", "http://b/w?x=1") == "http://b/w?x=1"
