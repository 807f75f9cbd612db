"""The Rasa components: create, train, persist, load, process (as rasa-nlu-examples test them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import urgency_classifier
from bot.nlu.urgency_classifier import URGENCY, UrgencyClassifier
from bot.triage import urgency

TRIAGE_YAML = """\
escalate:
  - text: i can't breathe
  - text: my dad collapsed and won't wake up
  - text: crushing chest pain right now
  - text: i'm throwing up lots of blood
not_escalate:
  - text: no chest pain today
  - text: what is a carcinoid tumour
  - text: my aunt once had a stroke years ago
  - text: how is a net diagnosed
"""
EMERGENCY = "he collapsed and can't breathe"
CALM = "what is a net tumour"


@pytest.fixture()
def triage_file(tmp_path: Path) -> Path:
    path = tmp_path / "triage.yml"
    path.write_text(TRIAGE_YAML, encoding="utf-8")
    return path


def _training_data() -> TrainingData:
    examples = [("my wife is having a seizure", "report_emergency"),
                ("what are the warning signs of a crisis", "ask_emergency_signs"),
                ("i get flushing after meals", "report_symptom"),
                ("hello", "greet")]
    return TrainingData([Message(data={"text": text, "intent": intent})
                         for text, intent in examples])


def _context() -> ExecutionContext:
    return ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]


def _config(triage_file: Path, **overrides: Any) -> Dict[str, Any]:
    return {**UrgencyClassifier.get_default_config(), "training_files": [str(triage_file)],
            **overrides}


def _messages(*texts: str) -> List[Message]:
    return [Message(data={"text": text, "intent": {"name": "ask_symptoms", "confidence": 0.8}})
            for text in texts]


def _train_and_reload(tmp_path: Path, config: Dict[str, Any]) -> UrgencyClassifier:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("urgency_classifier")
    component = UrgencyClassifier.create(config, storage, resource, _context())
    assert component.train(_training_data()) == resource
    return UrgencyClassifier.load(config, storage, resource, _context())


def test_round_trip_scores_an_emergency_above_a_question(tmp_path: Path,
                                                         triage_file: Path) -> None:
    loaded = _train_and_reload(tmp_path, _config(triage_file, emergency_threshold=0.5,
                                                 check_threshold=0.3))
    emergency, calm = loaded.process(_messages(EMERGENCY, CALM))
    high, low = emergency.get(URGENCY), calm.get(URGENCY)
    assert high["probability"] > 0.5 > low["probability"]
    assert (high["vote"], low["vote"]) == ("emergency", "none")
    assert URGENCY in emergency.as_dict(only_output_properties=True)


def test_the_intent_is_left_alone(tmp_path: Path, triage_file: Path) -> None:
    loaded = _train_and_reload(tmp_path, _config(triage_file))
    [message] = loaded.process(_messages(EMERGENCY))
    assert message.get("intent") == {"name": "ask_symptoms", "confidence": 0.8}


def test_middle_band_votes_check(tmp_path: Path, triage_file: Path) -> None:
    loaded = _train_and_reload(tmp_path, _config(triage_file, emergency_threshold=1.0,
                                                 check_threshold=0.0))
    [message] = loaded.process(_messages(EMERGENCY))
    assert message.get(URGENCY)["vote"] == "check"


def test_untrained_resource_loads_without_scoring(tmp_path: Path, triage_file: Path) -> None:
    loaded = UrgencyClassifier.load(_config(triage_file), LocalModelStorage(tmp_path),
                                    Resource("never_trained"), _context())
    [message] = loaded.process(_messages(EMERGENCY))
    assert message.get(URGENCY) is None


def test_missing_training_file_is_a_clear_error(tmp_path: Path) -> None:
    component = UrgencyClassifier.create(_config(tmp_path / "nowhere.yml"),
                                         LocalModelStorage(tmp_path), Resource("u"), _context())
    with pytest.raises(InvalidConfigException, match="not found"):
        component.train(_training_data())


@pytest.mark.parametrize("overrides", [{"emergency_threshold": 0.3, "check_threshold": 0.5},
                                       {"emergency_threshold": 1.2, "check_threshold": 0.5},
                                       {"emergency_threshold": 0.5, "check_threshold": -0.1}])
def test_bad_config_is_refused(tmp_path: Path, triage_file: Path,
                               overrides: Dict[str, Any]) -> None:
    with pytest.raises(InvalidConfigException):
        UrgencyClassifier.create(_config(triage_file, **overrides), LocalModelStorage(tmp_path),
                                 Resource("u"), _context())


def test_editing_a_training_file_changes_the_fingerprint(triage_file: Path) -> None:
    config = _config(triage_file)
    before = UrgencyClassifier.fingerprint_addon(config)
    triage_file.write_text(TRIAGE_YAML + "  - text: hello\n", encoding="utf-8")
    assert UrgencyClassifier.fingerprint_addon(config) != before


def test_changing_the_model_settings_changes_the_fingerprint(
        triage_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(triage_file)
    before = UrgencyClassifier.fingerprint_addon(config)
    monkeypatch.setattr(urgency_classifier, "DEFAULT_SETTINGS",
                        urgency.ModelSettings(regularisation=123.0))
    assert UrgencyClassifier.fingerprint_addon(config) != before


def test_defaults_are_the_cross_validated_choice() -> None:
    defaults = UrgencyClassifier.get_default_config()
    assert set(defaults) == {"training_files", "emergency_threshold", "check_threshold"}
    assert (defaults["emergency_threshold"], defaults["check_threshold"]) == (
        urgency.DEFAULT_EMERGENCY_THRESHOLD, urgency.DEFAULT_CHECK_THRESHOLD) == (0.77, 0.30)
    assert all(Path(name).parts[:2] == ("data", "triage") for name in defaults["training_files"])
    assert urgency.ModelSettings(30.0, (1, 2), (2, 5), True) == urgency.DEFAULT_SETTINGS


def test_the_retired_sealed_sets_are_default_training_data() -> None:
    files = UrgencyClassifier.get_default_config()["training_files"]
    retired = {"data/triage/emergency_sealed_1.yml", "data/triage/emergency_sealed_2.yml"}
    assert retired <= set(files)
    assert not any("sealed_3" in name for name in files)
    assert len(files) == len(set(files)) == 5
