"""`incar cluster`: N `incar serve` workers on consecutive ports, HAProxy in front.

Sandboxes are independent, so the cluster shards by sandbox: HAProxy hashes the sandbox a
request names (deploy/haproxy.cfg says how it finds it) onto one worker, and every request for
that sandbox reaches that worker. The workers listen on loopback only; HAProxy is the way in.

The cluster supervises its children: a worker that exits is started again (its sandboxes start
fresh; HAProxy's health check takes it out meanwhile); one that exits again within
`CRASH_LOOP_S` of its start, or HAProxy exiting, stops the whole cluster. SIGINT/SIGTERM stop
HAProxy first (no new requests), then the workers (their streams end), then the cluster exits.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from types import FrameType

TEMPLATE = Path(__file__).resolve().parent.parent / "deploy" / "haproxy.cfg"
WORKER_HOST = "127.0.0.1"
START_TIMEOUT_S = 60.0  # a cold worker on a loaded machine
CRASH_LOOP_S = 10.0
STOP_TIMEOUT_S = 10.0
POLL_S = 0.2
# Debian installs haproxy in sbin, which a user's PATH often lacks.
HAPROXY_FALLBACKS = ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")


class ClusterError(Exception):
    """The cluster cannot start or keep running; the message says why."""


def render_config(bind: str, worker_ports: Sequence[int], template: Path = TEMPLATE) -> str:
    """deploy/haproxy.cfg with the proxy's `host:port` and one server line per worker."""
    servers = "\n".join(
        f"    server w{i} {WORKER_HOST}:{port}" for i, port in enumerate(worker_ports, 1)
    )
    return Template(template.read_text(encoding="utf-8")).substitute(bind=bind, servers=servers)


def worker_ports(port: int, workers: int) -> list[int]:
    """The proxy takes `port`, the workers the next `workers` ports."""
    return [port + i for i in range(1, workers + 1)]


def busy_ports(host: str, ports: Sequence[int]) -> list[int]:
    """Those of `ports` something already listens on (a worker there would fail to bind, and
    the other server would answer its health check)."""
    busy = []
    for port in ports:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                busy.append(port)
    return busy


def haproxy_path() -> str:
    found = shutil.which("haproxy") or next(
        (p for p in HAPROXY_FALLBACKS if Path(p).exists()), None
    )
    if found is None:
        raise ClusterError(
            "incar cluster needs HAProxy, which is not installed: apt-get install haproxy "
            "(or brew install haproxy)"
        )
    return found


@dataclass
class Worker:
    port: int
    args: list[str]
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0

    def start(self) -> None:
        cmd = [sys.executable, "-m", "app.cli", "serve", "--host", WORKER_HOST]
        cmd += ["--port", str(self.port), *self.args]
        # The worker inherits the environment, so INCAR_* settings apply to every worker.
        self.proc = subprocess.Popen(cmd, cwd=TEMPLATE.parent.parent)
        self.started_at = time.monotonic()


