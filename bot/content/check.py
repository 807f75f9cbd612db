"""Content review gate for every text a user can see (answer units, topics, glossary,
``messages.yml``, ``domain.yml`` responses): length, reading level, sources, links, unexplained
glossary terms, source age, NLU coverage, and no way of asking listed under two units.

Failures block a release; warnings are printed for the content reviewers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Set, Tuple

import textstat
import yaml

from bot.content.loader import Content, ContentError, read_content
from bot.content.ranking import normalise
from bot.content.terms import MAX_OFFERED, unexplained_terms
from bot.links import url_problem

MAX_WORDS = 120
MAX_GRADE = 8.0
MIN_UNITS = 150
# a reading grade says little about a button title or a one-line notice
GRADE_FROM_WORDS = 10
_LINK = re.compile(r"https?://[^\s)\]>\"']+")
# the only placeholders an answer may use; the answer action fills them from clinic.yml
PLACEHOLDERS = frozenset({"emergency_number", "crisis_line"})


@dataclass
class Report:
    failures: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    texts: int = 0
    over_grade: int = 0
    forbidden_links: int = 0
    units: int = 0
    sourced_units: int = 0

    def summary(self) -> str:
        graded = 100 * (self.texts - self.over_grade) / self.texts if self.texts else 100.0
        sourced = 100 * self.sourced_units / self.units if self.units else 100.0
        return (f"{self.units} answer units, {sourced:.0f}% sourced; {self.texts} texts, "
                f"{graded:.0f}% at reading grade <= {MAX_GRADE:g}; "
                f"{self.forbidden_links} forbidden link(s)")

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


def _messages(content: Content) -> Iterable[Tuple[str, str, Set[str]]]:
    """Every answer text: where it is, the text, and the glossary keys it is about (a unit's
    treatments and tests, a glossary entry's own key), which the text itself explains."""
    for topic in content.topics.values():
        yield f"topic {topic.id}: answer", topic.answer, set()
        if topic.more:
            yield f"topic {topic.id}: more", topic.more, set()
        for variant in topic.variants:
            yield f"topic {topic.id} ({variant.site}): answer", variant.answer, set()
            if variant.more:
                yield f"topic {topic.id} ({variant.site}): more", variant.more, set()
    for unit in content.units.values():
        about = {tag.replace("-", "_") for tag in (*unit.treatments, *unit.tests)}
        yield f"unit {unit.id}: answer", unit.answer, about
        if unit.more:
            yield f"unit {unit.id}: more", unit.more, about
    for term in content.glossary.values():
        yield f"glossary {term.key}", term.definition, {term.key}


def _ui_texts(content: Content, root: Path) -> Iterable[Tuple[str, str]]:
    """``messages.yml`` and the ``domain.yml`` responses: text and button titles."""
    for message in content.messages.values():
        yield f"messages.yml {message.key}", message.text
    domain = yaml.safe_load((root / "domain.yml").read_text()) or {}
    for name, variants in (domain.get("responses") or {}).items():
        for variant in variants or []:
            if variant.get("text"):
                yield f"domain.yml {name}", str(variant["text"])
            for button in variant.get("buttons") or []:
                yield f"domain.yml {name} button", str(button.get("title", ""))


def _check_text(report: Report, where: str, text: str) -> None:
    report.texts += 1
    count = words(text)
    if count > MAX_WORDS:
        report.failures.append(f"{where}: {count} words (limit {MAX_WORDS})")
    if count >= GRADE_FROM_WORDS:
        level = grade(text)
        if level > MAX_GRADE:
            report.over_grade += 1
            report.failures.append(f"{where}: reading grade {level:.1f} (limit {MAX_GRADE:g})")
    for link in _LINK.findall(text):
        problem = url_problem(link)
        if problem:
            report.forbidden_links += 1
            report.failures.append(f"{where}: link cannot be shown to patients ({problem}): {link}")


def check_content(
    content: Content, intents: Set[str], max_source_age_days: int, today: dt.date,
    root: Path | None = None, min_units: int = 0,
) -> Report:
    report = Report()
    entries = [(term.key, term.term, term.aliases) for term in content.glossary.values()]
    for where, text, about in _messages(content):
        _check_text(report, where, text)
        unknown = set(re.findall(r"\{(\w*)\}", text)) - PLACEHOLDERS
        if unknown:
            report.failures.append(f"{where}: unknown placeholder(s) {sorted(unknown)}")
        unexplained = unexplained_terms(text, entries, about)
        if len(unexplained) > MAX_OFFERED:
            report.failures.append(
                f"{where}: {len(unexplained)} glossary words without a plain explanation (at most "
                f"{MAX_OFFERED} can be offered behind 'What do these words mean?'): "
                + ", ".join(term for _, term in unexplained))
    if root is not None:
        for where, text in _ui_texts(content, root):
            _check_text(report, where, text)
    asked_in: Dict[str, str] = {}  # one way of asking belongs to one answer
    for unit in content.units.values():
        for asked in (unit.question, *unit.examples):
            key = re.sub(r"[^a-z0-9 ]", "", normalise(asked))
            other = asked_in.setdefault(key, unit.id)
            if other != unit.id:
                report.failures.append(
                    f"unit {unit.id}: '{asked}' is also a way of asking unit {other} "
                    "(a question belongs to one answer)")
    if len(content.units) < min_units:
        report.failures.append(f"{len(content.units)} answer units (at least {min_units})")
    # the loader refuses a unit without sources and a source URL that cannot be shown
    report.units = len(content.units)
    report.sourced_units = sum(1 for unit in content.units.values() if unit.sources)
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
                         today or dt.date.today(), root, MIN_UNITS)
