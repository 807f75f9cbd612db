"""Shared fixtures: tiny content, in-memory SQLite, and the real PostgreSQL server."""

from __future__ import annotations

import os
import textwrap
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.content.db import make_engine
from bot.content.loader import read_content, write_content
from bot.content.store import ContentStore

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"


def service_missing(name: str, error: Exception) -> None:
    """Skip with a visible reason on a laptop; fail under CI=true, where services must run."""
    message = f"{name} is not reachable ({type(error).__name__}: {error})".splitlines()[0]
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI=true requires it")
    pytest.skip(message)


def write_tiny_content(root: Path) -> Path:
    """A minimal but complete content folder: two topics, one variant, one answer unit, one
    term."""
    files = {
        "sources.yml": """
            S1:
              title: "Example Clinic: What is a NET"
              url: https://example.org/net
              reviewed: 2024-06-26
              checked: 2026-12-01
            S2:
              title: "Undated page"
              url: https://example.org/other
              reviewed: null
              checked: 2026-12-01
            """,
        "topics/what_is_net.yml": """
            id: what_is_net
            intent: ask_what_is_net
            title: What is a NET?
            answer: A NET is a tumor that starts in neuroendocrine cells.
            more: These cells act like nerve cells and hormone cells.
            sources: [S1]
            related: [symptoms]
            """,
        "topics/symptoms.yml": """
            id: symptoms
            intent: ask_symptoms
            title: Symptoms
            answer: Many NETs cause no symptoms for a long time.
            sources: [S1, S2]
            related: [what_is_net]
            variants:
              pancreas:
                answer: A pancreatic NET can cause belly pain.
                sources: [S2]
            """,
        "units/treatment.yml": """
            units:
              - id: lanreotide_side_effects
                question: What are the side effects of lanreotide?
                topic: symptoms
                sites: []
                stage: null
                treatments: [lanreotide]
                tests: []
                aspect: side_effects
                examples: [side effects of lanreotide, will lanreotide make me feel sick]
                answer: Lanreotide can cause loose stools, belly pain and gallstones.
                more: Tell your care team about new symptoms.
                sources: [S2]
                related: [what_is_net]
            """,
        "glossary.yml": """
            - key: ki_67
              term: Ki-67
              aliases: [ki67, mib-1]
              definition: A test that shows how fast tumor cells are dividing.
              sources: [S1]
            """,
        "messages.yml": (PROJECT_ROOT / "content" / "messages.yml").read_text(),
    }
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body))
    return root


@pytest.fixture
def tiny_content_dir(tmp_path: Path) -> Path:
    return write_tiny_content(tmp_path / "content")


@pytest.fixture
def sqlite_sessions() -> sessionmaker[Session]:
    return sessionmaker(make_engine("sqlite://"), future=True, expire_on_commit=False)


@pytest.fixture
def tiny_store(tiny_content_dir: Path, sqlite_sessions: sessionmaker[Session]) -> ContentStore:
    write_content(read_content(tiny_content_dir), sqlite_sessions)
    return ContentStore(sqlite_sessions)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the real PostgreSQL server, dropped afterwards."""
    admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 3})
    name = f"net_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        service_missing("PostgreSQL at 127.0.0.1:5432", error)
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
