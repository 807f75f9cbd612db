"""The two assistants under test, trained once per content hash.

``project``: this repository's config, domain and data. ``stock``: the same domain and data
with the ``config.yml`` that ``rasa init`` writes (Rasa's default pipeline and policies: DIET,
ResponseSelector, Memoization, Rule, UnexpecTED and TED), generated into ``build/bench/stock``.
Models are cached in ``build/bench/models`` under a hash of everything they are made of, with
the training time next to them, so re-runs do not retrain.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bench"
MODELS = BUILD / "models"
STOCK = BUILD / "stock"
RASA = str(Path(sys.executable).parent / "rasa")


@dataclass(frozen=True)
class Model:
    name: str
    path: Path
    train_seconds: float
    size_bytes: int


def rasa_env() -> dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def stock_config_source() -> Path:
    import rasa

    return Path(rasa.__file__).parent / "cli" / "initial_project" / "config.yml"


def generate_stock() -> Path:
    """Write the stock assistant: `rasa init`'s config with this project's domain and data."""
    if STOCK.exists():
        shutil.rmtree(STOCK)
    STOCK.mkdir(parents=True)
    shutil.copy(stock_config_source(), STOCK / "config.yml")
    shutil.copy(ROOT / "domain.yml", STOCK / "domain.yml")
    shutil.copytree(ROOT / "data", STOCK / "data")
    return STOCK


def _files(workdir: Path, extra: List[Path]) -> List[Path]:
    found = [workdir / "config.yml", workdir / "domain.yml",
             *sorted((workdir / "data").rglob("*.yml"))]
    return found + extra


def content_hash(files: List[Path]) -> str:
    import rasa

    digest = hashlib.sha256(rasa.__version__.encode())
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _project_extra() -> List[Path]:
    # the same inputs as scripts/train: the answer-unit ranker trains on content/ units, topics
    # and tags, with the code that reads and ranks them
    extra = [ROOT / "constraints.txt", ROOT / "bot" / "spacy_pipeline.py",
             ROOT / "content" / "tags.yml", ROOT / "bot" / "content" / "ranking.py",
             ROOT / "bot" / "content" / "loader.py"]
    for folder in ("bot/nlu", "bot/triage", "content/units", "content/topics"):
        extra += sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".yml"})
    return extra


def trained(name: str, log: Path) -> Model:
    """The cached model for ``name`` ("project" or "stock"), training it when missing."""
    workdir = ROOT if name == "project" else generate_stock()
    files = _files(workdir, _project_extra() if name == "project" else [])
    fixed = f"{name}-{content_hash(files)}"
    path = MODELS / f"{fixed}.tar.gz"
    meta = MODELS / f"{fixed}.json"
    if not (path.exists() and meta.exists()):
        MODELS.mkdir(parents=True, exist_ok=True)
        print(f"==> training the {name} model (cached afterwards as {path.name})", flush=True)
        started = time.monotonic()
        with log.open("wb") as out:
            subprocess.run([RASA, "train", "--config", "config.yml", "--domain", "domain.yml",
                            "--data", "data", "--out", str(MODELS), "--fixed-model-name", fixed],
                           cwd=workdir, env=rasa_env(), stdout=out, stderr=subprocess.STDOUT,
                           check=True)
        meta.write_text(json.dumps({"train_seconds": time.monotonic() - started}))
    seconds = float(json.loads(meta.read_text())["train_seconds"])
    return Model(name, path, seconds, path.stat().st_size)


if __name__ == "__main__":
    BUILD.mkdir(parents=True, exist_ok=True)
    for which in sys.argv[1:] or ["project", "stock"]:
        model = trained(which, BUILD / f"train-{which}.log")
        print(f"{model.name}: {model.path} ({model.train_seconds:.0f} s, {model.size_bytes} B)")
