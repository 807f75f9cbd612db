"""Turn the catalogue's phrase syntax into spaCy ``Matcher`` token patterns.

Tokens are compared on ``NORM``: spaCy already reads "can't", "cant" and "cannot" as
"can not", and :func:`normalise` adds the catalogue's spellings on top.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Iterable, Mapping

from spacy.tokens import Doc

TokenSpec = dict[str, Any]
Pattern = list[TokenSpec]
Tokenize = Callable[[str], Doc]

GAP = "..."
GAP_WIDTH = 3
# a gap never skips punctuation or a negation ("his face isn't drooping" is not "face drooping")
_GAP_TOKEN: TokenSpec = {
    "IS_PUNCT": False,
    "NORM": {"NOT_IN": ["not", "no", "never", "nothing", "without", "nor"]},
    "OP": "?",
}
_GAP_TOKENS: Pattern = [_GAP_TOKEN] * GAP_WIDTH


def normalise(doc: Doc, spellings: Mapping[str, str]) -> Doc:
    """Set each token's NORM to the catalogue spelling (typos and British forms)."""
    for token in doc:
        canonical = spellings.get(token.lower_)
        if canonical is not None:
            token.norm_ = canonical
    return doc


class PatternCompiler:
    """Compiles phrases such as ``can|could not @person? ... breathe`` to token patterns."""

    def __init__(
        self, tokenize: Tokenize, spellings: Mapping[str, str], word_sets: Mapping[str, Any]
    ) -> None:
        self._tokenize = tokenize
        self._spellings = spellings
        self._word_sets = word_sets

    def compile(self, phrase: str) -> list[Pattern]:
        slots = [self._slot(raw, phrase) for raw in phrase.split()]
        return [list(itertools.chain.from_iterable(choice)) for choice in itertools.product(*slots)]

    def _slot(self, raw: str, phrase: str) -> list[Pattern]:
        if raw == GAP:
            return [_GAP_TOKENS]
        optional = len(raw) > 1 and raw.endswith("?")
        body = raw[:-1] if optional else raw
        entries = list(itertools.chain.from_iterable(self._entries(alt, phrase) for alt in
                                                     body.split("|")))
        choices = _merge_single_words([self._sequence(entry) for entry in entries])
        if optional and len(choices) == 1 and len(choices[0]) == 1:
            return [[{**choices[0][0], "OP": "?"}]]
        return [*choices, []] if optional else choices

    def _entries(self, alternative: str, phrase: str) -> Iterable[str]:
        if not alternative.startswith("@"):
            return [alternative]
        name = alternative[1:]
        if name not in self._word_sets:
            raise ValueError(f"unknown word set @{name} in phrase {phrase!r}")
        return [str(entry) for entry in self._word_sets[name]]

    def _sequence(self, entry: str) -> Pattern:
        if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
            return [{"NORM": {"REGEX": entry[1:-1]}}]
        doc = normalise(self._tokenize(entry.replace("_", " ")), self._spellings)
        return [{"NORM": token.norm_} for token in doc]


def _merge_single_words(sequences: list[Pattern]) -> list[Pattern]:
    """Fold one-word plain alternatives into a single ``NORM IN [...]`` token."""
    words = sorted({seq[0]["NORM"] for seq in sequences if _is_single_word(seq)})
    rest = [seq for seq in sequences if not _is_single_word(seq)]
    merged: list[Pattern] = [[{"NORM": {"IN": words}}]] if words else []
    return merged + rest


def _is_single_word(sequence: Pattern) -> bool:
    return len(sequence) == 1 and isinstance(sequence[0]["NORM"], str)
