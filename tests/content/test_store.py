"""The content store: loading is idempotent, queries pick variants, terms match fuzzily."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.content.db import make_engine
from bot.content.loader import ContentError, counts, read_content, write_content
from bot.content.store import ContentStore


def test_load_twice_gives_the_same_rows(
    tiny_content_dir: Path, sqlite_sessions: sessionmaker[Session]
) -> None:
    write_content(read_content(tiny_content_dir), sqlite_sessions)
    first = counts(sqlite_sessions)
    write_content(read_content(tiny_content_dir), sqlite_sessions)
    assert counts(sqlite_sessions) == first == {
        "source": 2, "topic": 2, "variant": 1, "answer_unit": 1, "glossary_term": 1}


def test_reload_updates_and_removes(
    tiny_content_dir: Path, sqlite_sessions: sessionmaker[Session]
) -> None:
    write_content(read_content(tiny_content_dir), sqlite_sessions)
    topic_file = tiny_content_dir / "topics" / "symptoms.yml"
    topic = yaml.safe_load(topic_file.read_text())
    topic["answer"] = "Updated answer."
    del topic["variants"]
    topic_file.write_text(yaml.safe_dump(topic))
    write_content(read_content(tiny_content_dir), sqlite_sessions)
    store = ContentStore(sqlite_sessions)
    answer = store.answer_for_intent("ask_symptoms", "pancreas")
    assert answer is not None and answer.text == "Updated answer." and answer.site is None
    assert counts(sqlite_sessions)["variant"] == 0


def test_answer_picks_the_site_variant(tiny_store: ContentStore) -> None:
    general = tiny_store.answer_for_intent("ask_symptoms")
    pancreas = tiny_store.answer_for_intent("ask_symptoms", "pancreas")
    lung = tiny_store.answer_for_intent("ask_symptoms", "lung")
    assert general is not None and pancreas is not None and lung is not None
    assert pancreas.content_id == "symptoms@pancreas" and "pancreatic" in pancreas.text
    assert lung.content_id == "symptoms" and lung.site is None
    assert pancreas.sources == ("Undated page, https://example.org/other",)
    assert general.sources[0] == (
        "Example Clinic: What is a NET, https://example.org/net (2024-06-26)")
    # under the answer: each organisation once, with the year, as a link
    assert general.source_line.startswith("[Example Clinic, 2024](https://example.org/net)")
    assert pancreas.source_line == "[example.org](https://example.org/other)"
    assert [link.intent for link in general.related] == ["ask_what_is_net"]


def test_the_full_sources_of_any_answer(tiny_store: ContentStore) -> None:
    assert tiny_store.sources_of("symptoms@pancreas") == (
        "Undated page, https://example.org/other",)
    assert tiny_store.sources_of("lanreotide_side_effects") == (
        "Undated page, https://example.org/other",)
    assert tiny_store.sources_of("term:ki_67")[0].startswith("Example Clinic: What is a NET")
    assert tiny_store.sources_of("what_is_net")[0].startswith("Example Clinic")
    assert tiny_store.sources_of("no_such_answer") == ()


def test_unknown_intent_has_no_answer(tiny_store: ContentStore) -> None:
    assert tiny_store.answer_for_intent("ask_weather") is None
    assert tiny_store.topic_of_intent("ask_weather") is None
    assert tiny_store.topic_of_intent("ask_what_is_net") == "what_is_net"


@pytest.mark.parametrize("words", ["ki_67", "Ki-67", "what is my ki67 score", "MIB-1", "ki677"])
def test_define_matches_names_aliases_and_typos(tiny_store: ContentStore, words: str) -> None:
    answer = tiny_store.define(words)
    assert answer is not None and answer.content_id == "term:ki_67"


@pytest.mark.parametrize("words", ["", "weather", "what is a bank holiday"])
def test_define_rejects_unrelated_words(tiny_store: ContentStore, words: str) -> None:
    assert tiny_store.define(words) is None


def test_message_fills_placeholders(tiny_store: ContentStore) -> None:
    assert tiny_store.message("no_site_variant", site="lung").count("lung") == 1


@pytest.mark.parametrize(
    ("file", "change", "error"),
    [
        ("topics/symptoms.yml", {"sources": ["S9"]}, "unknown source"),
        ("topics/symptoms.yml", {"related": ["nowhere"]}, "unknown related topic"),
        ("topics/symptoms.yml", {"sources": []}, "at least one source"),
        ("topics/symptoms.yml", {"id": "other"}, "must match the file name"),
        ("topics/symptoms.yml", {"variants": {"elbow": {"answer": "x", "sources": ["S1"]}}},
         "unknown body site"),
    ],
)
def test_bad_content_is_refused_with_the_file_named(
    tiny_content_dir: Path, file: str, change: dict[str, object], error: str
) -> None:
    path = tiny_content_dir / file
    data = yaml.safe_load(path.read_text())
    data.update(change)
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError, match=error) as raised:
        read_content(tiny_content_dir)
    assert file.split("/")[-1].removesuffix(".yml") in str(raised.value)


@pytest.mark.postgres
def test_store_works_on_postgresql(tiny_content_dir: Path, postgres_url: str) -> None:
    sessions = sessionmaker(make_engine(postgres_url), future=True, expire_on_commit=False)
    write_content(read_content(tiny_content_dir), sessions)
    write_content(read_content(tiny_content_dir), sessions)
    assert counts(sessions)["topic"] == 2
    answer = ContentStore(sessions).answer_for_intent("ask_symptoms", "pancreas")
    assert answer is not None and answer.content_id == "symptoms@pancreas"
    assert ContentStore(sessions).define("ki67") is not None


def test_the_repository_content_loads(sqlite_sessions: sessionmaker[Session]) -> None:
    from bot.settings import PROJECT_ROOT

    content = read_content(PROJECT_ROOT / "content")
    write_content(content, sqlite_sessions)
    store = ContentStore(sqlite_sessions)
    for topic in content.topics.values():
        assert store.answer_for_intent(topic.intent) is not None
