"""Read and check the red-flag catalogue (``red_flags.yml``); see that file for its format."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from bot.links import url_problem

CATALOGUE_PATH = Path(__file__).with_name("red_flags.yml")
# emergency: call the emergency number now; crisis_line: suicide/self-harm crisis line;
# call_team_now: call the 24-hour cancer team now, and go to the ER if they can't be reached
ACTIONS = frozenset({"emergency", "crisis_line", "call_team_now"})
# body areas a concept can belong to (``area:`` in red_flags.yml); "symptom" marks a symptom
# outside these areas, and a concept without an area is a context word (on_treatment, ...)
AREAS = ("breathing", "chest", "consciousness", "bleeding", "allergy", "fever_on_treatment",
         "confusion", "severe_pain", "swelling_breathless")
SYMPTOM_AREA = "symptom"
CONTEXTS = frozenset({"negated", "historical", "resolved", "family", "hypothetical", "question"})


class CatalogueError(ValueError):
    """The catalogue file is malformed."""


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    reviewed: str | None
    ref: str | None


@dataclass(frozen=True)
class Concept:
    name: str
    means: str
    phrases: tuple[str, ...]
    ignore_context: frozenset[str]
    area: str | None = None  # one of AREAS, SYMPTOM_AREA, or None for a context word
    ignore_figures: bool = False  # mentions are not dropped by the not_red_flags phrases


@dataclass(frozen=True)
class Rule:
    """One ``when`` line: every part needs one of its concepts, and no excluded concept."""

    parts: tuple[frozenset[str], ...]
    excluded: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RedFlag:
    id: str
    label: str
    action: str
    sources: tuple[Source, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Catalogue:
    spellings: Mapping[str, str]  # word as typed -> word used in phrases
    word_sets: Mapping[str, tuple[str, ...]]
    concepts: Mapping[str, Concept]
    blockers: Mapping[str, tuple[str, ...]]
    red_flags: tuple[RedFlag, ...]

    def red_flag(self, flag_id: str) -> RedFlag:
        for flag in self.red_flags:
            if flag.id == flag_id:
                return flag
        raise KeyError(flag_id)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise CatalogueError(f"{where}: expected a non-empty list")
    return tuple(str(item) for item in value)


def _spellings(raw: Mapping[str, Any]) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, variants in raw.items():
        for variant in _strings(variants, f"spellings.{canonical}"):
            table[variant.lower()] = str(canonical).lower()
    return table


def _concept(name: str, raw: Mapping[str, Any]) -> Concept:
    ignore = frozenset(raw.get("ignore_context", []))
    if not ignore <= CONTEXTS:
        raise CatalogueError(f"concept {name}: unknown context in {sorted(ignore)}")
    area = raw.get("area")
    if area is not None and area not in (*AREAS, SYMPTOM_AREA):
        raise CatalogueError(f"concept {name}: unknown area {area!r}")
    return Concept(name, str(raw["means"]), _strings(raw.get("phrases"), name), ignore,
                   None if area is None else str(area), bool(raw.get("ignore_figures", False)))


def _rule(line: str, concepts: Mapping[str, Concept], flag_id: str) -> Rule:
    """``a|b + c - d``: (a or b) and c, unless d is mentioned."""
    required, *excluded_parts = line.split(" - ")
    parts = tuple(frozenset(p.strip() for p in part.split("|")) for part in required.split("+"))
    excluded = frozenset(p.strip() for part in excluded_parts for p in part.split("|"))
    unknown = set().union(*parts, excluded) - set(concepts)
    if unknown:
        raise CatalogueError(f"red flag {flag_id}: unknown concept(s) {sorted(unknown)}")
    return Rule(parts, excluded)


def _source(raw: Mapping[str, Any]) -> Source:
    reviewed = raw.get("reviewed")
    ref = raw.get("ref")
    return Source(
        title=str(raw["title"]),
        url=str(raw["url"]),
        reviewed=None if reviewed is None else str(reviewed),
        ref=None if ref is None else str(ref),
    )


def _red_flag(raw: Mapping[str, Any], concepts: Mapping[str, Concept]) -> RedFlag:
    flag_id = str(raw["id"])
    action = str(raw["action"])
    if action not in ACTIONS:
        raise CatalogueError(f"red flag {flag_id}: unknown action {action!r}")
    sources = tuple(_source(item) for item in raw.get("sources") or [])
    if not sources:
        raise CatalogueError(f"red flag {flag_id}: every red flag needs sources with URLs")
    for source in sources:
        problem = url_problem(source.url)
        if problem:
            raise CatalogueError(f"red flag {flag_id}: source {source.url!r}: {problem}")
    rules = tuple(_rule(line, concepts, flag_id) for line in _strings(raw.get("when"), flag_id))
    return RedFlag(flag_id, str(raw["label"]), action, sources, rules)


def parse_catalogue(raw: Mapping[str, Any]) -> Catalogue:
    concepts = {name: _concept(name, body) for name, body in raw["concepts"].items()}
    flags = tuple(_red_flag(item, concepts) for item in raw["red_flags"])
    ids = [flag.id for flag in flags]
    if len(set(ids)) != len(ids):
        raise CatalogueError("red flag ids must be unique")
    return Catalogue(
        spellings=_spellings(raw.get("spellings", {})),
        word_sets={name: _strings(items, name) for name, items in raw["word_sets"].items()},
        concepts=concepts,
        blockers={name: _strings(items, name) for name, items in raw["not_red_flags"].items()},
        red_flags=flags,
    )


def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    with path.open(encoding="utf-8") as handle:
        return parse_catalogue(yaml.safe_load(handle))


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The project's catalogue, parsed once per process."""
    return load_catalogue()
