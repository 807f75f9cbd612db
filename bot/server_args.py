"""The security-related arguments ``scripts/serve`` passes to ``rasa run``, from the settings.

- ``RASA_ENABLE_API=true`` turns on Rasa's HTTP API (conversations, trackers, model), with
  ``RASA_AUTH_TOKEN`` (``?token=...``) or ``RASA_JWT_SECRET`` (HS256 bearer tokens). Without
  either, the API is open to anyone who can reach the port, so a warning is printed.
- ``NET_CORS_ORIGINS`` (space-separated) replaces the local default CORS origins.
"""

from __future__ import annotations

from typing import List, Tuple

from bot.settings import Settings

OPEN_API_WARNING = (
    "RASA_ENABLE_API is on without RASA_AUTH_TOKEN or RASA_JWT_SECRET: Rasa's HTTP API "
    "(every conversation, and model replacement) is open to anyone who can reach this port. "
    "Use it like this only on localhost; production must set a token or JWT secret "
    "(see README, Security)."
)


def rasa_server_args(settings: Settings) -> Tuple[List[str], List[str]]:
    """The extra ``rasa run`` arguments, and the warnings to print."""
    args: List[str] = []
    warnings: List[str] = []
    if settings.cors_origins:
        args += ["--cors", *settings.cors_origins]
    if settings.enable_api:
        args.append("--enable-api")
        if settings.auth_token:
            args += ["--auth-token", settings.auth_token]
        if settings.jwt_secret:
            args += ["--jwt-secret", settings.jwt_secret, "--jwt-method", "HS256"]
        if not (settings.auth_token or settings.jwt_secret):
            warnings.append(OPEN_API_WARNING)
    return args, warnings
