"""Which links may be shown to a patient: one rule for content sources and the triage catalogue."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_NOT_PUBLIC_HOST = re.compile(
    r"^(dev|staging|stage|test|qa|uat|preview)([0-9]+[a-z]*)?[.-]|\.local$"
    r"|\.cloudfront\.net$|^u[0-9]+-cd-")
_IP_HOST = re.compile(r"^[0-9.]+$|:")  # IPv4, or IPv6 (urlsplit drops the brackets)


def url_problem(url: str) -> str | None:
    """Why a URL is not fit to show a patient, or ``None``.

    Links must be the organisation's own public https page: no plain http, no bare IP address,
    no port, no development, staging, CMS or CDN host (security review M7, clinical review S5).
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return "not an https URL"
    if _IP_HOST.search(host):
        return "bare IP address"
    if parts.port is not None:
        return "explicit port"
    if _NOT_PUBLIC_HOST.search(host):
        return "development, staging, CMS or CDN host"
    return None
