"""The held-out NLU set shares no sentence with the training data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Set

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def sentences(path: Path) -> Set[str]:
    found = set()
    for item in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
        for line in str(item.get("examples", "")).splitlines():
            text = re.sub(r"\]\{[^}]*\}|\]\([^)]*\)", "", line.strip().lstrip("- "))
            text = text.replace("[", "")
            if text:
                found.add(re.sub(r"\W+", " ", text.lower()).strip())
    return found


@pytest.mark.parametrize("name", ["heldout.yml", "heldout_fresh.yml"])
def test_no_held_out_sentence_is_in_training(name: str) -> None:
    training = set().union(*(sentences(p) for p in (ROOT / "data" / "nlu").glob("*.yml")))
    overlap = sentences(ROOT / "tests" / "nlu" / name) & training
    assert not overlap, sorted(overlap)
