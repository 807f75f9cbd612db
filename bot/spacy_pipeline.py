"""Build the project's own spaCy pipeline: blank English plus a lookup lemmatizer.

No model is downloaded: the lemma table ships in the ``spacy-lookups-data`` package from PyPI.
Rasa's ``SpacyNLP`` loads the result from a path (see ``config.yml``).
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

PIPELINE_NAME = "en_net_lookup"


def build() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lemma lookup table from spacy-lookups-data
    nlp.meta["name"] = PIPELINE_NAME.removeprefix("en_")
    nlp.meta["description"] = "Blank English with a lookup lemmatizer, built by the NET assistant"
    return nlp


def save(target: Path) -> Path:
    """Write the pipeline to ``target`` (replacing what is there) and return the path."""
    nlp = build()
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target
