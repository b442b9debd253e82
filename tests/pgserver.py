"""Start a throwaway PostgreSQL server on loopback in a temporary directory, for tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN = Path(os.environ.get("STORYDESK_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """A PostgreSQL cluster owned by the test run; ``stop()`` removes it."""

    def __init__(self) -> None:
        if not (BIN / "initdb").exists():
            raise RuntimeError(f"no PostgreSQL binaries in {BIN} (apt-get install postgresql)")
        self.dir = Path(tempfile.mkdtemp(prefix="storydesk-pg-"))
        self.port = _free_port()
        as_postgres = os.geteuid() == 0
        self._prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
        if as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        data = self.dir / "data"
        subprocess.run(
            [*self._prefix, str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
             "--no-sync", "-E", "UTF8"],
            check=True, capture_output=True, timeout=120,
        )
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [*self._prefix, str(BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l",
             str(self.dir / "log"), "-w", "-t", "60", "start"],
            check=True, capture_output=True, timeout=90,
        )
        self.data = data
        self._n = 0

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        self._n += 1
        name = f"t{self._n}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def copy_database(self, source_url: str) -> str:
        """Create a database as a copy of another (no one may be connected to it); return its URL."""
        import psycopg

        self._n += 1
        name = f"t{self._n}"
        source = source_url.rsplit("/", 1)[-1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [*self._prefix, str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True, timeout=60,
        )
        shutil.rmtree(self.dir, ignore_errors=True)
