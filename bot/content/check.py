"""Content review gate: length, reading level, sources, source age and NLU coverage.

Failures block a release; warnings are printed for the content reviewers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, List, Set, Tuple

import textstat
import yaml

from bot.content.loader import Content, ContentError, read_content

MAX_WORDS = 120
MAX_GRADE = 8.0
# the only placeholders an answer may use; the answer action fills them from clinic.yml
PLACEHOLDERS = frozenset({"emergency_number", "crisis_line"})


@dataclass
class Report:
    failures: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def words(text: str) -> int:
    return len(re.findall(r"\w[\w'\u2019-]*", text))


def grade(text: str) -> float:
    """US school grade by Flesch-Kincaid (textstat), on the text without list bullets."""
    plain = re.sub(r"^\s*[-*]\s+", "", text, flags=re.MULTILINE).replace("**", "")
    return float(textstat.flesch_kincaid_grade(plain))


def trained_intents(root: Path) -> Set[str]:
    """Intents that have NLU examples in ``data/nlu``."""
    intents: Set[str] = set()
    for path in (root / "data" / "nlu").glob("*.yml"):
        for item in (yaml.safe_load(path.read_text()) or {}).get("nlu", []) or []:
            if isinstance(item, dict) and "intent" in item:
                intents.add(str(item["intent"]))
    return intents


def _messages(content: Content) -> Iterable[Tuple[str, str]]:
    for topic in content.topics.values():
        yield f"topic {topic.id}: answer", topic.answer
        if topic.more:
            yield f"topic {topic.id}: more", topic.more
        for variant in topic.variants:
            yield f"topic {topic.id} ({variant.site}): answer", variant.answer
            if variant.more:
                yield f"topic {topic.id} ({variant.site}): more", variant.more
    for unit in content.units.values():
        yield f"unit {unit.id}: answer", unit.answer
        if unit.more:
            yield f"unit {unit.id}: more", unit.more
    for term in content.glossary.values():
        yield f"glossary {term.key}", term.definition


def check_content(
    content: Content, intents: Set[str], max_source_age_days: int, today: dt.date
) -> Report:
    report = Report()
    for where, text in _messages(content):
        count, level = words(text), grade(text)
        if count > MAX_WORDS:
            report.failures.append(f"{where}: {count} words (limit {MAX_WORDS})")
        if level > MAX_GRADE:
            report.failures.append(f"{where}: reading grade {level:.1f} (limit {MAX_GRADE:g})")
        unknown = set(re.findall(r"\{(\w*)\}", text)) - PLACEHOLDERS
        if unknown:
            report.failures.append(f"{where}: unknown placeholder(s) {sorted(unknown)}")
    for topic in content.topics.values():
        if topic.intent not in intents:
            report.failures.append(f"topic {topic.id}: intent '{topic.intent}' has no NLU data")
    oldest = today - dt.timedelta(days=max_source_age_days)
    for source in content.sources.values():
        if source.reviewed is None:
            report.warnings.append(f"source {source.id}: no review date shown ({source.url})")
        elif source.reviewed < oldest:
            report.warnings.append(
                f"source {source.id}: reviewed {source.reviewed.isoformat()}, older than "
                f"{max_source_age_days} days ({source.url})")
    return report


def run_check(root: Path, content_dir: Path, max_source_age_days: int,
              today: dt.date | None = None) -> Report:
    try:
        content = read_content(content_dir)
    except ContentError as error:
        return Report(failures=[str(error)])
    return check_content(content, trained_intents(root), max_source_age_days,
                         today or dt.date.today())
