"""Symptom reports that should reach the care team the same day (not emergencies).

Each rule in ``same_day.yml`` has groups of terms; a rule matches when every group has a term
in the message that is not negated. A term is:

- a word: ``fever`` (whole word), or ``swell*`` (any ending: swell, swelling, swollen? no);
- several words: ``like water`` (in this order, ``*`` allowed on each word);
- a regular expression between slashes: ``/(1[89]\\d|2\\d\\d)\\/\\d{2,3}/``.

A term is negated when one of the three words before it, in the same clause, is a negation
("no black stool", "I haven't had a fever"), unless the term itself holds the negation
("haven't pooped"). A term in a clause that dates it to the past ("I had a fever last year")
does not count either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Pattern, Tuple

import yaml

SAME_DAY_PATH = Path(__file__).with_name("same_day.yml")
NEGATION_WINDOW = 3
NEGATIONS = frozenset({
    "no", "not", "never", "without", "nor", "none", "denies", "denied", "deny",
    "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't",
    "hadn't", "won't", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent",
    "hasnt", "hadnt", "wont",
})
_WORD = re.compile(r"[a-z0-9']+")
_CLAUSE_END = re.compile(r"[.,;:!?]|\bbut\b|\bhowever\b|\bthough\b|\balthough\b")
_PAST = re.compile(
    r"\b(years?|months?|decades?) (ago|back)\b|\blast (year|month|summer|winter|spring|autumn)\b"
    r"|\bin the past\b|\bused to\b|\bwhen i was (diagnosed|younger|a child|a kid)\b"
    r"|\bas a (child|kid)\b|\bback in\b|\bin (19|20)[0-9][0-9]\b"
)


@dataclass(frozen=True)
class SameDayRule:
    id: str
    label: str
    groups: Tuple[Tuple[str, ...], ...]  # the terms as written in same_day.yml
    sources: Tuple[str, ...]
    patterns: Tuple[Tuple[Pattern[str], ...], ...] = ()

    def matches(self, text: str) -> bool:
        """Every group has a term in ``text`` (already normalised) that is not negated."""
        return all(any(_reported(text, pattern) for pattern in group) for group in self.patterns)


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text)


def compile_term(term: str) -> Pattern[str]:
    if len(term) > 2 and term.startswith("/") and term.endswith("/"):
        return re.compile(term[1:-1])
    words = [_word_pattern(word) for word in term.split()]
    return re.compile(r"(?<![a-z0-9])" + r"\s+".join(words) + r"(?![a-z0-9])")


def _word_pattern(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"[a-z0-9'-]*"
    return re.escape(word)


def _reported(text: str, pattern: Pattern[str]) -> bool:
    return any(not _negated(text, match) for match in pattern.finditer(text))


def _negated(text: str, match: re.Match[str]) -> bool:
    """Negated or in the past (the name keeps to the common case)."""
    before = _CLAUSE_END.split(text[: match.start()])[-1]
    after = _CLAUSE_END.split(text[match.end():])[0]
    if _PAST.search(before + match.group(0) + after):
        return True
    if NEGATIONS & set(_WORD.findall(match.group(0))):
        return False
    return bool(NEGATIONS & set(_WORD.findall(before)[-NEGATION_WINDOW:]))


def _rule(raw: Mapping[str, Any]) -> SameDayRule:
    groups = tuple(tuple(str(term).lower() for term in group) for group in raw["groups"])
    return SameDayRule(
        id=str(raw["id"]),
        label=str(raw["label"]),
        groups=groups,
        sources=tuple(str(source) for source in raw["sources"]),
        patterns=tuple(tuple(compile_term(term) for term in group) for group in groups),
    )


@lru_cache(maxsize=1)
def load_rules(path: Path = SAME_DAY_PATH) -> Tuple[SameDayRule, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(_rule(item) for item in raw)


def same_day_reason(text: str) -> SameDayRule | None:
    """The first same-day rule the message matches, if any."""
    normalised = normalise(text)
    return next((rule for rule in load_rules() if rule.matches(normalised)), None)