@dataclass
class Cluster:
    host: str
    port: int
    workers: list[Worker]
    haproxy: str
    proxy: subprocess.Popen[bytes] | None = None
    config_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="incar-")))
    stopping: bool = False

    def run(self) -> int:
        """Start everything, supervise until a signal, stop everything; the exit code."""
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            self._start()
            if self.stopping:
                return 0
            return self._supervise()
        except ClusterError as exc:
            if self.stopping:  # children stopped by the same Ctrl-C
                return 0
            print(f"incar cluster: {exc}", file=sys.stderr)
            return 1
        finally:
            self._stop()
            for s, handler in previous.items():
                signal.signal(s, handler)
            shutil.rmtree(self.config_dir, ignore_errors=True)

    def _on_signal(self, _signum: int, _frame: FrameType | None) -> None:
        self.stopping = True

    def _start(self) -> None:
        for worker in self.workers:
            worker.start()
        for worker in self.workers:
            self._wait_healthy(worker.port, worker.proc, f"worker on port {worker.port}")
            if self.stopping:
                return
        config = self.config_dir / "haproxy.cfg"
        # HAProxy reads the port after the last colon, IPv6 hosts included.
        config.write_text(
            render_config(f"{self.host}:{self.port}", [w.port for w in self.workers]),
            encoding="utf-8",
        )
        # -db: stay in the foreground, so this process supervises it like the workers.
        self.proxy = subprocess.Popen([self.haproxy, "-db", "-f", str(config)])
        proxy_host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        self._wait_healthy(self.port, self.proxy, "HAProxy", proxy_host)
        ports = ", ".join(str(w.port) for w in self.workers)
        shown = f"[{self.host}]" if ":" in self.host else self.host
        print(
            f"incar cluster: HAProxy on http://{shown}:{self.port}/ in front of "
            f"{len(self.workers)} worker(s) on {WORKER_HOST} ports {ports}; a sandbox lives in "
            "one worker. Ctrl-C stops all.",
            file=sys.stderr,
            flush=True,
        )

    def _wait_healthy(
        self,
        port: int,
        proc: subprocess.Popen[bytes] | None,
        what: str,
        host: str = WORKER_HOST,
    ) -> None:
        url = f"http://[{host}]:{port}/healthz" if ":" in host else f"http://{host}:{port}/healthz"
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.stopping:
            if proc is None or proc.poll() is not None:
                code = None if proc is None else proc.returncode
                raise ClusterError(f"{what} exited with code {code} while starting")
            try:
                with urllib.request.urlopen(url, timeout=1) as answer:
                    if answer.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise ClusterError(f"{what} did not answer {url} in {START_TIMEOUT_S:g} s")
            time.sleep(0.05)

    def _supervise(self) -> int:
        while True:
            time.sleep(POLL_S)
            if self.stopping:  # a Ctrl-C reaches the whole process group: children exit too
                return 0
            if self.proxy is not None and self.proxy.poll() is not None:
                raise ClusterError(f"HAProxy exited with code {self.proxy.returncode}")
            for worker in self.workers:
                if worker.proc is None or worker.proc.poll() is None:
                    continue
                code = worker.proc.returncode
                if time.monotonic() - worker.started_at < CRASH_LOOP_S:
                    raise ClusterError(
                        f"worker on port {worker.port} exited with code {code} within "
                        f"{CRASH_LOOP_S:g} s of its start"
                    )
                print(
                    f"incar cluster: worker on port {worker.port} exited with code {code}; "
                    "starting it again (its sandboxes start fresh)",
                    file=sys.stderr,
                    flush=True,
                )
                worker.start()

    def _stop(self) -> None:
        """HAProxy first, so no request reaches a stopping worker; then every worker."""
        procs = [self.proxy] + [w.proc for w in self.workers]
        for proc in procs:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for proc in procs:
            if proc is None:
                continue
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run_cluster(
    host: str, port: int, workers: int, serve_args: list[str], print_config: bool
) -> int:
    ports = worker_ports(port, workers)
    if print_config:
        print(render_config(f"{host}:{port}", ports), end="")
        return 0
    if ports[-1] > 65535:
        print(f"incar cluster: ports {port}-{ports[-1]} go past 65535", file=sys.stderr)
        return 2
    try:
        haproxy = haproxy_path()
    except ClusterError as exc:
        print(f"incar cluster: {exc}", file=sys.stderr)
        return 2
    busy = busy_ports(host, [port]) + busy_ports(WORKER_HOST, ports)
    if busy:
        print(
            f"incar cluster: port(s) {', '.join(map(str, busy))} already in use; the cluster "
            f"needs {port}-{ports[-1]} (choose another --port)",
            file=sys.stderr,
        )
        return 2
    cluster = Cluster(host, port, [Worker(p, serve_args) for p in ports], haproxy)
    return cluster.run()
