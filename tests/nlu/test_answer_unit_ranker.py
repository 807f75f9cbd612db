"""AnswerUnitRanker: create, train, persist, load and process (one component, one module)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.content.ranking import TOPIC_WEIGHT, Document, UnitIndex, stages_named
from bot.nlu.answer_unit_ranker import ALTERNATIVES, ANSWER_UNIT, ANSWER_UNITS, AnswerUnitRanker


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def _config(content_dir: Path) -> Dict[str, Any]:
    return {**AnswerUnitRanker.get_default_config(), "content_dir": str(content_dir)}


def _trained(tiny_content_dir: Path, storage: LocalModelStorage) -> AnswerUnitRanker:
    resource = Resource("ranker")
    ranker = AnswerUnitRanker.create(_config(tiny_content_dir), storage, resource,
                                     ExecutionContext(None, "test"))  # type: ignore[arg-type]
    ranker.train(TrainingData([
        Message(data={"text": "what is a net", "intent": "ask_what_is_net"}),
        Message(data={"text": "what are the symptoms", "intent": "ask_symptoms"}),
        Message(data={"text": "hello", "intent": "greet"}),
    ]))
    return AnswerUnitRanker.load(_config(tiny_content_dir), storage, resource,
                                 ExecutionContext(None, "test"))  # type: ignore[arg-type]


def _message(text: str, intent: str) -> Message:
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.4}})


def test_a_confident_unit_sets_the_answer_unit_and_its_topic_intent(
        tiny_content_dir: Path, storage: LocalModelStorage) -> None:
    ranker = _trained(tiny_content_dir, storage)
    [message] = ranker.process([_message("lanreotide side effects?", "nlu_fallback")])
    assert message.get(ANSWER_UNITS)[0]["id"] == "lanreotide_side_effects"
    assert message.get(ANSWER_UNIT)["id"] == "lanreotide_side_effects"
    assert message.get("intent")["name"] == "ask_symptoms"
    assert ANSWER_UNITS in message.output_properties


@pytest.mark.parametrize("intent", ["report_emergency", "report_symptom", "greet",
                                    "express_fear"])
def test_safety_and_dialogue_intents_are_never_replaced(
        tiny_content_dir: Path, storage: LocalModelStorage, intent: str) -> None:
    ranker = _trained(tiny_content_dir, storage)
    [message] = ranker.process([_message("lanreotide side effects", intent)])
    assert message.get("intent")["name"] == intent and message.get(ANSWER_UNIT) is None


def test_out_of_scope_is_answered_only_when_an_answer_matches_well(
        tiny_content_dir: Path, storage: LocalModelStorage) -> None:
    ranker = _trained(tiny_content_dir, storage)
    [clear] = ranker.process([_message("lanreotide side effects?", "out_of_scope")])
    assert clear.get(ANSWER_UNITS)[0]["score"] >= ranker.out_of_scope_threshold
    assert clear.get("intent")["name"] == "ask_symptoms"
    assert clear.get("intent_before_ranking") == "out_of_scope"
    [weak] = ranker.process([_message("what's the weather like in side town", "out_of_scope")])
    assert weak.get("intent")["name"] == "out_of_scope" and weak.get(ANSWER_UNIT) is None


def test_a_topic_question_keeps_the_intent(
        tiny_content_dir: Path, storage: LocalModelStorage) -> None:
    ranker = _trained(tiny_content_dir, storage)
    [message] = ranker.process([_message("what is a net", "ask_what_is_net")])
    assert message.get(ANSWER_UNITS)[0]["id"] == "topic:what_is_net"
    assert message.get(ANSWER_UNIT) is None


def test_without_a_trained_index_messages_pass_unchanged(
        tiny_content_dir: Path, storage: LocalModelStorage) -> None:
    ranker = AnswerUnitRanker.load(_config(tiny_content_dir), storage, Resource("missing"),
                                   ExecutionContext(None, "test"))  # type: ignore[arg-type]
    [message] = ranker.process([_message("lanreotide", "nlu_fallback")])
    assert message.get(ANSWER_UNITS) is None


def test_editing_content_changes_the_fingerprint(tiny_content_dir: Path) -> None:
    before = AnswerUnitRanker.fingerprint_addon(_config(tiny_content_dir))
    unit_file = tiny_content_dir / "units" / "treatment.yml"
    unit_file.write_text(unit_file.read_text().replace("gallstones", "tiredness"))
    assert AnswerUnitRanker.fingerprint_addon(_config(tiny_content_dir)) != before


def test_changing_the_ranking_code_changes_the_fingerprint(
        tiny_content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.content import ranking

    before = AnswerUnitRanker.fingerprint_addon(_config(tiny_content_dir))
    changed = tmp_path / "ranking.py"
    changed.write_text(Path(ranking.__file__).read_text() + "\n# changed\n")
    monkeypatch.setattr(ranking, "__file__", str(changed))
    assert AnswerUnitRanker.fingerprint_addon(_config(tiny_content_dir)) != before


def test_the_index_scores_the_best_documents_of_each_label() -> None:
    index = UnitIndex().fit([Document("a", "side effects of lanreotide"),
                             Document("a", "gallstones"), Document("b", "what is a net")])
    ranking = index.rank("lanreotide side effects")
    # "a" has 2 documents: the mean of its best ceil(sqrt(2)) = 2
    assert [r.label for r in ranking] == ["a", "b"] and 0.3 < ranking[0].score < 0.7
    assert index.rank("   ") == []
    with pytest.raises(ValueError):
        UnitIndex().fit([])


def test_a_named_treatment_lifts_the_units_tagged_with_it() -> None:
    docs = [Document("drug", "how is it given"), Document("other", "how is it given ok")]
    plain = UnitIndex().fit(docs).rank("how is sandostatin given")
    tagged = UnitIndex().fit(docs, {"drug": ["octreotide"]},
                             {"octreotide": ["sandostatin"]}).rank("how is sandostatin given")
    assert tagged[0].label == "drug"
    assert tagged[0].score > next(r.score for r in plain if r.label == "drug")


def test_the_tests_a_unit_names_do_not_dilute_its_treatment() -> None:
    docs = [Document("follow_up", "after surgery"), Document("recovery", "after surgery")]
    words = {"surgery": ["surgery"], "ct_scan": ["ct"], "mri": ["mri"]}
    index = UnitIndex().fit(docs, {"follow_up": ["surgery"], "recovery": ["surgery"]}, words,
                            label_tests={"follow_up": ["ct_scan", "mri"]})
    follow_up, recovery = sorted(index.rank("after surgery"), key=lambda r: r.label)
    assert follow_up.score == pytest.approx(recovery.score)
    # all in one list, the two scans would share out the surgery bonus three ways
    mixed = UnitIndex().fit(docs, {"follow_up": ["surgery", "ct_scan", "mri"],
                                   "recovery": ["surgery"]}, words)
    assert mixed.rank("after surgery")[0].label == "recovery"
    # a named test lifts the unit that names it
    assert index.rank("after surgery, a ct")[0].label == "follow_up"


def test_a_named_site_or_stage_lifts_the_units_about_it() -> None:
    docs = [Document("liver", "how is it treated"), Document("general", "how is it treated")]
    index = UnitIndex().fit(docs, label_sites={"liver": ["liver"]},
                            label_stages={"general": "spread"})
    assert index.rank("how is it treated", sites=["liver"])[0].label == "liver"
    assert index.rank("how is stage 4 treated")[0].label == "general"
    assert index.rank("how is it treated", sites=["lung"])[0].score == pytest.approx(
        index.rank("how is it treated")[0].score)


def test_stage_words() -> None:
    assert stages_named("what's the survival rate for stage 4") == {"spread"}
    assert stages_named("it has spread to his liver") == {"spread"}
    assert stages_named("it hasn't spread, is it curable") == {"localised"}
    assert stages_named("is it curable") == frozenset()


def test_a_unit_beats_its_topic_when_they_match_alike() -> None:
    docs = [Document("topic:what_is_net", "is it cancer"),
            Document("is_net_cancer", "is it cancer")]
    ranking = UnitIndex().fit(docs).rank("is it cancer")
    assert ranking[0].label == "is_net_cancer"
    assert ranking[1].score == pytest.approx(ranking[0].score * TOPIC_WEIGHT, abs=1e-3)


def test_a_weak_match_after_the_fallback_keeps_the_fallback(
        tiny_content_dir: Path, storage: LocalModelStorage) -> None:
    ranker = _trained(tiny_content_dir, storage)
    ranker.fallback_threshold = 0.99
    [message] = ranker.process([_message("lanreotide side effects?", "nlu_fallback")])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get(ANSWER_UNIT)["id"] == "lanreotide_side_effects"


def test_a_knowledge_intent_is_kept_and_the_unit_is_named(
        tiny_content_dir: Path, storage: LocalModelStorage) -> None:
    ranker = _trained(tiny_content_dir, storage)
    [message] = ranker.process([_message("lanreotide side effects", "ask_what_is_net")])
    assert message.get("intent")["name"] == "ask_what_is_net"
    assert message.get(ANSWER_UNIT)["id"] == "lanreotide_side_effects"
    assert message.get(ALTERNATIVES) is None or "lanreotide_side_effects" in message.get(
        ALTERNATIVES)
