"""Rasa's REST channel with its input checked first (``/webhooks/rest/webhook``, same contract).

Stock Rasa 3.6 answers a missing ``sender`` in a conversation shared by everyone ("default"),
crashes silently on an empty or non-string message, answers a JSON array with a 500, and feeds
a 100 KB message through the whole pipeline into the tracker store. Here a request that is not
a JSON object with a valid ``sender`` and a string ``message`` gets a 4xx with
``{"error": ...}``; an empty or too long message gets a polite reply and is not stored.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.checks import BadRequest, check_message, check_sender, polite_reply
from bot.settings import get_settings


def parse_body(request: Request) -> Dict[str, Any]:
    """The request's JSON object, or :class:`BadRequest` saying what is wrong with it.

    Like Rasa, any content type is accepted if the body is JSON (``curl -d`` sends
    ``application/x-www-form-urlencoded``); form data or plain text is refused.
    """
    try:
        body = json.loads(request.body.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BadRequest(400, "the body is not valid UTF-8") from error
    except ValueError as error:
        raise BadRequest(400, "the body is not valid JSON") from error
    if not isinstance(body, dict):
        raise BadRequest(400, 'the body must be a JSON object: {"sender": ..., "message": ...}')
    return body


class RestInput(RasaRestInput):
    """The REST channel, with bad input answered before Rasa sees it."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_input_channel(self, req: Request) -> str:
        """Always "rest": Rasa stored whatever the client named (security review L5), which
        forged the channel a message came from."""
        return self.name()

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        blueprint: Blueprint = super().blueprint(on_new_message)
        settings = get_settings()
        max_chars = settings.max_message_chars

        @blueprint.listener("before_server_start")
        async def limit_request_size(app: Any, _: Any) -> None:
            # Sanic's default is 100 MB; larger requests get a 413 before they are read.
            app.config.REQUEST_MAX_SIZE = settings.max_request_bytes

        @blueprint.middleware("request")
        async def check(request: Request) -> HTTPResponse | None:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            try:
                body = parse_body(request)
                sender = check_sender(body.get("sender"))
                problem = check_message(body.get("message"), max_chars)
            except BadRequest as error:
                return response.json({"error": error.reason}, status=error.status)
            if problem is None:
                return None
            return response.json([{"recipient_id": sender, "text": polite_reply(problem)}])

        return blueprint
