"""Telegram: Rasa's connector plus the secret-token check; nothing is called at start-up.

Rasa 3.6's TelegramInput sets the webhook at start-up and asks Telegram who the bot is on every
request. This one does neither: ``python -m bot.cli telegram-webhook`` registers the webhook
with a secret token, and every update must carry it in ``X-Telegram-Bot-Api-Secret-Token``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import ParseMode, Update
from rasa.core.channels import telegram
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.markup import telegram_html
from bot.channels.options import Button, OptionResolver, numbered
from bot.channels.verify import telegram_secret_ok
from bot.settings import get_settings

logger = logging.getLogger(__name__)
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
LONGEST_CALLBACK_DATA = 64  # bytes, Telegram's limit for an inline button's payload


class TelegramOutput(telegram.TelegramOutput):
    """Sends in Telegram's HTML parse mode: the content's **bold** as <b>, the rest escaped."""

    def __init__(self, access_token: str | None, api_url: str = "") -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, parse_mode=ParseMode.HTML, server=server)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, telegram_html(text), **kwargs)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Button],
                                     button_type: str | None = "vertical",
                                     **kwargs: Any) -> None:
        if any(len(str(b.get("payload", "")).encode()) > LONGEST_CALLBACK_DATA for b in buttons):
            await self.send_text_message(recipient_id, numbered(text, buttons))
        else:
            await super().send_text_with_buttons(recipient_id, telegram_html(text), buttons,
                                                 button_type)


class TelegramInput(telegram.TelegramInput):
    """Credentials: ``access_token`` and ``secret_token`` (16-256 of A-Z a-z 0-9 _ -)."""

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        config: Dict[str, Any] = credentials or {}
        if not config:
            cls.raise_missing_credentials_exception()
        secret = str(config.get("secret_token") or "")
        if not SECRET_TOKEN.match(secret):
            raise RasaException("telegram: secret_token must be 16-256 characters of "
                                "A-Z, a-z, 0-9, _ and -")
        return cls(config.get("access_token"), secret)

    def __init__(self, access_token: str | None, secret_token: str) -> None:
        super().__init__(access_token, None, None, debug_mode=False)
        self.secret_token = secret_token

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("telegram_webhook", __name__)
        out_channel = self.get_output_channel()
        handle = OptionResolver(on_new_message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            header = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
            if not telegram_secret_ok(header, self.secret_token):
                logger.warning("telegram: update without the right secret token rejected")
                return response.text("forbidden", status=403)
            try:
                update = Update(**request.json)
            except Exception:
                return response.text("not a Telegram update", status=400)
            if self._is_button(update):
                msg, text = update.callback_query.message, update.callback_query.data
                await self._acknowledge(out_channel, update.callback_query.id)
            elif self._is_edited_message(update):
                msg, text = update.edited_message, update.edited_message.text
            elif update.message is not None and self._is_user_message(update.message):
                msg, text = update.message, update.message.text
            else:  # stickers, photos, joins: nothing to answer
                return response.text("success")
            if msg is None or not text:  # an edited photo, a button press on a gone message
                return response.text("success")  # 200, or Telegram sends the update again
            await handle(UserMessage(text, out_channel, msg.chat.id, input_channel=self.name(),
                                     metadata=self.get_metadata(request)))
            return response.text("success")

        return handle.attach(webhook)

    @staticmethod
    async def _acknowledge(bot: TelegramOutput, callback_query_id: str) -> None:
        """Stop the spinner on the pressed button (answerCallbackQuery); the press is handled
        even when this fails."""
        try:
            await bot.answer_callback_query(callback_query_id)
        except Exception:
            logger.exception("telegram: could not acknowledge a button press")

    def get_output_channel(self) -> TelegramOutput:
        return TelegramOutput(self.access_token, get_settings().channels.telegram_api_url)


async def register_webhook(credentials_file: Path) -> str:
    """Tell Telegram to post updates to NET_PUBLIC_URL's webhook, with the secret token."""
    import yaml
    from rasa.shared.utils.io import read_yaml

    from bot.channels.credentials import effective

    section = effective(credentials_file).channels.get(f"{__name__}.TelegramInput")
    public_url = get_settings().channels.public_url
    if not section or not public_url:
        raise ValueError("set NET_PUBLIC_URL and the Telegram variables of credentials.yml")
    section = read_yaml(yaml.safe_dump(section))  # Rasa fills the ${VAR}s in, as when serving
    channel = TelegramInput.from_credentials(section)
    assert isinstance(channel, TelegramInput)
    bot = channel.get_output_channel()
    url = f"{public_url}/webhooks/{channel.name()}/webhook"
    try:
        await bot.request("setWebhook", {"url": url, "secret_token": channel.secret_token,
                                         "allowed_updates": '["message", "edited_message", '
                                                            '"callback_query"]'})
    finally:
        await bot.close()
    return f"Telegram webhook set to {url}"
