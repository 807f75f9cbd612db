"""Symptom reports that should reach the care team the same day (not emergencies)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Tuple

import yaml

SAME_DAY_PATH = Path(__file__).with_name("same_day.yml")
_WORD = re.compile(r"[a-z0-9][a-z0-9.'-]*")


@dataclass(frozen=True)
class SameDayRule:
    id: str
    label: str
    groups: Tuple[Tuple[str, ...], ...]
    sources: Tuple[str, ...]

    def matches(self, words: List[str]) -> bool:
        return all(any(_word_matches(w, pattern) for w in words for pattern in group)
                   for group in self.groups)


def _word_matches(word: str, pattern: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


@lru_cache(maxsize=1)
def load_rules(path: Path = SAME_DAY_PATH) -> Tuple[SameDayRule, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        SameDayRule(str(r["id"]), str(r["label"]),
                    tuple(tuple(str(w).lower() for w in g) for g in r["groups"]),
                    tuple(str(s) for s in r["sources"]))
        for r in raw
    )


def same_day_reason(text: str) -> SameDayRule | None:
    """The first same-day rule the message matches, if any."""
    words = [w.strip(".'-") for w in _WORD.findall(text.lower())]
    return next((rule for rule in load_rules() if rule.matches(words)), None)
