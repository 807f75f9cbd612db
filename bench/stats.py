"""Small, tested helpers: percentiles, load summaries, ratios, and /proc memory figures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation (numpy's default method)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class LoadSummary:
    """What one load phase produced: latencies in seconds of answered requests, errors, time."""

    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float
    p99: float

    @property
    def throughput(self) -> float:
        """Answered requests per second."""
        return self.requests / self.seconds if self.seconds > 0 else math.nan


def summarize(latencies: Sequence[float], errors: int, seconds: float) -> LoadSummary:
    return LoadSummary(len(latencies), errors, seconds, percentile(latencies, 50),
                       percentile(latencies, 95), percentile(latencies, 99))


def ratio(ours: float, theirs: float) -> float:
    """``ours / theirs``; NaN when either is missing or ``theirs`` is zero."""
    if theirs == 0 or math.isnan(ours) or math.isnan(theirs):
        return math.nan
    return ours / theirs


def status_kib(status_text: str, field: str) -> int:
    """A ``kB`` field (``VmHWM``, ``VmRSS``) of a /proc/<pid>/status text; 0 when absent."""
    for line in status_text.splitlines():
        name, _, value = line.partition(":")
        if name == field:
            return int(value.split()[0])
    return 0


def children(pid: int, proc: Path = Path("/proc")) -> List[int]:
    """``pid`` and all its descendants, from /proc/<pid>/task/*/children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in (proc / str(current) / "task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:
                continue
    return found


def tree_peak_mib(pid: int, proc: Path = Path("/proc")) -> float:
    """Sum of the peak resident set (VmHWM) of ``pid`` and its descendants, in MiB."""
    total = 0
    for member in children(pid, proc):
        try:
            total += status_kib((proc / str(member) / "status").read_text(), "VmHWM")
        except OSError:
            continue
    return total / 1024


def turn_latencies(latencies: Sequence[float], turns: Iterable[int],
                   window: int) -> Dict[int, float]:
    """Median latency around each 1-based turn: turns ``t - window + 1 .. t`` (at least turn 1)."""
    result = {}
    for turn in turns:
        start = max(0, turn - window)
        chunk = latencies[start:turn]
        result[turn] = percentile(chunk, 50) if chunk else math.nan
    return result
