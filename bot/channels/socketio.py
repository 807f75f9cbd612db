"""Rasa's socket.io channel with its input checked first (same events, same path).

Stock Rasa 3.6 stays silent on an empty, missing or non-string message (the NLU pipeline fails
on it) and on a missing session id, and accepts any session id. Here each of those gets a
polite ``bot_uttered`` reply instead, sent only to the client that sent it. With
``NET_CORS_ORIGINS`` set, only pages from those origins may connect (Rasa turns socket.io's own
origin check off).
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from bot.channels.checks import BadRequest, check_message, check_sender, polite_reply
from bot.settings import get_settings


def problem_with(data: Any, max_chars: int, needs_session: bool) -> str | None:
    """The key of the polite reply an incoming ``user_uttered`` event gets, or ``None``."""
    if not isinstance(data, dict):
        return "message_empty"
    if needs_session:
        try:
            check_sender(data.get("session_id"))
        except BadRequest:
            return "session_invalid"
    try:
        return check_message(data.get("message"), max_chars)
    except BadRequest:
        return "message_empty"


class SocketIOInput(RasaSocketIOInput):
    """The socket.io channel, with bad input answered before Rasa sees it."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        blueprint: Blueprint = super().blueprint(on_new_message)
        settings = get_settings()
        sio = self.sio
        namespace = self.namespace or "/"
        handle_message = sio.handlers[namespace][self.user_message_evt]
        session_request = sio.handlers[namespace]["session_request"]
        if settings.cors_origins:
            sio.eio.cors_allowed_origins = list(settings.cors_origins)

        async def checked_message(sid: str, data: Any) -> None:
            problem = problem_with(data, settings.max_message_chars, self.session_persistence)
            if problem is None:
                await handle_message(sid, data)
            else:
                await sio.emit(self.bot_message_evt, {"text": polite_reply(problem)}, room=sid,
                               namespace=self.namespace)

        async def checked_session_request(sid: str, data: Dict[str, Any] | None) -> None:
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if session_id is not None:
                try:
                    check_sender(session_id)
                except BadRequest:
                    await sio.emit(self.bot_message_evt, {"text": polite_reply("session_invalid")},
                                   room=sid, namespace=self.namespace)
                    return
            await session_request(sid, data if isinstance(data, dict) else None)

        sio.on(self.user_message_evt, checked_message, namespace=self.namespace)
        sio.on("session_request", checked_session_request, namespace=self.namespace)
        return blueprint
