"""Held-out intent macro-F1 and per-message parse latency of one model, as `rasa test nlu` scores.

`python -m bench.nlu_eval MODEL HELDOUT` prints one JSON object. Each message is parsed the way
`rasa test nlu` does it (a FallbackClassifier prediction is undone so the intent underneath is
scored), and the parse is timed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any, Dict, List

from bench.stats import percentile


async def evaluate(model: str, heldout: str) -> Dict[str, Any]:
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from rasa.model_testing import get_evaluation_metrics
    from rasa.nlu.classifiers import fallback_classifier
    from rasa.shared.nlu.training_data.loading import load_data

    started = time.monotonic()
    agent = Agent.load(model)
    load_seconds = time.monotonic() - started
    assert agent.processor is not None
    examples = [e for e in load_data(heldout).nlu_examples if e.get("intent")]
    targets: List[str] = []
    predictions: List[str] = []
    latencies: List[float] = []
    await agent.processor.parse_message(UserMessage(text="hello"))  # warm-up, not counted
    for example in examples:
        began = time.perf_counter()
        result = await agent.processor.parse_message(UserMessage(text=example.get("text")),
                                                     only_output_properties=False)
        latencies.append(time.perf_counter() - began)
        if fallback_classifier.is_fallback_classifier_prediction(result):
            result = fallback_classifier.undo_fallback_prediction(result)
        targets.append(example.get("intent"))
        predictions.append((result.get("intent") or {}).get("name") or "")
    report, _, _, accuracy = get_evaluation_metrics(targets, predictions, output_dict=True)
    assert isinstance(report, dict)
    return {"examples": len(examples), "macro_f1": report["macro avg"]["f1-score"],
            "accuracy": accuracy, "parse_p50": percentile(latencies, 50),
            "parse_p95": percentile(latencies, 95), "parse_mean": sum(latencies) / len(latencies),
            "load_seconds": load_seconds}


if __name__ == "__main__":
    print("BENCH-JSON " + json.dumps(asyncio.run(evaluate(sys.argv[1], sys.argv[2]))))
