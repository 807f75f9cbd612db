"""The benchmark's arithmetic: percentiles, summaries, ratios, /proc parsing, turn windows."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.stats import (
    children,
    percentile,
    ratio,
    status_kib,
    summarize,
    tree_peak_mib,
    turn_latencies,
)


@given(st.lists(st.floats(0, 1e4), min_size=1, max_size=200), st.floats(0, 100))
def test_percentile_matches_numpy(values: list[float], q: float) -> None:
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)), abs=1e-6)


def test_percentile_of_nothing_is_nan() -> None:
    assert math.isnan(percentile([], 50))


def test_summary_and_throughput() -> None:
    summary = summarize([0.1, 0.2, 0.3, 0.4], errors=1, seconds=2.0)
    assert (summary.requests, summary.errors) == (4, 1)
    assert summary.p50 == pytest.approx(0.25)
    assert summary.throughput == pytest.approx(2.0)


def test_ratio() -> None:
    assert ratio(1.0, 4.0) == 0.25
    assert math.isnan(ratio(1.0, 0.0))
    assert math.isnan(ratio(math.nan, 1.0))


def test_status_fields() -> None:
    text = "Name:\tpython\nVmPeak:\t  900 kB\nVmHWM:\t  51200 kB\nVmRSS:\t 40000 kB\n"
    assert status_kib(text, "VmHWM") == 51200
    assert status_kib(text, "VmSwap") == 0


def test_process_tree_from_proc(tmp_path: Path) -> None:
    for pid, kib, kids in ((10, 1024, "11 12"), (11, 2048, "13"), (12, 512, ""), (13, 512, "")):
        (tmp_path / str(pid) / "task" / str(pid)).mkdir(parents=True)
        (tmp_path / str(pid) / "task" / str(pid) / "children").write_text(kids)
        (tmp_path / str(pid) / "status").write_text(f"VmHWM:\t{kib} kB\n")
    assert sorted(children(10, tmp_path)) == [10, 11, 12, 13]
    assert tree_peak_mib(10, tmp_path) == pytest.approx(4.0)
    assert tree_peak_mib(os.getpid()) > 0  # the real /proc


def test_turn_windows() -> None:
    latencies = [1.0, 3.0, 2.0] + [5.0] * 7 + [10.0] * 10
    marks = turn_latencies(latencies, [3, 20], window=3)
    assert marks == {3: 2.0, 20: 10.0}
