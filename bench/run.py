"""`make bench`: this assistant against stock Rasa 3.6, measured side by side in one run.

Both assistants are served the same way (`rasa run`, REST channel, their own copy of this
project's action server, SQL tracker store on a fresh SQLite file, in-memory lock store) on this
machine, and every load phase runs on both, alternating which goes first, so the ratios are fair
even when the machine is busy. Writes `bench/results.md`, `bench/latency_vs_concurrency.png` and
`build/bench/results.json`. `--quick` runs short phases (about 5 minutes once models are cached).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Sequence

from bench import load
from bench.models import BUILD, RASA, ROOT, Model, rasa_env, trained
from bench.stats import summarize, tree_peak_mib

PEERS = ("project", "stock")
LEVELS = (8, 32, 64)


@dataclass(frozen=True)
class Plan:
    single_messages: int
    phase_seconds: float
    long_turns: int
    long_window: int = 10


FULL = Plan(single_messages=200, phase_seconds=45, long_turns=200)
QUICK = Plan(single_messages=40, phase_seconds=10, long_turns=60)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}; see its log")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise TimeoutError(f"{url} not ready after {seconds} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class Stack:
    """One assistant: its action server and its Rasa server."""

    name: str
    model: Model
    workdir: Path
    env: Dict[str, str]
    endpoints: Path
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    actions: subprocess.Popen[bytes] | None = None
    rasa: subprocess.Popen[bytes] | None = None
    ready_seconds: float = math.nan

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def _start(self, args: List[str], log: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(args, cwd=ROOT, env=self.env, start_new_session=True,
                                stdout=(self.workdir / log).open("wb"), stderr=subprocess.STDOUT)

    def start_actions(self) -> None:
        self.env["ACTION_SERVER_URL"] = f"http://127.0.0.1:{self.actions_port}/webhook"
        self.actions = self._start([RASA, "run", "actions", "--actions", "actions", "--port",
                                    str(self.actions_port)], f"{self.name}-actions.log")

    def start_rasa(self) -> None:
        assert self.actions is not None
        wait_ready(f"http://127.0.0.1:{self.actions_port}/health", self.actions)
        started = time.monotonic()
        self.rasa = self._start([RASA, "run", "--model", str(self.model.path), "--interface",
                                 "127.0.0.1", "--port", str(self.rasa_port), "--endpoints",
                                 str(self.endpoints), "--credentials",
                                 str(self.workdir / "credentials.yml")], f"{self.name}-rasa.log")
        wait_ready(f"http://127.0.0.1:{self.rasa_port}/", self.rasa)
        self.ready_seconds = time.monotonic() - started

    def memory(self) -> Dict[str, float]:
        assert self.rasa is not None and self.actions is not None
        return {"rasa_mib": tree_peak_mib(self.rasa.pid),
                "actions_mib": tree_peak_mib(self.actions.pid)}

    def stop(self) -> None:
        for process in (self.rasa, self.actions):
            if process is not None:
                stop(process)


def make_stacks(models: Dict[str, Model], workdir: Path) -> Dict[str, Stack]:
    (workdir / "credentials.yml").write_text("rest:\n")
    base = {**rasa_env(), "NET_DATA_DIR": str(workdir)}
    base.pop("REDIS_URL", None)
    base["CONTENT_DB_URL"] = os.environ.get("CONTENT_DB_URL") or \
        f"sqlite:///{ROOT / 'var' / 'content.db'}"
    project = Stack("project", models["project"], workdir,
                    {**base, "TRACKER_DB_URL": f"sqlite:///{workdir / 'project-tracker.db'}"},
                    ROOT / "endpoints.yml")
    stock_endpoints = workdir / "stock-endpoints.yml"
    stock_endpoints.write_text(
        "action_endpoint:\n  url: ${ACTION_SERVER_URL}\n"
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {workdir / 'stock-tracker.db'}\n")
    stock = Stack("stock", models["stock"], workdir, dict(base), stock_endpoints)
    return {"project": project, "stock": stock}


def heldout_messages() -> List[str]:
    """The held-out sentences (no "forget me", which would end the conversation), shuffled."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_data(str(ROOT / "tests" / "nlu" / "heldout.yml")).nlu_examples
    texts = [e.get("text") for e in examples if e.get("intent") != "request_forget_me"]
    random.Random(7).shuffle(texts)
    return texts


def machine() -> Dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(mem_kib / 2**20, 1),
            "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "load": os.getloadavg()[0],
            "python": platform.python_version()}


