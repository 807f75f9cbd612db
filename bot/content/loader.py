"""Read the reviewed content files and write them into the SQL store, idempotently."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List

import yaml
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.content.models import (
    AnswerUnit,
    GlossaryTerm,
    RelatedTopic,
    Source,
    Topic,
    UiMessage,
    Variant,
    metadata,
)
from bot.links import url_problem

REQUIRED_MESSAGES = (
    "source_line", "tell_me_more", "no_more", "no_site_variant", "which_topic", "term_unknown",
    "did_you_mean", "rephrase", "emergency_call", "emergency_found", "crisis_line",
    "symptom_same_day", "symptom_general", "symptom_safety_net", "feedback_up", "feedback_down",
    "feedback_thanks", "feedback_nothing_to_rate", "forgotten", "handoff_intro",
    "handoff_contact", "handoff_phone", "handoff_hours", "handoff_url", "handoff_care_team",
    "first_reply", "which_word", "explain_words", "about_person", "other_answers",
    "sources_button", "sources_list", "sources_none",
)
BODY_SITES = (
    "small_intestine", "appendix", "rectum", "colon", "stomach", "duodenum", "pancreas",
    "lung", "thymus", "adrenal", "thyroid", "parathyroid", "pituitary", "skin", "liver",
)


UNIT_STAGES = ("localised", "spread")
UNIT_ASPECTS = (
    "what_is", "how_it_works", "who_for", "how_given", "side_effects", "preparation", "outlook",
    "causes", "risks", "after_care", "coping", "support", "choices",
)
UNIT_MAX_WORDS = 120  # the short answer; "more" holds the rest


class ContentError(ValueError):
    """A content file is malformed or inconsistent; the message names the file."""


@dataclass
class Content:
    """Everything in the content folder, as unsaved model objects."""

    sources: Dict[str, Source] = field(default_factory=dict)
    topics: Dict[str, Topic] = field(default_factory=dict)
    glossary: Dict[str, GlossaryTerm] = field(default_factory=dict)
    messages: Dict[str, UiMessage] = field(default_factory=dict)
    units: Dict[str, AnswerUnit] = field(default_factory=dict)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{path}: cannot read: {error}") from error


def _text(data: Dict[str, Any], key: str, where: str, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' must be non-empty text")
    return value.strip()


def _cite(ids: Any, sources: Dict[str, Source], where: str) -> List[Source]:
    if not isinstance(ids, list) or not ids:
        raise ContentError(f"{where}: 'sources' must list at least one source id")
    unknown = [i for i in ids if str(i) not in sources]
    if unknown:
        raise ContentError(f"{where}: unknown source id(s) {unknown}")
    return [sources[str(i)] for i in ids]


def _load_sources(path: Path) -> Dict[str, Source]:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping of source ids")
    sources = {}
    for source_id, entry in data.items():
        where = f"{path}: source {source_id}"
        if not isinstance(entry, dict):
            raise ContentError(f"{where}: expected title, url, reviewed")
        reviewed = entry.get("reviewed")
        if reviewed is not None and not isinstance(reviewed, dt.date):
            raise ContentError(f"{where}: 'reviewed' must be an ISO date or null")
        if not isinstance(entry.get("checked"), dt.date):
            raise ContentError(f"{where}: 'checked' must be the ISO date the entry was checked")
        url = _text(entry, "url", where) or ""
        problem = url_problem(url)
        if problem:
            raise ContentError(f"{where}: the URL cannot be shown to patients ({problem}): {url}")
        sources[str(source_id)] = Source(
            id=str(source_id), title=_text(entry, "title", where) or "", url=url,
            reviewed=reviewed,
        )
    return sources


def _load_topic(path: Path, sources: Dict[str, Source]) -> Topic:
    data = _read_yaml(path)
    where = str(path)
    if not isinstance(data, dict):
        raise ContentError(f"{where}: expected a mapping")
    topic_id = _text(data, "id", where) or ""
    if topic_id != path.stem:
        raise ContentError(f"{where}: id '{topic_id}' must match the file name")
    topic = Topic(
        id=topic_id,
        intent=_text(data, "intent", where) or "",
        title=_text(data, "title", where) or "",
        answer=_text(data, "answer", where) or "",
        more=_text(data, "more", where, required=False),
        sources=_cite(data.get("sources"), sources, where),
        variants=[],  # set explicitly so that merge() removes variants no longer in the file
        related=[],
    )
    for position, related_id in enumerate(data.get("related") or []):
        topic.related.append(
            RelatedTopic(topic_id=topic_id, related_id=str(related_id), position=position)
        )
    for site, entry in (data.get("variants") or {}).items():
        variant_where = f"{where}: variant {site}"
        if site not in BODY_SITES:
            raise ContentError(f"{variant_where}: unknown body site (one of {BODY_SITES})")
        if not isinstance(entry, dict):
            raise ContentError(f"{variant_where}: expected answer, sources")
        topic.variants.append(
            Variant(
                id=f"{topic_id}@{site}", topic_id=topic_id, site=site,
                answer=_text(entry, "answer", variant_where) or "",
                more=_text(entry, "more", variant_where, required=False),
                sources=_cite(entry.get("sources"), sources, variant_where),
            )
        )
    return topic


def _load_glossary(path: Path, sources: Dict[str, Source]) -> Dict[str, GlossaryTerm]:
    data = _read_yaml(path)
    if not isinstance(data, list):
        raise ContentError(f"{path}: expected a list of terms")
    terms: Dict[str, GlossaryTerm] = {}
    for entry in data:
        if not isinstance(entry, dict):
            raise ContentError(f"{path}: every term must be a mapping")
        key = str(entry.get("key", "")).strip()
        where = f"{path}: term {key or '?'}"
        if not key or key in terms:
            raise ContentError(f"{where}: missing or duplicate key")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            raise ContentError(f"{where}: 'aliases' must be a list")
        terms[key] = GlossaryTerm(
            key=key, term=_text(entry, "term", where) or "",
            definition=_text(entry, "definition", where) or "",
            aliases=[str(a) for a in aliases],
            sources=_cite(entry.get("sources"), sources, where),
        )
    return terms


def _load_messages(path: Path) -> Dict[str, UiMessage]:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping of message keys to texts")
    missing = [key for key in REQUIRED_MESSAGES if key not in data]
    if missing:
        raise ContentError(f"{path}: missing message(s) {missing}")
    return {str(k): UiMessage(key=str(k), text=_text(data, k, str(path)) or "") for k in data}


def _names(data: Dict[str, Any], key: str, where: str,
           allowed: tuple[str, ...] | None = None) -> List[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ContentError(f"{where}: '{key}' must be a list of names")
    unknown = [v for v in value if allowed is not None and v not in allowed]
    if unknown:
        raise ContentError(f"{where}: unknown {key} {unknown} (one of {allowed})")
    return [v.strip() for v in value]


def _load_unit(entry: Any, where: str, topics: Dict[str, Topic],
               sources: Dict[str, Source]) -> AnswerUnit:
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: every unit must be a mapping")
    unit_id = _text(entry, "id", where) or ""
    where = f"{where}: unit {unit_id}"
    topic_id = _text(entry, "topic", where) or ""
    if topic_id not in topics:
        raise ContentError(f"{where}: unknown topic '{topic_id}'")
    stage = entry.get("stage")
    if stage is not None and stage not in UNIT_STAGES:
        raise ContentError(f"{where}: 'stage' must be one of {UNIT_STAGES} or null")
    aspect = _text(entry, "aspect", where) or ""
    if aspect not in UNIT_ASPECTS:
        raise ContentError(f"{where}: unknown aspect '{aspect}' (one of {UNIT_ASPECTS})")
    answer = _text(entry, "answer", where) or ""
    if len(answer.split()) > UNIT_MAX_WORDS:
        raise ContentError(f"{where}: the answer has {len(answer.split())} words "
                           f"(at most {UNIT_MAX_WORDS}; put the rest in 'more')")
    examples = _names(entry, "examples", where)
    if not examples:
        raise ContentError(f"{where}: 'examples' must list how people ask it")
    return AnswerUnit(
        id=unit_id, topic_id=topic_id, question=_text(entry, "question", where) or "",
        answer=answer, more=_text(entry, "more", where, required=False),
        sites=_names(entry, "sites", where, BODY_SITES), stage=stage,
        treatments=_names(entry, "treatments", where), tests=_names(entry, "tests", where),
        aspect=aspect, examples=examples, related=_names(entry, "related", where),
        sources=_cite(entry.get("sources"), sources, where))


def _load_units(units_dir: Path, topics: Dict[str, Topic],
                sources: Dict[str, Source]) -> Dict[str, AnswerUnit]:
    units: Dict[str, AnswerUnit] = {}
    for path in sorted(units_dir.glob("*.yml")):
        data = _read_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("units"), list):
            raise ContentError(f"{path}: expected 'units:' with a list of units")
        for entry in data["units"]:
            unit = _load_unit(entry, str(path), topics, sources)
            if unit.id in units or unit.id in topics:
                raise ContentError(f"{path}: unit id '{unit.id}' is used twice (or by a topic)")
            units[unit.id] = unit
    for unit in units.values():
        unknown = [r for r in unit.related if (r not in units and r not in topics) or r == unit.id]
        if unknown:
            raise ContentError(f"{units_dir}: unit {unit.id}: unknown related id(s) {unknown}")
    return units


def read_tag_words(content_dir: Path) -> Dict[str, List[str]]:
    """``tags.yml``: treatment and test tags -> the words people use for them ({} if absent)."""
    path = content_dir / "tags.yml"
    if not path.is_file():
        return {}
    data = _read_yaml(path)
    if not isinstance(data, dict) or not all(
            isinstance(words, list) and all(isinstance(w, str) for w in words)
            for words in data.values()):
        raise ContentError(f"{path}: expected tag: [words, ...]")
    return {str(tag): [w.lower() for w in words] for tag, words in data.items()}


def read_content(content_dir: Path) -> Content:
    """Parse and cross-check the content folder; raise :class:`ContentError` on any fault."""
    sources = _load_sources(content_dir / "sources.yml")
    topics = {t.id: t for t in (_load_topic(p, sources)
                                for p in sorted((content_dir / "topics").glob("*.yml")))}
    if not topics:
        raise ContentError(f"{content_dir / 'topics'}: no topic files")
    intents = [t.intent for t in topics.values()]
    duplicates = {i for i in intents if intents.count(i) > 1}
    if duplicates:
        raise ContentError(f"{content_dir}: intents used by more than one topic: {duplicates}")
    for topic in topics.values():
        for link in topic.related:
            if link.related_id not in topics or link.related_id == topic.id:
                raise ContentError(
                    f"{content_dir / 'topics' / topic.id}.yml: unknown related topic "
                    f"'{link.related_id}'"
                )
    return Content(sources, topics, _load_glossary(content_dir / "glossary.yml", sources),
                   _load_messages(content_dir / "messages.yml"),
                   _load_units(content_dir / "units", topics, sources))


def write_content(content: Content, sessions: sessionmaker[Session]) -> None:
    """Make the store hold exactly ``content``: insert, update, and remove what is gone.

    Also creates the tables of conversation records (``bot.records``) that live beside it.
    """
    import bot.records  # noqa: F401  (registers its tables in the shared metadata)

    with sessions.begin() as session:
        metadata.create_all(session.connection())
        for source in content.sources.values():
            session.merge(source)
        session.flush()
        # Related links point at topics: add every topic before any link.
        links = {tid: list(t.related) for tid, t in content.topics.items()}
        for topic in content.topics.values():
            topic.related = []
            session.merge(topic)
        session.flush()
        for topic_id, topic_links in links.items():
            stored = session.get(Topic, topic_id)
            assert stored is not None
            stored.related = [session.merge(link) for link in topic_links]
            content.topics[topic_id].related = topic_links
        for unit in content.units.values():
            session.merge(unit)
        for term in content.glossary.values():
            session.merge(term)
        for message in content.messages.values():
            session.merge(message)
        session.flush()
        session.execute(delete(UiMessage).where(UiMessage.key.not_in(list(content.messages))))
        session.execute(delete(AnswerUnit).where(AnswerUnit.id.not_in(list(content.units))))
        session.execute(delete(Topic).where(Topic.id.not_in(list(content.topics))))
        session.execute(delete(GlossaryTerm).where(GlossaryTerm.key.not_in(list(content.glossary))))
        session.execute(delete(Source).where(Source.id.not_in(list(content.sources))))


def counts(sessions: sessionmaker[Session]) -> Dict[str, int]:
    """Row counts per content table, for the seed command's summary."""
    with sessions.begin() as session:
        return {
            model.__tablename__: len(session.execute(select(model)).scalars().all())
            for model in (Source, Topic, Variant, AnswerUnit, GlossaryTerm)
        }
