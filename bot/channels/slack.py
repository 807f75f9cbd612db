"""Slack: Rasa's connector (it checks the signing secret), answering 401 to unsigned requests,
with a configurable API URL and numbered options where Slack's buttons do not fit."""

from __future__ import annotations

from typing import Any, Awaitable, Callable, List

from rasa.core.channels import slack
from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.markup import slack as mrkdwn
from bot.channels.options import Button, OptionResolver, numbered
from bot.settings import get_settings

MOST_BUTTONS = 25  # Slack's limit for one actions block (Rasa dropped all above 5)
LONGEST_TITLE = 75  # characters, Slack's limit for a button's text


class SlackBot(slack.SlackBot):
    def __init__(self, token: str, slack_channel: str | None = None,
                 thread_id: str | None = None, proxy: str | None = None,
                 api_url: str = "") -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        if api_url:
            self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, mrkdwn(text), **kwargs)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Button],
                                     **kwargs: Any) -> None:
        recipient = self.slack_channel or recipient_id
        if len(buttons) > MOST_BUTTONS or any(
                len(str(b.get("title", ""))) > LONGEST_TITLE for b in buttons):
            await self.send_text_message(recipient, numbered(text, buttons))
            return
        elements = [{"type": "button", "text": {"type": "plain_text", "text": b["title"]},
                     "value": b["payload"]} for b in buttons]
        text = mrkdwn(text)
        await self._post_message(channel=recipient, as_user=True, text=text, blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "actions", "elements": elements}])


class SlackInput(slack.SlackInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = OptionResolver(on_new_message)
        webhook = handle.attach(super().blueprint(handle))

        @webhook.on_request
        async def verify(request: Request) -> HTTPResponse | None:
            if request.path.endswith("/webhook") and not self.is_request_from_slack_authentic(
                    request):
                return response.text("Message is not properly signed with a valid "
                                     "X-Slack-Signature header", status=401)
            return None

        return webhook

    def get_output_channel(self, channel: str | None = None,
                           thread_id: str | None = None) -> OutputChannel:
        return SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy,
                        get_settings().channels.slack_api_url)
