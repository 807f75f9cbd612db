"""Checks that an inbound webhook request was sent by the platform (pure functions)."""

from __future__ import annotations

import hmac
from typing import Any

from twilio.request_validator import RequestValidator


def telegram_secret_ok(header: str | None, secret: str) -> bool:
    """``X-Telegram-Bot-Api-Secret-Token`` equals the secret given when the webhook was set."""
    return bool(secret) and hmac.compare_digest((header or "").encode(), secret.encode())


def facebook_signature_ok(app_secret: str, body: bytes, sha256_header: str | None) -> bool:
    """``X-Hub-Signature-256``: HMAC-SHA256 of the raw body. The older SHA-1 header is not
    accepted (security review L1), and any header, even one with non-ASCII characters, is
    compared as bytes."""
    if not app_secret or not sha256_header:
        return False
    digest = hmac.new(app_secret.encode(), body, "sha256").hexdigest()
    return hmac.compare_digest(sha256_header.encode("utf-8", "replace"),
                               f"sha256={digest}".encode())


def public_url(base: str, path: str, query: str, seen_url: str) -> str:
    """The URL the platform called: ``base`` (e.g. https://bot.example.org) + path, else
    the URL this server saw (right only when no proxy sits in front)."""
    if not base:
        return seen_url
    return f"{base}{path}?{query}" if query else f"{base}{path}"


def twilio_signature_ok(auth_token: str, url: str, params: Any, signature: str | None) -> bool:
    """``X-Twilio-Signature``: HMAC-SHA1 of the public URL and the sorted form parameters."""
    if not auth_token or not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, params, signature))

