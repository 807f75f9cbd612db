"""Urgency data, model and thresholds (bot/triage/urgency.py) and the MiniLM encoder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.triage import embedding
from bot.triage.urgency import (
    NLU_HARD_NEGATIVE,
    NLU_OTHER,
    NLU_POSITIVE,
    TRIAGE_FILES,
    TRIAGE_NEGATIVE,
    TRIAGE_POSITIVE,
    Example,
    UrgencyModel,
    choose_thresholds,
    deduplicate,
    load_triage_examples,
    nlu_examples,
    vote,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_triage_sets_are_training_data() -> None:
    examples = load_triage_examples(ROOT / name for name in TRIAGE_FILES)
    groups = [example.group for example in examples]
    assert groups.count(TRIAGE_POSITIVE) >= 400
    assert groups.count(TRIAGE_NEGATIVE) >= 400
    assert all(example.is_emergency == (example.group == TRIAGE_POSITIVE)
               for example in examples)


def test_nlu_intents_become_positives_hard_and_other_negatives() -> None:
    examples = nlu_examples([("i can't breathe", "report_emergency"),
                             ("what are the warning signs", "ask_emergency_signs"),
                             ("i get flushing", "report_symptom"),
                             ("hello", "greet"), ("", "greet"), ("no intent", None)])
    assert [(ex.is_emergency, ex.group) for ex in examples] == [
        (True, NLU_POSITIVE), (False, NLU_HARD_NEGATIVE), (False, NLU_HARD_NEGATIVE),
        (False, NLU_OTHER)]


def test_deduplicate_keeps_the_first_and_drops_conflicting_labels() -> None:
    examples, conflicts = deduplicate([
        Example("I can't  breathe", True, TRIAGE_POSITIVE),
        Example("i can't breathe", True, NLU_POSITIVE),
        Example("chest pain", True, TRIAGE_POSITIVE),
        Example("Chest pain", False, TRIAGE_NEGATIVE),
    ])
    assert [ex.text for ex in examples] == ["I can't  breathe"]
    assert conflicts == 1


@pytest.mark.parametrize(("probability", "expected"),
                         [(0.9, "emergency"), (0.75, "emergency"), (0.5, "check"),
                          (0.38, "check"), (0.1, "none")])
def test_vote_bands(probability: float, expected: str) -> None:
    assert vote(probability, 0.75, 0.38) == expected


def test_thresholds_respect_the_false_alarm_and_check_limits() -> None:
    negatives = np.linspace(0.0, 0.99, 100)  # one negative per 0.01 step
    positives = np.full(10, 0.995)
    scores = np.concatenate([negatives, positives])
    labels = np.array([False] * 100 + [True] * 10)
    chosen = choose_thresholds(scores, labels, ~labels, max_false_alarms=0.02, max_checks=0.08)
    assert (chosen.emergency, chosen.check) == (0.98, 0.9)
    assert np.mean(negatives >= chosen.emergency) <= 0.02
    assert np.mean((negatives >= chosen.check) & (negatives < chosen.emergency)) <= 0.08


def test_tfidf_model_ranks_an_emergency_above_a_question() -> None:
    texts = ["i can't breathe", "my dad collapsed and won't wake up", "crushing chest pain now",
             "what is a carcinoid tumour", "how is a net diagnosed", "hello there"]
    model = UrgencyModel("tfidf").fit(texts, [True, True, True, False, False, False])
    emergency, question = model.probabilities(["he collapsed and can't breathe",
                                               "what is a net"])
    assert emergency > 0.5 > question


def test_unknown_features_are_refused() -> None:
    with pytest.raises(ValueError, match="features"):
        UrgencyModel("bag_of_words")


def test_embedding_features_need_vectors() -> None:
    model = UrgencyModel("embedding")
    with pytest.raises(ValueError, match="sentence vector"):
        model.fit(["a", "b"], [True, False], None)


# ---------------------------------------------------------------- the MiniLM encoder

@pytest.fixture(scope="module")
def encoder() -> embedding.SentenceEncoder:
    return embedding.shared_encoder()


def test_encoder_matches_the_published_similarities(encoder: embedding.SentenceEncoder) -> None:
    """sentence-transformers' quick-start example for all-MiniLM-L6-v2 prints these cosine
    similarities (0.6660, 0.1046, 0.1411)."""
    vectors = encoder.encode(["The weather is lovely today.", "It's so sunny outside!",
                              "He drove to the stadium."])
    assert vectors.shape == (3, embedding.DIMENSION)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    np.testing.assert_allclose([similarity[0, 1], similarity[0, 2], similarity[1, 2]],
                               [0.6660, 0.1046, 0.1411], atol=2e-3)


def test_encoder_orders_obvious_pairs(encoder: embedding.SentenceEncoder) -> None:
    anchor, close, far = encoder.encode(["I can't breathe", "I am struggling to get any air",
                                         "Where is the hospital car park?"])
    assert anchor @ close > anchor @ far + 0.2


def test_tokenizer_does_not_pad_and_truncates(encoder: embedding.SentenceEncoder) -> None:
    assert len(encoder.token_ids("hello")) == 3  # [CLS] hello [SEP], no padding to 128
    assert len(encoder.token_ids("word " * 1000)) == embedding.MAX_TOKENS


def _copy_model(tmp_path: Path) -> Path:
    source = embedding.packaged_model_dir()
    target = tmp_path / "model"
    target.mkdir()
    for name in ("config.json", embedding.TOKENIZER_FILE):
        shutil.copy(source / name, target / name)
    (target / embedding.WEIGHTS_FILE).symlink_to(source / embedding.WEIGHTS_FILE)
    return target


def test_tampered_weights_are_refused(tmp_path: Path) -> None:
    directory = _copy_model(tmp_path)
    weights = directory / embedding.WEIGHTS_FILE
    weights.unlink()
    data = bytearray((embedding.packaged_model_dir() / embedding.WEIGHTS_FILE).read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(embedding.ModelIntegrityError, match="SHA-256"):
        embedding.SentenceEncoder(directory)


def test_tampered_tokenizer_is_refused(tmp_path: Path) -> None:
    directory = _copy_model(tmp_path)
    tokenizer = directory / embedding.TOKENIZER_FILE
    tokenizer.write_text(tokenizer.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(embedding.ModelIntegrityError, match="refusing"):
        embedding.SentenceEncoder(directory)


def test_missing_weights_say_how_to_install(tmp_path: Path) -> None:
    directory = _copy_model(tmp_path)
    (directory / embedding.WEIGHTS_FILE).unlink()
    with pytest.raises(embedding.ModelIntegrityError, match="make install"):
        embedding.SentenceEncoder(directory)


def test_the_pinned_hashes_match_the_installed_model() -> None:
    directory = embedding.packaged_model_dir()
    assert embedding.file_sha256(directory / embedding.WEIGHTS_FILE) == embedding.WEIGHTS_SHA256
    assert (directory / embedding.WEIGHTS_FILE).stat().st_size == 90_868_376
