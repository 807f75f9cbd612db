"""Read-side queries of the content store, returning plain immutable answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Sequence, Tuple

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.content.db import session_factory
from bot.content.models import (
    AnswerUnit,
    GlossaryTerm,
    RelatedTopic,
    Source,
    Topic,
    UiMessage,
    Variant,
)
from bot.content.terms import MAX_OFFERED, unexplained_terms
from bot.followups import Facets

TERM_MATCH_CUTOFF = 85


@dataclass(frozen=True)
class RelatedLink:
    """A quick reply to another answer: a topic (sent as its intent) or an answer unit (sent as
    its question, which the ranker recognises)."""

    topic_id: str
    title: str
    intent: str
    question: str | None = None

    @property
    def payload(self) -> str:
        return self.question or f"/{self.intent}"


@dataclass(frozen=True)
class Answer:
    """One answer ready to send: text, optional follow-up, sources and related topics."""

    content_id: str
    title: str
    text: str
    more: str | None
    sources: Tuple[str, ...]
    related: Tuple[RelatedLink, ...] = ()
    topic_id: str | None = None
    site: str | None = None
    short_sources: Tuple[str, ...] = ()

    @property
    def source_line(self) -> str:
        """The short line under an answer: each organisation once, with the year, as links
        (the full citations are behind the "Sources" button)."""
        return " · ".join(self.short_sources) if self.short_sources else "; ".join(self.sources)


def citation(source: Source) -> str:
    """``title, url (review date)``: the traceable form of a source."""
    reviewed = f" ({source.reviewed.isoformat()})" if source.reviewed else ""
    return f"{source.title}, {source.url}{reviewed}"


def organisation(source: Source) -> str:
    """Who publishes the page: the title's part before ``: `` (titles read "Organisation:
    page"), else the web address's host."""
    if ": " in source.title:
        return source.title.split(": ", 1)[0].strip()
    host = re.sub(r"^https?://", "", source.url).split("/", 1)[0]
    return host.removeprefix("www.")


def short_citations(sources: Iterable[Source]) -> Tuple[str, ...]:
    """``[Organisation, year](url)`` for the first page of each organisation, in order."""
    seen: Dict[str, str] = {}
    for source in sources:
        name = organisation(source)
        if name not in seen:
            label = f"{name}, {source.reviewed.year}" if source.reviewed else name
            seen[name] = f"[{label}]({source.url})"
    return tuple(seen.values())


def _citations(sources: Iterable[Source]) -> Tuple[str, ...]:
    return tuple(citation(s) for s in sources)


def _answer(content_id: str, title: str, text: str, more: str | None,
            sources: Sequence[Source], related: Tuple[RelatedLink, ...] = (),
            topic_id: str | None = None, site: str | None = None) -> Answer:
    return Answer(content_id, title, text, more, _citations(sources), related, topic_id, site,
                  short_citations(sources))


