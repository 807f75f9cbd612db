"""Twilio SMS and WhatsApp: Rasa's connector plus the ``X-Twilio-Signature`` check (403 for
unsigned or forged requests) and buttons as numbered options, which a reply of "2" selects.

Twilio signs the URL it calls; behind a proxy this server sees another one, so set
``NET_PUBLIC_URL`` to the public base URL (e.g. https://bot.example.org).

The sender's phone number is never the conversation id: that is a keyed pseudonym of it
(``pseudonym_key``, from ``NET_PSEUDONYM_KEY``), and the replies of each request go to the
number through an output channel made for that request.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels import twilio
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

from bot.channels.markup import plain, starred
from bot.channels.options import Button, Handler, OptionResolver, numbered
from bot.channels.verify import public_url, twilio_signature_ok
from bot.privacy import pseudonym
from bot.settings import get_settings

logger = logging.getLogger(__name__)
TWILIO_API = "https://api.twilio.com"
TIMEOUT_SECONDS = 10
SHORTEST_KEY = 32  # characters of NET_PSEUDONYM_KEY, e.g. `openssl rand -hex 32`


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
    """Sends to ``recipient`` (the real number) whatever the conversation id, with the text
    passed through ``markup``."""

    def __init__(self, account_sid: str | None, auth_token: str | None,
                 twilio_number: str | None, api_url: str = "", recipient: str | None = None,
                 markup: Callable[[str], str] = plain) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.http_client = _ApiUrlHttpClient(api_url)
        self.recipient = recipient
        self.markup = markup

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        await super().send_response(self.recipient or recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, self.markup(text), **kwargs)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Button],
                                     **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, numbered(text, buttons))


class TwilioInput(twilio.TwilioInput):
    """SMS at /webhooks/twilio/webhook. Credentials: account_sid, auth_token, twilio_number,
    pseudonym_key (at least 32 characters)."""

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        config: Dict[str, Any] = credentials or {}
        if not config:
            cls.raise_missing_credentials_exception()
        key = str(config.get("pseudonym_key") or "")
        if len(key) < SHORTEST_KEY:
            raise RasaException(f"{cls.name()}: pseudonym_key (NET_PSEUDONYM_KEY) must be at "
                                f"least {SHORTEST_KEY} characters")
        return cls(config.get("account_sid"), config.get("auth_token"),
                   cls.sender_number(str(config.get("twilio_number") or "")), key)

    @staticmethod
    def sender_number(number: str) -> str:
        return number

    @staticmethod
    def markup(text: str) -> str:
        return plain(text)

    def __init__(self, account_sid: str | None, auth_token: str | None,
                 twilio_number: str | None, pseudonym_key: str) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.pseudonym_key = pseudonym_key

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = OptionResolver(on_new_message)
        webhook = handle.attach(super().blueprint(self._pseudonymous(handle)))
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

    def _pseudonymous(self, handle: Handler) -> Handler:
        """Rasa's handler makes the sender's number the conversation id; this replaces it by
        its pseudonym and sends the replies to the number."""

        async def on_new_message(message: UserMessage) -> Any:
            number = message.sender_id
            message.sender_id = pseudonym(self.pseudonym_key, number)
            message.output_channel = self.get_output_channel(recipient=number)
            return await handle(message)

        return on_new_message

    def get_output_channel(self, recipient: str | None = None) -> TwilioOutput:
        return TwilioOutput(self.account_sid, self.auth_token, self.twilio_number,
                            get_settings().channels.twilio_api_url, recipient, self.markup)


class WhatsAppInput(TwilioInput):
    """WhatsApp through Twilio at /webhooks/whatsapp/webhook; ``twilio_number`` is the
    WhatsApp sender (``whatsapp:`` is added when missing). Bold is WhatsApp's ``*bold*``."""

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @staticmethod
    def sender_number(number: str) -> str:
        return f"whatsapp:{number}" if number and not number.startswith("whatsapp:") else number

    @staticmethod
    def markup(text: str) -> str:
        return starred(text)
