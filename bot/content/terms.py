"""Glossary words an answer uses without explaining them.

The content check and the replies share this: a text may use a glossary word without a plain
gloss only when the reply offers it behind "What do these words mean?" (at most
``MAX_OFFERED`` words), so every word a reader may not know is explained or one tap away.
"""

from __future__ import annotations

import re
from typing import AbstractSet, Iterable, List, Sequence, Tuple

MAX_OFFERED = 5  # buttons in the "which word?" reply
MIN_LENGTH = 3
# how a text explains a word at its first use: "X (plain words)", "X, a/an/the/which/or …",
# "X is/are/means …", "X - …", or "called X", "a drug called X", "plain words (X)"
_GLOSS_AFTER = re.compile(
    r"^\*{0,2}\s*(\(|,? (is|are|means|was|were|helps?|shows?|measures?|finds?|looks? at|"
    r"lowers?|blocks?|stands? for|uses?|makes?)\b|, (a|an|the|or|which|where|when|also)\b"
    r"|\s+[-\u2013\u2014:]\s)", re.IGNORECASE)
_GLOSS_BEFORE = re.compile(  # "… called X", or "plain words (X)"
    r"(\b(called|named|known as)\s+(an?\s+|the\s+)?\**|\w[^()]*\()$", re.IGNORECASE)

# aliases that are everyday words: they help "what does spread mean?" find the entry, but a text
# that uses them needs no gloss
EVERYDAY = frozenset({"spread", "has spread", "scope", "chemo", "flushing", "flush"})

Entry = Tuple[str, str, Sequence[str]]  # key, term, aliases


def _names(entry: Entry) -> List[str]:
    _, term, aliases = entry
    plain = re.sub(r"\s*\(.*\)$", "", term)
    return [n for n in {plain, term, *aliases}
            if len(n.strip()) >= MIN_LENGTH and n.lower() not in EVERYDAY]


def unexplained_terms(text: str, entries: Iterable[Entry], own_keys: AbstractSet[str] = frozenset(),
                      explained_too: bool = False) -> List[Tuple[str, str]]:
    """(key, term) of the glossary words ``text`` uses without a gloss, in text order.

    ``own_keys``: what the text is about (the entry being defined, an answer unit's treatments
    and tests), which the text itself explains. ``explained_too``: every glossary word used.
    """
    found: List[Tuple[int, str, str]] = []
    for entry in entries:
        key, term, _ = entry
        if key in own_keys:
            continue
        first = None
        for name in _names(entry):
            match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE)
            if match and (first is None or match.start() < first.start()):
                first = match
        if first is None:
            continue
        if not explained_too and (_GLOSS_AFTER.match(text[first.end():])
                                  or _GLOSS_BEFORE.search(text[:first.start()])):
            continue
        found.append((first.start(), key, term))
    return [(key, term) for _, key, term in sorted(found)]
