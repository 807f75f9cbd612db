"""Privacy helpers shared by the tracker store and the actions (no Rasa imports here)."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any, Dict

FORGET_ACTION = "action_forget_conversation"
# an address starts where a word starts (the look-behind): without it every position of a long
# run of letters or digits was tried again, quadratic (security review L3: 6 s for 40,000)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_LIKE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{5,}\d(?![\w/])")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
MIN_PHONE_DIGITS = 7


def mask_personal_data(text: str) -> str:
    """Replace e-mail addresses and phone numbers with placeholders."""
    if "@" in text:
        text = EMAIL.sub("[email]", text)

    def phone(match: re.Match[str]) -> str:
        candidate = match.group(0)
        digits = sum(c.isdigit() for c in candidate)
        return "[phone]" if digits >= MIN_PHONE_DIGITS and not DATE.match(candidate) else candidate

    return PHONE_LIKE.sub(phone, text)


def masked_event(data: Dict[str, Any]) -> Dict[str, Any]:
    if isinstance(data.get("text"), str):
        data["text"] = mask_personal_data(data["text"])
    parse_data = data.get("parse_data")
    if isinstance(parse_data, dict) and isinstance(parse_data.get("text"), str):
        parse_data["text"] = mask_personal_data(parse_data["text"])
        for entity in parse_data.get("entities") or []:
            if isinstance(entity.get("value"), str):
                entity["value"] = mask_personal_data(entity["value"])
    return data


def pseudonym(key: str, identifier: str) -> str:
    """A stable conversation id for ``identifier`` (e.g. a phone number) that does not reveal
    it: the first 128 bits of HMAC-SHA256 under the deployment's secret ``key``, in hex."""
    return hmac.new(key.encode(), identifier.encode(), hashlib.sha256).hexdigest()[:32]
