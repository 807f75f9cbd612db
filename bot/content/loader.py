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
    GlossaryTerm,
    RelatedTopic,
    Source,
    Topic,
    UiMessage,
    Variant,
    metadata,
)

REQUIRED_MESSAGES = (
    "source_line", "tell_me_more", "no_more", "no_site_variant", "which_topic", "term_unknown",
    "did_you_mean", "rephrase", "emergency_call", "emergency_found", "crisis_line",
    "symptom_same_day", "symptom_general", "symptom_safety_net", "feedback_up", "feedback_down",
    "feedback_thanks", "feedback_nothing_to_rate", "forgotten", "handoff_intro",
    "handoff_contact", "handoff_phone", "handoff_hours", "handoff_url", "handoff_care_team",
    "first_reply", "which_word",
)
BODY_SITES = (
    "small_intestine", "appendix", "rectum", "colon", "stomach", "duodenum", "pancreas",
    "lung", "thymus", "adrenal", "thyroid", "parathyroid", "pituitary", "skin", "liver",
)


class ContentError(ValueError):
    """A content file is malformed or inconsistent; the message names the file."""


@dataclass
class Content:
    """Everything in the content folder, as unsaved model objects."""

    sources: Dict[str, Source] = field(default_factory=dict)
    topics: Dict[str, Topic] = field(default_factory=dict)
    glossary: Dict[str, GlossaryTerm] = field(default_factory=dict)
    messages: Dict[str, UiMessage] = field(default_factory=dict)


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
        url = _text(entry, "url", where) or ""
        if not url.startswith(("http://", "https://")):
            raise ContentError(f"{where}: 'url' must be an http(s) URL")
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
                   _load_messages(content_dir / "messages.yml"))


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
        for term in content.glossary.values():
            session.merge(term)
        for message in content.messages.values():
            session.merge(message)
        session.flush()
        session.execute(delete(UiMessage).where(UiMessage.key.not_in(list(content.messages))))
        session.execute(delete(Topic).where(Topic.id.not_in(list(content.topics))))
        session.execute(delete(GlossaryTerm).where(GlossaryTerm.key.not_in(list(content.glossary))))
        session.execute(delete(Source).where(Source.id.not_in(list(content.sources))))


def counts(sessions: sessionmaker[Session]) -> Dict[str, int]:
    """Row counts per content table, for the seed command's summary."""
    with sessions.begin() as session:
        return {
            model.__tablename__: len(session.execute(select(model)).scalars().all())
            for model in (Source, Topic, Variant, GlossaryTerm)
        }