def nlu(models: Dict[str, Model]) -> Dict[str, Dict[str, Any]]:
    results = {}
    for name, model in models.items():
        print(f"==> NLU held-out evaluation: {name}", flush=True)
        out = subprocess.run([sys.executable, "-m", "bench.nlu_eval", str(model.path),
                              str(ROOT / "tests" / "nlu" / "heldout.yml")], cwd=ROOT,
                             env=rasa_env(), capture_output=True, text=True, check=True)
        line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH-JSON "))
        results[name] = json.loads(line.split(" ", 1)[1])
    return results


def load_phases(stacks: Dict[str, Stack], plan: Plan, messages: Sequence[str]) -> Dict[str, Any]:
    results: Dict[str, Any] = {name: {} for name in PEERS}
    order = list(PEERS)
    for stack in stacks.values():  # warm-up, not counted
        asyncio.run(load.sequential(stack.url, messages, 5, tag="warm"))

    def each(label: str, run: Any) -> None:
        for name in order:
            print(f"==> {label}: {name}", flush=True)
            results[name][label] = run(stacks[name])
        order.reverse()

    each("single", lambda s: asdict(summarize(*_unpack(asyncio.run(
        load.sequential(s.url, messages, plan.single_messages))))))
    for users in LEVELS:
        each(f"users{users}", lambda s, u=users: asdict(summarize(*_unpack(asyncio.run(
            load.run_users(s.url, messages, u, plan.phase_seconds))))))
    each("long", lambda s: asyncio.run(load.long_conversation(s.url, messages, plan.long_turns)))
    return results


def _unpack(record: load.Record) -> tuple[List[float], int, float]:
    return record.latencies, record.errors, record.seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short phases (a smoke run)")
    parser.add_argument("--long-turns", type=int, help="turns of the long conversation")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--baseline", choices=PEERS, default="stock",
                        help="what to compare with: stock Rasa, or this project run differently "
                        "(an ablation: with --baseline-env / --baseline-endpoints)")
    parser.add_argument("--baseline-env", action="append", default=[], metavar="NAME=VALUE",
                        help="environment of the baseline's servers, e.g. NET_TRACKER_KEEP_TURNS=0")
    parser.add_argument("--baseline-endpoints", help="endpoints file of the baseline")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.long_turns:
        plan = Plan(plan.single_messages, plan.phase_seconds, args.long_turns, plan.long_window)
    started = time.monotonic()
    BUILD.mkdir(parents=True, exist_ok=True)
    models = {"project": trained("project", BUILD / "train-project.log"),
              "stock": trained(args.baseline, BUILD / f"train-{args.baseline}.log")}
    workdir = BUILD / "run"
    if workdir.exists():
        for old in workdir.iterdir():
            old.unlink()
    workdir.mkdir(exist_ok=True)
    stacks = make_stacks(models, workdir)
    if args.baseline == "project":  # an ablation: the "stock" slot runs this project differently
        stacks["stock"].endpoints = Path(args.baseline_endpoints or ROOT / "endpoints.yml")
        stacks["stock"].env["TRACKER_DB_URL"] = f"sqlite:///{workdir / 'stock-tracker.db'}"
    stacks["stock"].env.update(dict(pair.split("=", 1) for pair in args.baseline_env))
    messages = heldout_messages()
    results: Dict[str, Any] = {"machine": machine(), "plan": asdict(plan), "quick": args.quick,
                               "baseline": " ".join([args.baseline, *args.baseline_env,
                                                     args.baseline_endpoints or ""]).strip()}
    try:
        for stack in stacks.values():
            stack.start_actions()
        for name in PEERS:  # one at a time, so start-up does not compete with the other
            print(f"==> starting {name}", flush=True)
            stacks[name].start_rasa()
        results["load"] = load_phases(stacks, plan, messages)
        results["memory"] = {name: stack.memory() for name, stack in stacks.items()}
    finally:
        for stack in stacks.values():
            stack.stop()
    results["ready_seconds"] = {name: stack.ready_seconds for name, stack in stacks.items()}
    results["models"] = {name: {"train_seconds": m.train_seconds, "size_bytes": m.size_bytes,
                                "file": m.path.name} for name, m in models.items()}
    results["nlu"] = nlu(models if args.baseline == "stock" else {"project": models["project"]})
    results["nlu"].setdefault("stock", results["nlu"]["project"])
    results["bench_seconds"] = time.monotonic() - started
    out = Path(args.out)
    (BUILD / f"{out.stem}.json").write_text(json.dumps(results, indent=2))
    from bench.report import plot, write_markdown

    plot_name = f"{out.stem.replace('results', 'latency_vs_concurrency')}.png"
    plot(results, out.parent / plot_name)
    out.write_text(write_markdown(results, plan, plot_name))
    print(out.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