class ContentStore:
    """Queries over the content database; every call is one short unit of work."""

    def __init__(self, sessions: sessionmaker[Session] | None = None) -> None:
        self._sessions = sessions

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._sessions or session_factory()

    def answer_for_intent(self, intent: str, site: str | None = None) -> Answer | None:
        """The answer for ``intent``, for ``site`` when a variant exists."""
        return self._answer(Topic.intent == intent, site)

    def topic_of_intent(self, intent: str) -> str | None:
        """The topic whose general answer ``intent`` asks for, if any."""
        with self.sessions.begin() as session:
            return session.execute(select(Topic.id).where(Topic.intent == intent)).scalar()

    def answer_for_topic(self, topic_id: str, site: str | None = None) -> Answer | None:
        return self._answer(Topic.id == topic_id, site)

    def _answer(self, condition: object, site: str | None) -> Answer | None:
        query = (
            select(Topic)
            .where(condition)
            .options(
                selectinload(Topic.sources),
                selectinload(Topic.variants).selectinload(Variant.sources),
                selectinload(Topic.related),
            )
        )
        with self.sessions.begin() as session:
            topic = session.execute(query).scalars().first()
            if topic is None:
                return None
            related = self._related(session, topic.related)
            variant = next((v for v in topic.variants if v.site == site), None)
            if variant is not None:
                return _answer(variant.id, topic.title, variant.answer, variant.more,
                               variant.sources, related, topic.id, site)
            return _answer(topic.id, topic.title, topic.answer, topic.more, topic.sources,
                           related, topic.id, None)

    @staticmethod
    def _related(session: Session, links: Sequence[RelatedTopic]) -> Tuple[RelatedLink, ...]:
        ids = [link.related_id for link in links]
        if not ids:
            return ()
        topics = {t.id: t for t in session.execute(
            select(Topic).where(Topic.id.in_(ids))).scalars()}
        return tuple(RelatedLink(i, topics[i].title, topics[i].intent) for i in ids if i in topics)

    def answer_for_unit(self, unit_id: str) -> Answer | None:
        """The answer unit ``unit_id`` with its sources and related links."""
        query = (select(AnswerUnit).where(AnswerUnit.id == unit_id)
                 .options(selectinload(AnswerUnit.sources)))
        with self.sessions.begin() as session:
            unit = session.execute(query).scalars().first()
            if unit is None:
                return None
            return _answer(unit.id, unit.question, unit.answer, unit.more, unit.sources,
                           self._unit_links(session, unit.related), unit.topic_id, None)

    def unit_question(self, unit_id: str) -> str | None:
        with self.sessions.begin() as session:
            unit = session.get(AnswerUnit, unit_id)
            return unit.question if unit else None

    def unit_link(self, unit_id: str) -> RelatedLink | None:
        """A quick reply that asks the unit's question, if the unit exists."""
        with self.sessions.begin() as session:
            links = self._unit_links(session, [unit_id])
            return links[0] if links else None

    @staticmethod
    def _unit_links(session: Session, ids: Sequence[str]) -> Tuple[RelatedLink, ...]:
        if not ids:
            return ()
        units = {u.id: u for u in session.execute(
            select(AnswerUnit).where(AnswerUnit.id.in_(list(ids)))).scalars()}
        topics = {t.id: t for t in session.execute(
            select(Topic).where(Topic.id.in_(list(ids)))).scalars()}
        links = []
        for i in ids:
            if i in units:
                unit = units[i]
                links.append(RelatedLink(unit.topic_id, unit.question, "", unit.question))
            elif i in topics:
                links.append(RelatedLink(i, topics[i].title, topics[i].intent))
        return tuple(links)

    def facets(self, labels: Iterable[str]) -> Dict[str, Facets]:
        """What each ranked label (unit id or ``topic:<id>``) is about, for follow-ups."""
        wanted = set(labels)
        found: Dict[str, Facets] = {}
        with self.sessions.begin() as session:
            for unit in session.execute(
                    select(AnswerUnit).where(AnswerUnit.id.in_(list(wanted)))).scalars():
                found[unit.id] = Facets(unit.topic_id, frozenset([*unit.treatments, *unit.tests]),
                                        frozenset(unit.related), frozenset(unit.sites))
        for label in wanted:
            if label.startswith("topic:"):
                found[label] = Facets(label.removeprefix("topic:"))
        return found

    def link(self, topic_id: str) -> RelatedLink | None:
        """A quick-reply link to ``topic_id``, if the topic exists."""
        with self.sessions.begin() as session:
            topic = session.get(Topic, topic_id)
            return RelatedLink(topic.id, topic.title, topic.intent) if topic else None

    def messages(self) -> Dict[str, str]:
        """Every UI text by key, in one query (for replies that need several)."""
        with self.sessions.begin() as session:
            return {m.key: m.text for m in session.execute(select(UiMessage)).scalars()}

    def message(self, key: str, **values: str) -> str:
        """The reviewed text ``key`` with its ``{placeholders}`` filled in."""
        with self.sessions.begin() as session:
            stored = session.get(UiMessage, key)
            if stored is None:
                raise KeyError(f"no UI message '{key}' in the content store")
            return stored.text.format(**values)

    @staticmethod
    def _stored(session: Session,
                content_id: str) -> Variant | Topic | AnswerUnit | GlossaryTerm | None:
        """The row behind a content id: ``topic``, ``topic@site``, a unit or ``term:key``."""
        if content_id.startswith("term:"):
            return session.get(GlossaryTerm, content_id.removeprefix("term:"))
        if "@" in content_id:
            return session.get(Variant, content_id)
        return session.get(AnswerUnit, content_id) or session.get(Topic, content_id)

    def text_of(self, content_id: str) -> str:
        """The answer text behind a content id (``topic``, ``topic@site``, a unit or
        ``term:key``)."""
        with self.sessions.begin() as session:
            stored = self._stored(session, content_id)
            if isinstance(stored, GlossaryTerm):
                return stored.definition
            return f"{stored.answer}\n{stored.more or ''}" if stored else ""

    def sources_of(self, content_id: str) -> Tuple[str, ...]:
        """The full citations behind an answer (title, web address and review date of each);
        none for an unknown id."""
        with self.sessions.begin() as session:
            stored = self._stored(session, content_id)
            return _citations(stored.sources) if stored is not None else ()

    def terms_to_explain(self, text: str, explained_too: bool = False) -> List[Tuple[str, str]]:
        """Glossary terms (key, name) ``text`` uses without a plain gloss (or, with
        ``explained_too``, all it uses), in text order, at most as many as one reply offers."""
        with self.sessions.begin() as session:
            entries = [(term.key, term.term, list(term.aliases))
                       for term in session.execute(select(GlossaryTerm)).scalars()]
        return unexplained_terms(text, entries, explained_too=explained_too)[:MAX_OFFERED]

    def define(self, words: str) -> Answer | None:
        """The glossary entry best matching ``words`` (a key, a name, an alias or a typo)."""
        with self.sessions.begin() as session:
            terms = session.execute(
                select(GlossaryTerm).options(selectinload(GlossaryTerm.sources))
            ).scalars().all()
            names = {}
            for term in terms:
                for name in (term.key, term.term, *term.aliases):
                    names[_normalise(name)] = term
            term = _best_term(_normalise(words), names)
            if term is None:
                return None
            return _answer(f"term:{term.key}", term.term, term.definition, None, term.sources)


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("_", " ")).strip()


def _best_term(query: str, names: dict[str, GlossaryTerm]) -> GlossaryTerm | None:
    """Exact name first, else the best fuzzy match over the query and its word windows."""
    if not query:
        return None
    if query in names:
        return names[query]
    words = query.split()
    windows = {" ".join(words[i:j]) for i in range(len(words))
               for j in range(i + 1, min(len(words), i + 4) + 1)}
    best: Tuple[float, int, GlossaryTerm] | None = None
    for window in windows:
        if len(window) < 3:
            continue
        if window in names:
            found: Tuple[str, float, object] | None = (window, 100.0, None)
        else:
            found = process.extractOne(window, list(names), scorer=fuzz.ratio,
                                       score_cutoff=TERM_MATCH_CUTOFF)
        if found is None:
            continue
        candidate = (found[1], len(window), names[found[0]])
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None
