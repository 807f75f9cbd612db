"""Choose the FallbackClassifier threshold from cross-validation predictions.

Run after `compare.py` (which keeps each candidate's predictions in build/cv/<name>/):
    .venv/bin/python nlu_pipelines/threshold.py build/cv/<name>

For each threshold it shows how many predictions would be answered and how many of those are
right. A wrong answer costs as much as a right one gains, so the chosen threshold is the one
that maximises (right answers - wrong answers) among the answered messages; below it the
assistant asks "did you mean ...?" instead of guessing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    folder = Path(sys.argv[1])
    predictions = [
        (float(p["intent_prediction"]["confidence"]), p["intent"] == p["intent_prediction"]["name"])
        for name in ("intent_successes.json", "intent_errors.json")
        for p in json.loads((folder / name).read_text())
    ]
    best = (float("-inf"), 0.0)
    print("threshold  answered  right-among-answered")
    for step in range(0, 80, 5):
        threshold = step / 100
        answered = [right for confidence, right in predictions if confidence >= threshold]
        score = sum(1 if right else -1 for right in answered)
        accuracy = sum(answered) / len(answered) if answered else 0.0
        print(f"{threshold:9.2f}  {len(answered):8d}  {accuracy:20.3f}")
        best = max(best, (score, threshold))
    print(f"chosen threshold: {best[1]:.2f}")


if __name__ == "__main__":
    main()
