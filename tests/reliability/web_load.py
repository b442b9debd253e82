"""Start ``storydesk serve`` on 127.0.0.1 and drive it with a bounded local load.

Shared by tests/reliability/test_web_concurrency.py and bench/bench_web_load.py.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

from tests.reliability.store_checks import start


def free_port() -> int:
    """Return a port nothing listens on right now (on 127.0.0.1)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: str, timeout: float = 120) -> Iterator[str]:
    """Run ``storydesk serve --db db`` on a free loopback port; yield its base URL."""
    port = free_port()
    proc = start(["-m", "storydesk.cli", "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"storydesk serve exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(base + "/api/stories", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("storydesk serve did not answer in time")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Load:
    """Latencies and statuses of the requests made to one path."""

    path: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # transport errors
    bad: list[str] = field(default_factory=list)  # "path: HTTP status" of error answers
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 400) + len(self.failures)

    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float:
        """Return the ``q`` quantile of latency in milliseconds (nearest rank)."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def hammer(base: str, path: str, seconds: float, clients: int = 4) -> Load:
    """Request ``base + path`` from ``clients`` threads for ``seconds``; return what happened."""
    return mixed(base, [path], seconds, clients, name=path)


def story_paths(base: str) -> list[str]:
    """Return the brief page of every stored story."""
    stories = httpx.get(base + "/api/stories", timeout=30).json()
    items = stories.get("stories", stories) if isinstance(stories, dict) else stories
    return [f"/stories/{s['id']}" for s in items]


def mixed(base: str, paths: Sequence[str], seconds: float, clients: int = 2, name: str = "mixed") -> Load:
    """Request ``paths`` round-robin from ``clients`` threads for ``seconds`` (one combined Load)."""
    load = Load(name)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        i = offset
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < stop:
                path = paths[i % len(paths)]
                i += 1
                t0 = time.perf_counter()
                try:
                    status = http.get(path).status_code
                except httpx.HTTPError as exc:
                    with lock:
                        load.failures.append(f"{path}: {type(exc).__name__}: {exc}")
                    continue
                with lock:
                    load.latencies.append(time.perf_counter() - t0)
                    load.statuses[status] = load.statuses.get(status, 0) + 1
                    if status >= 400:
                        load.bad.append(f"{path}: HTTP {status}")

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load.seconds = time.monotonic() - started
    return load
