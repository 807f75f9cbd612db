"""Who a question is about (bot/person.py)."""

from __future__ import annotations

import pytest

from bot.person import SELF, person_mentioned


@pytest.mark.parametrize(("text", "person"), [
    ("my mum was just diagnosed with a pancreatic net, what does that mean", "mum"),
    ("My husband's lanreotide injection is due", "husband"),
    ("what can my elderly father eat", "father"),
    ("my 8 year old son has an appendix NET", "son"),
    ("I have a lung NET, is it curable?", SELF),
    ("am I going to need surgery", SELF),
    ("should I stop my octreotide before my scan?", SELF),
    ("my mum's scan is next week", "mum"),
    ("should I be worried about her", None),
    ("is it cancer?", None),
    ("how long does she have?", None),
    ("what is a NET", None),
])
def test_person_mentioned(text: str, person: str | None) -> None:
    assert person_mentioned(text) == person
