"""Answer units: loaded and checked from content/units, read back from the store."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.content.loader import ContentError, counts, read_content, write_content
from bot.content.store import ContentStore

UNIT_FILE = Path("units") / "treatment.yml"


def edit_unit(content_dir: Path, **changes: object) -> None:
    path = content_dir / UNIT_FILE
    data = yaml.safe_load(path.read_text())
    data["units"][0].update(changes)
    path.write_text(yaml.safe_dump(data))


def test_a_unit_answers_with_its_sources_and_links(tiny_store: ContentStore) -> None:
    answer = tiny_store.answer_for_unit("lanreotide_side_effects")
    assert answer is not None
    assert answer.content_id == "lanreotide_side_effects" and answer.topic_id == "symptoms"
    assert answer.title == "What are the side effects of lanreotide?"
    assert answer.sources == ("Undated page, https://example.org/other",)
    assert [(link.title, link.payload) for link in answer.related] == [
        ("What is a NET?", "/ask_what_is_net")]
    assert tiny_store.answer_for_unit("no_such_unit") is None


def test_a_unit_link_asks_its_question(tiny_store: ContentStore) -> None:
    link = tiny_store.unit_link("lanreotide_side_effects")
    assert link is not None and link.payload == "What are the side effects of lanreotide?"
    assert tiny_store.text_of("lanreotide_side_effects").startswith("Lanreotide can cause")


def test_removed_units_leave_the_store(
        tiny_content_dir: Path, sqlite_sessions: sessionmaker[Session]) -> None:
    write_content(read_content(tiny_content_dir), sqlite_sessions)
    (tiny_content_dir / UNIT_FILE).write_text("units: []\n")
    write_content(read_content(tiny_content_dir), sqlite_sessions)
    assert counts(sqlite_sessions)["answer_unit"] == 0


@pytest.mark.parametrize(("changes", "error"), [
    ({"topic": "weather"}, "unknown topic"),
    ({"aspect": "gossip"}, "unknown aspect"),
    ({"sites": ["elbow"]}, "unknown sites"),
    ({"stage": "stage 9"}, "'stage'"),
    ({"answer": "word " * 121}, "121 words"),
    ({"examples": []}, "'examples'"),
    ({"sources": ["S99"]}, "unknown source"),
    ({"related": ["nowhere"]}, "unknown related"),
    ({"id": "symptoms"}, "used twice"),
])
def test_bad_units_are_refused_with_the_reason(
        tiny_content_dir: Path, changes: dict[str, object], error: str) -> None:
    edit_unit(tiny_content_dir, **changes)
    with pytest.raises(ContentError, match=error):
        read_content(tiny_content_dir)


def test_the_real_units_load() -> None:
    content = read_content(Path(__file__).resolve().parents[2] / "content")
    assert len(content.units) >= 40
    assert all(unit.sources for unit in content.units.values())
