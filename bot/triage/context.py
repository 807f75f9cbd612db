"""Context termsets (``context.yml``) as negspacy ``Negex`` termsets, one per context."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

import yaml

CONTEXT_PATH = Path(__file__).with_name("context.yml")
# context.yml key -> negspacy termset key
TERMSET_KEYS = {
    "pseudo": "pseudo_negations",
    "preceding": "preceding_negations",
    "following": "following_negations",
    "termination": "termination",
}
# contexts that make a concept mention not count
SUPPRESSING = ("negated", "historical", "resolved", "family", "hypothetical", "question")
# contexts that cancel others: "report" cancels "question"; "urgent_question" ("is it an
# emergency if I'm ...") and "now" ("just now") cancel "question" and "hypothetical";
# "current" cancels history/family
CANCELLING = ("report", "urgent_question", "now", "current")

Termset = dict[str, list[str]]


def _variants(term: str) -> list[str]:
    """ "don't" also as "dont" and with a curly apostrophe (people rarely type it)."""
    if "'" not in term:
        return [term]
    return [term, term.replace("'", ""), term.replace("'", "\u2019")]


def _expand(terms: list[Any]) -> list[str]:
    expanded = {variant for term in terms for variant in _variants(str(term).lower())}
    return sorted(expanded)


def _family_terms(raw: Mapping[str, Any]) -> list[str]:
    combos = [f"{who} {verb}" for who in raw["relatives"] for verb in raw["past_verbs"]]
    return [*raw["preceding"], *combos]


def _urgent_question_terms(raw: Mapping[str, Any]) -> list[str]:
    combos = [f"{frame} {who}" for frame in raw["frames"] for who in raw["subjects"]]
    return [*raw["preceding"], *combos]


def _year_terms(raw: Mapping[str, Any]) -> list[str]:
    first, last = raw["years"]
    return [f"in {year}" for year in range(int(first), int(last) + 1)]


def parse_termsets(raw: Mapping[str, Any]) -> dict[str, Termset]:
    termsets: dict[str, Termset] = {}
    for name in (*SUPPRESSING, *CANCELLING):
        section = dict(raw[name])
        if name == "family":
            section["preceding"] = _family_terms(section)
        if name == "urgent_question":
            section["preceding"] = _urgent_question_terms(section)
        if "years" in section:
            years = _year_terms(section)
            section["preceding"] = [*section["preceding"], *years]
            section["following"] = [*section["following"], *years]
        termsets[name] = {
            negex_key: _expand(section.get(key) or []) for key, negex_key in TERMSET_KEYS.items()
        }
    return termsets


def load_termsets(path: Path = CONTEXT_PATH) -> dict[str, Termset]:
    with path.open(encoding="utf-8") as handle:
        return parse_termsets(yaml.safe_load(handle))


def load_happening_now(path: Path = CONTEXT_PATH) -> list[re.Pattern[str]]:
    """The ``happening_now`` statements of context.yml as patterns on lower-case text."""
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return [re.compile(r"\b" + _apostrophes(phrase) + r"\b") for phrase in raw["happening_now"]]


def _apostrophes(phrase: str) -> str:
    """A phrase as a pattern: words separated by spaces, an apostrophe optional and straight or
    curly ("it's" also matches "its" and "it\u2019s")."""
    words = [re.escape(word).replace("'", "['\u2019]?") for word in phrase.lower().split()]
    return r"\s+".join(words)
