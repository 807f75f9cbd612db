"""A private PostgreSQL and Redis (so that outages disturb nobody) and the scale-out cluster.

The cluster is `scripts/scale-out` itself: nginx, two Rasa replicas and two action servers on
the private PostgreSQL (tracker and content) and the private Redis (locks).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from tests.e2e.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def _as_postgres(args: List[str]) -> List[str]:
    """PostgreSQL's tools refuse to run as root."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@dataclass
class PrivatePostgres:
    """A throw-away PostgreSQL cluster (initdb in a temp dir, trust auth, a free port)."""

    root: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/net_scale"

    def _ctl(self, *args: str) -> None:
        binary = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]
        subprocess.run(_as_postgres([binary, "-D", str(self.root / "data"), "-w", *args]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60)

    def init(self) -> None:
        initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]
        subprocess.run(_as_postgres([initdb, "-D", str(self.root / "data"), "-A", "trust",
                                     "-U", "postgres", "--no-sync"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.start()

    def start(self) -> None:
        self._ctl("-l", str(self.root / "postgres.log"), "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                  "-c fsync=off -c max_connections=200", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")


@dataclass
class PrivateRedis:
    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.root)],
            stdout=(self.root / "redis.log").open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"],
                             capture_output=True).stdout.strip() != b"PONG":
            if time.monotonic() > deadline:
                raise TimeoutError("private redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def keys(self) -> List[str]:
        out = subprocess.run(["redis-cli", "-p", str(self.port), "--scan"],
                             capture_output=True, text=True, check=True).stdout
        return out.split()


@dataclass
class Reply:
    status: int
    messages: List[Dict[str, Any]]
    request_id: str


@dataclass
class Cluster:
    """`scripts/scale-out` running on the private services."""

    process: subprocess.Popen[bytes]
    workdir: Path
    postgres: PrivatePostgres
    redis: PrivateRedis
    servers: Dict[str, Tuple[int, str]]  # name -> (pid, url), as the script wrote them

    @property
    def url(self) -> str:
        return self.servers["nginx"][1]

    def read_state(self) -> None:
        self.servers = read_state(self.workdir / "cluster.env")

    def say(self, sender: str, message: str, base: str | None = None,
            timeout: float = 60) -> Reply:
        request = urllib.request.Request(
            f"{base or self.url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Reply(response.status, json.loads(response.read()),
                             response.headers.get("X-Request-Id", ""))
        except urllib.error.HTTPError as error:
            body = error.read()
            return Reply(error.code, [json.loads(body)] if body.startswith(b"{") else [],
                         error.headers.get("X-Request-Id", ""))

    def upstream_of(self) -> Dict[str, str]:
        """Request id -> the replica address that served it, from nginx's access log."""
        served: Dict[str, str] = {}
        for line in (self.workdir / "nginx" / "access.log").read_text().splitlines():
            fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
            if "rid" in fields:
                served[fields["rid"]] = fields.get("upstream", "")
        return served

    def log_mark(self) -> Dict[Path, int]:
        return {path: path.stat().st_size for path in self.workdir.glob("*.log")}

    def logs_since(self, mark: Dict[Path, int]) -> str:
        """What the servers logged after ``mark``."""
        parts = []
        for path in sorted(self.workdir.glob("*.log")):
            with path.open("rb") as log:
                log.seek(mark.get(path, 0))
                parts.append(log.read().decode(errors="replace"))
        return "\n".join(parts)


def read_state(path: Path) -> Dict[str, Tuple[int, str]]:
    servers: Dict[str, Tuple[int, str]] = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 3:
            servers[parts[0]] = (int(parts[1]), parts[2])
    return servers


def wait_ready(process: subprocess.Popen[bytes], state: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"scripts/scale-out exited with {process.returncode}")
        if state.exists() and state.read_text().rstrip().endswith("ready"):
            return
        time.sleep(0.5)
    raise TimeoutError(f"scripts/scale-out not ready after {seconds} s")


def require_tools() -> None:
    missing = [tool for tool in ("nginx", "redis-server", "redis-cli", "envsubst")
               if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()]
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        missing.append("PostgreSQL server binaries (initdb)")
    if missing:
        message = f"scale-out tests need {', '.join(missing)}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def services() -> Iterator[Tuple[PrivatePostgres, PrivateRedis]]:
    require_tools()
    root = Path(tempfile.mkdtemp(prefix="net-scale-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    postgres, redis = PrivatePostgres(root), PrivateRedis(root)
    try:
        postgres.init()
        redis.start()
        yield postgres, redis
    finally:
        redis.stop()
        try:
            postgres.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster(services: Tuple[PrivatePostgres, PrivateRedis],
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not (ROOT / "models" / "current").exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    postgres, redis = services
    workdir = tmp_path_factory.mktemp("scale-out")
    # Content on SQLite: a PostgreSQL outage then tests the tracker store alone (with content on
    # the same server, answers during an outage depend on the action-failure reply).
    env = {**os.environ, "TRACKER_DB_URL": postgres.url,
           "CONTENT_DB_URL": f"sqlite:///{workdir / 'content.db'}",
           "REDIS_URL": redis.url, "SCALE_DIR": str(workdir), "REPLICAS": "2",
           # One test client drives every conversation from one address.
           "NGINX_RATE": "10000r/s", "NGINX_BURST": "1000"}
    process = subprocess.Popen([str(ROOT / "scripts" / "scale-out")], cwd=ROOT, env=env,
                               stdout=(workdir / "scale-out.out").open("wb"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_ready(process, workdir / "cluster.env", 300)
        yield Cluster(process, workdir, postgres, redis, read_state(workdir / "cluster.env"))
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
