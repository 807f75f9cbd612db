"""Typed SQLAlchemy models of the content store (SQLAlchemy 1.4 in the 2.0 style).

Types are checked with ``sqlalchemy2-stubs`` and SQLAlchemy's mypy plugin (see pyproject.toml).
"""

from __future__ import annotations

from typing import List

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, declarative_base, relationship

Base = declarative_base()
metadata = Base.metadata


def _citations(name: str, owner: str, owner_column: str) -> Table:
    return Table(
        name,
        metadata,
        Column(owner, String(80), ForeignKey(owner_column, ondelete="CASCADE"), primary_key=True),
        Column("source_id", String(32), ForeignKey("source.id"), primary_key=True),
    )


topic_source = _citations("topic_source", "topic_id", "topic.id")
variant_source = _citations("variant_source", "variant_id", "variant.id")
term_source = _citations("term_source", "term_key", "glossary_term.key")
unit_source = _citations("unit_source", "unit_id", "answer_unit.id")


class Source(Base):
    __tablename__ = "source"

    id: Mapped[str] = Column(String(32), primary_key=True)
    title: Mapped[str] = Column(String(300), nullable=False)
    url: Mapped[str] = Column(String(500), nullable=False)
    reviewed = Column(Date, nullable=True)  # the mypy plugin infers Optional[date]


class RelatedTopic(Base):
    """An ordered link from one topic to another, offered as a quick reply."""

    __tablename__ = "related_topic"

    topic_id: Mapped[str] = Column(
        String(80), ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True)
    related_id: Mapped[str] = Column(
        String(80), ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = Column(Integer, nullable=False, default=0)


class Variant(Base):
    """A topic's answer for one body site; its id is ``<topic>@<site>``."""

    __tablename__ = "variant"

    id: Mapped[str] = Column(String(80), primary_key=True)
    topic_id: Mapped[str] = Column(
        String(80), ForeignKey("topic.id", ondelete="CASCADE"), nullable=False, index=True)
    site: Mapped[str] = Column(String(40), nullable=False)
    answer: Mapped[str] = Column(Text, nullable=False)
    more = Column(Text, nullable=True)  # the mypy plugin infers Optional[str]
    sources: Mapped[List[Source]] = relationship(
        Source, secondary=variant_source, order_by=Source.id, uselist=True)


class Topic(Base):
    """One answerable topic; it maps one-to-one to an NLU intent."""

    __tablename__ = "topic"

    id: Mapped[str] = Column(String(80), primary_key=True)
    intent: Mapped[str] = Column(String(80), nullable=False, unique=True)
    title: Mapped[str] = Column(String(120), nullable=False)
    answer: Mapped[str] = Column(Text, nullable=False)
    more = Column(Text, nullable=True)  # the mypy plugin infers Optional[str]
    sources: Mapped[List[Source]] = relationship(
        Source, secondary=topic_source, order_by=Source.id, uselist=True)
    variants: Mapped[List[Variant]] = relationship(
        Variant, cascade="all, delete-orphan", order_by=Variant.site, uselist=True)
    related: Mapped[List[RelatedTopic]] = relationship(
        RelatedTopic, foreign_keys=[RelatedTopic.topic_id], cascade="all, delete-orphan",
        order_by=RelatedTopic.position, uselist=True)


class AnswerUnit(Base):
    """The answer to one question patients ask, tagged with what it is about.

    Tags: ``sites`` (body sites, empty for any), ``stage`` ("localised", "spread" or none),
    ``treatments``, ``tests`` and ``aspect`` (side effects, preparation, outlook...). ``examples``
    are ways people ask it (the ranker's index); ``related`` are unit or topic ids.
    """

    __tablename__ = "answer_unit"

    id: Mapped[str] = Column(String(80), primary_key=True)
    topic_id: Mapped[str] = Column(
        String(80), ForeignKey("topic.id", ondelete="CASCADE"), nullable=False, index=True)
    question: Mapped[str] = Column(String(300), nullable=False)
    answer: Mapped[str] = Column(Text, nullable=False)
    more = Column(Text, nullable=True)  # the mypy plugin infers Optional[str]
    sites: Mapped[List[str]] = Column(JSON, nullable=False, default=list)
    stage = Column(String(20), nullable=True)
    treatments: Mapped[List[str]] = Column(JSON, nullable=False, default=list)
    tests: Mapped[List[str]] = Column(JSON, nullable=False, default=list)
    aspect: Mapped[str] = Column(String(40), nullable=False)
    examples: Mapped[List[str]] = Column(JSON, nullable=False, default=list)
    related: Mapped[List[str]] = Column(JSON, nullable=False, default=list)
    sources: Mapped[List[Source]] = relationship(
        Source, secondary=unit_source, order_by=Source.id, uselist=True)


class GlossaryTerm(Base):
    __tablename__ = "glossary_term"

    key: Mapped[str] = Column(String(80), primary_key=True)
    term: Mapped[str] = Column(String(120), nullable=False)
    definition: Mapped[str] = Column(Text, nullable=False)
    aliases: Mapped[List[str]] = Column(JSON, nullable=False, default=list)
    sources: Mapped[List[Source]] = relationship(
        Source, secondary=term_source, order_by=Source.id, uselist=True)


class UiMessage(Base):
    """A text the actions send around answers (source line, button labels, notices)."""

    __tablename__ = "ui_message"

    key: Mapped[str] = Column(String(80), primary_key=True)
    text: Mapped[str] = Column(Text, nullable=False)
