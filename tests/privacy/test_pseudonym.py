"""Conversation ids for phone numbers: stable, keyed, and not the number."""

from __future__ import annotations

import hashlib
import hmac

from bot.privacy import pseudonym

KEY = "k" * 32


def test_the_same_number_gets_the_same_id_and_the_id_hides_it() -> None:
    number = "+15557000001"
    conversation_id = pseudonym(KEY, number)
    assert conversation_id == pseudonym(KEY, number)
    assert conversation_id == hmac.new(KEY.encode(), number.encode(),
                                       hashlib.sha256).hexdigest()[:32]
    assert "5557000001" not in conversation_id


def test_other_numbers_channels_and_keys_get_other_ids() -> None:
    ids = {pseudonym(KEY, "+15557000001"), pseudonym(KEY, "+15557000002"),
           pseudonym(KEY, "whatsapp:+15557000001"), pseudonym("j" * 32, "+15557000001")}
    assert len(ids) == 4
