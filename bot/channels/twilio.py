"""Twilio SMS and WhatsApp: Rasa's connector plus the ``X-Twilio-Signature`` check (403 for
unsigned or forged requests) and buttons as numbered options, which a reply of "2" selects.

Twilio signs the URL it calls; behind a proxy this server sees another one, so set
``NET_PUBLIC_URL`` to the public base URL (e.g. https://bot.example.org).
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels import twilio
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

from bot.channels.options import Button, OptionResolver, numbered
from bot.channels.verify import public_url, twilio_signature_ok
from bot.settings import get_settings

logger = logging.getLogger(__name__)
TWILIO_API = "https://api.twilio.com"
TIMEOUT_SECONDS = 10


class _ApiUrlHttpClient(TwilioHttpClient):
    """Sends Twilio's API requests to another base URL (a local fake in the tests)."""

    def __init__(self, api_url: str) -> None:
        super().__init__(timeout=TIMEOUT_SECONDS)
        self.api_url = api_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if self.api_url and url.startswith(TWILIO_API):
            url = self.api_url + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


class TwilioOutput(twilio.TwilioOutput):
    def __init__(self, account_sid: str | None, auth_token: str | None,
                 twilio_number: str | None, api_url: str = "") -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.http_client = _ApiUrlHttpClient(api_url)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Button],
                                     **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, numbered(text, buttons))


class TwilioInput(twilio.TwilioInput):
    """SMS at /webhooks/twilio/webhook. Credentials: account_sid, auth_token, twilio_number."""

    def __init__(self, account_sid: str | None, auth_token: str | None,
                 twilio_number: str | None, debug_mode: bool = False) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = OptionResolver(on_new_message)
        webhook = handle.attach(super().blueprint(handle))
        webhook.name = f"{self.name()}_webhook"

        @webhook.on_request
        async def verify(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            url = public_url(get_settings().channels.public_url, request.path,
                             request.query_string, request.url)
            if not twilio_signature_ok(self.auth_token or "", url, request.form,
                                       request.headers.get("X-Twilio-Signature")):
                logger.warning("%s: request without a valid signature for %s rejected "
                               "(is NET_PUBLIC_URL the URL Twilio calls?)", self.name(), url)
                return response.text("invalid signature", status=403)
            return None

        return webhook

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutput(self.account_sid, self.auth_token, self.twilio_number,
                            get_settings().channels.twilio_api_url)


class WhatsAppInput(TwilioInput):
    """WhatsApp through Twilio at /webhooks/whatsapp/webhook; ``twilio_number`` is the
    WhatsApp sender (``whatsapp:`` is added when missing)."""

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        config: Dict[str, Any] = credentials or {}
        if not config:
            cls.raise_missing_credentials_exception()
        number = str(config.get("twilio_number") or "")
        if number and not number.startswith("whatsapp:"):
            number = f"whatsapp:{number}"
        return cls(config.get("account_sid"), config.get("auth_token"), number)
