"""The benchmark retrains the project model whenever scripts/train would (bench/models.py)."""

from __future__ import annotations

import re

from bench.models import ROOT, _project_extra


def test_the_project_model_hash_covers_what_scripts_train_hashes() -> None:
    hashed = {path.relative_to(ROOT).as_posix() for path in _project_extra()}
    script = (ROOT / "scripts" / "train").read_text()
    named = set(re.findall(r"\b(?:bot|content)/[\w/]+\.(?:py|yml)\b", script))
    folders = re.findall(r"find data ([\w/ ]+?) -type", script.replace("\\\n", " "))[0].split()
    assert named <= hashed
    for folder in folders:
        assert any(path.startswith(folder + "/") for path in hashed), folder
    assert "content/units/about.yml" in hashed and "bot/content/ranking.py" in hashed
