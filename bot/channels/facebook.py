"""Facebook Messenger: Rasa's message handling, with the app-secret signature checked
(``X-Hub-Signature-256``, else ``X-Hub-Signature``) and 403 for anything unsigned or forged,
quick replies for buttons where they fit, numbered options otherwise."""

from __future__ import annotations

import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, List

import requests
from fbmessenger import MessengerClient
from rasa.core.channels import facebook
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.markup import plain
from bot.channels.options import Button, OptionResolver, numbered
from bot.channels.verify import facebook_signature_ok
from bot.settings import get_settings

logger = logging.getLogger(__name__)
MOST_QUICK_REPLIES = 13
LONGEST_TITLE = 20  # characters, Messenger's limit for a quick reply's title
TIMEOUT_SECONDS = 10


class _TimeoutSession(requests.Session):
    """fbmessenger posts without a timeout; a hanging Graph API must not hang the server."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = TIMEOUT_SECONDS
        return super().request(*args, **kwargs)


def messenger_client(page_access_token: str) -> MessengerClient:
    client = MessengerClient(page_access_token, session=_TimeoutSession())
    api_url = get_settings().channels.messenger_api_url
    if api_url:
        client.graph_url = api_url
    return client


class MessengerBot(facebook.MessengerBot):
    """Plain text: Messenger does not render the content's **bold**."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, plain(text), **kwargs)

    async def send_quick_replies(self, recipient_id: str, text: str,
                                 quick_replies: List[Button], **kwargs: Any) -> None:
        await super().send_quick_replies(recipient_id, plain(text), quick_replies, **kwargs)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Button],
                                     **kwargs: Any) -> None:
        if len(buttons) <= MOST_QUICK_REPLIES and all(
                len(str(b.get("title", ""))) <= LONGEST_TITLE for b in buttons):
            await self.send_quick_replies(recipient_id, text, buttons)
        else:
            await self.send_text_message(recipient_id, numbered(text, buttons))


class Messenger(facebook.Messenger):
    def __init__(self, page_access_token: str,
                 on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        super().__init__(page_access_token, on_new_message)
        self.client = messenger_client(page_access_token)

    async def _handle_user_message(self, text: str, sender_id: str,
                                   metadata: Dict[str, Any] | None) -> None:
        out_channel = MessengerBot(self.client)
        await out_channel.send_action(sender_id, sender_action="typing_on")
        try:
            await self.on_new_message(UserMessage(text, out_channel, sender_id,
                                                  input_channel=self.name(), metadata=metadata))
        except Exception:  # Messenger would retry the same event again and again
            logger.exception("facebook: could not handle the message of %s", sender_id)
        finally:
            await out_channel.send_action(sender_id, sender_action="typing_off")


class FacebookInput(facebook.FacebookInput):
    """Credentials: ``verify`` (verify token), ``secret`` (app secret), ``page-access-token``."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("fb_webhook", __name__)
        handle = OptionResolver(on_new_message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            token = str(request.args.get("hub.verify_token") or "")
            if self.fb_verify and hmac.compare_digest(token.encode(), self.fb_verify.encode()):
                return response.text(str(request.args.get("hub.challenge") or ""))
            return response.text("invalid verify token", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not facebook_signature_ok(self.fb_secret, request.body,
                                         request.headers.get("X-Hub-Signature-256")):
                logger.warning("facebook: request without a valid app-secret signature rejected")
                return response.text("invalid signature", status=403)
            payload = request.json
            if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
                return response.text("not a Messenger event", status=400)
            await Messenger(self.fb_access_token, handle).handle(payload,
                                                                self.get_metadata(request))
            return response.text("success")

        return handle.attach(webhook)

    def get_output_channel(self) -> MessengerBot:
        return MessengerBot(messenger_client(self.fb_access_token))
