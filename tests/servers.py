"""Servers the tests start for themselves: a throwaway PostgreSQL, and an S3-compatible server (moto).

Debian's ``postgresql`` package provides the binaries; when they are missing and we are root with apt,
they are installed the way ``tests/browser/conftest.py`` installs Chromium. The server runs as an
unprivileged user (``initdb`` refuses root), in a temporary folder, listening on 127.0.0.1 only on a
free port, with fsync off (nothing in it outlives the test session), and is stopped at the end.
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import free_port, stop

START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30
UNPRIVILEGED = "nobody"


class ServerUnavailable(RuntimeError):
    """Why a server could not be installed or started here."""


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    database: str
    log: Path

    @property
    def url(self) -> str:
        """libpq's form, for psycopg2 and psql."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def sqlalchemy_url(self) -> str:
        """SQLAlchemy's form naming the driver dagster-postgres uses (SQLAlchemy 2.1 defaults to psycopg 3)."""
        return f"postgresql+psycopg2://{self.user}@{self.host}:{self.port}/{self.database}"


def postgres_bin_dir() -> Path:
    """The folder of ``initdb`` and ``postgres``; installs Debian's postgresql if they are missing."""
    found = _bin_dir()
    if found is not None:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise ServerUnavailable("PostgreSQL is not installed and apt-get cannot install it here (needs root and apt)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise ServerUnavailable(f"`{' '.join(command)}` failed: {done.stderr.strip()[-500:]}")
    found = _bin_dir()
    if found is None:
        raise ServerUnavailable("apt-get installed postgresql but initdb is still missing")
    return found


def _bin_dir() -> Path | None:
    # Debian keeps the server binaries out of PATH, one folder per major version; take the newest.
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if candidates:
        return Path(candidates[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def _as_server_user() -> list[str]:
    """The command prefix that runs a program as the server's user: none unless we are root."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        raise ServerUnavailable("running as root, and setpriv (util-linux) is missing to drop to an unprivileged user")
    user = pwd.getpwnam(UNPRIVILEGED)
    # setpriv execs the program (no process in between), so stopping the server stops it.
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"]


@contextlib.contextmanager
def postgres_server(database: str = "hemisphere") -> Iterator[PostgresServer]:
    """A running PostgreSQL with an empty ``database``, owned by user ``hemi`` (trust auth, local only)."""
    import psycopg2

    bin_dir = postgres_bin_dir()
    prefix = _as_server_user()
    # Under /tmp itself: pytest's tmp_path sits in a folder only root may enter.
    folder = Path(tempfile.mkdtemp(prefix="hemi-postgres-"))
    data, log = folder / "data", folder / "server.log"
    server = None
    try:
        if prefix:
            user = pwd.getpwnam(UNPRIVILEGED)
            os.chown(folder, user.pw_uid, user.pw_gid)
        done = subprocess.run(
            [*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", "hemi", "--auth=trust", "--no-sync",
             "-E", "UTF8", "--locale=C"],
            capture_output=True, text=True, timeout=START_TIMEOUT_S,
        )  # fmt: skip
        if done.returncode != 0:
            raise ServerUnavailable(f"initdb failed: {(done.stderr or done.stdout).strip()[-500:]}")
        port = free_port()
        with log.open("w") as out:
            server = subprocess.Popen(
                [*prefix, str(bin_dir / "postgres"), "-D", str(data), "-p", str(port),
                 "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={folder}",
                 "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with contextlib.closing(
                    psycopg2.connect(host="127.0.0.1", port=port, user="hemi", dbname="postgres", connect_timeout=5)
                ) as con:
                    con.autocommit = True
                    con.cursor().execute(f'create database "{database}"')
                break
            except psycopg2.OperationalError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise ServerUnavailable(f"postgres did not start: {exc}; {log.read_text()[-800:]}") from exc
                time.sleep(0.3)
        yield PostgresServer("127.0.0.1", port, "hemi", database, log)
    finally:
        if server is not None:
            server.send_signal(2)  # SIGINT: PostgreSQL's fast shutdown
            try:
                server.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=STOP_TIMEOUT_S)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class S3Server:
    endpoint: str  # host:port, as HEMI_S3_ENDPOINT takes it
    key_id: str
    secret: str
    region: str

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}"

    def client(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.url, aws_access_key_id=self.key_id, aws_secret_access_key=self.secret,
            region_name=self.region,
        )  # fmt: skip


@contextlib.contextmanager
def s3_server() -> Iterator[S3Server]:
    """moto's S3-compatible server (PyPI's moto[server]) on a free port of 127.0.0.1, stopped at the end.

    It keeps everything in memory; any key and secret are accepted.
    """
    import urllib.error
    import urllib.request

    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None:
        raise ServerUnavailable("moto[server] is not installed: pip install 'moto[server]' (a dev dependency)")
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="hemi-s3-"))
    log = folder / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=5):
                    break
            except (urllib.error.URLError, OSError) as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise ServerUnavailable(f"moto's S3 server did not start: {exc}; {log.read_text()[-800:]}") from exc
                time.sleep(0.3)
        yield S3Server(f"127.0.0.1:{port}", "hemi-test-key", "hemi-test-secret", "us-east-1")
    finally:
        stop(server, timeout_s=STOP_TIMEOUT_S)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class SparkThriftServer:
    host: str
    port: int


# Spark's Thrift server starts a JVM, Spark and a Derby metastore: about 20 s on two idle cores.
SPARK_THRIFT_START_TIMEOUT_S = 180


@contextlib.contextmanager
def spark_thrift_server() -> Iterator[SparkThriftServer]:
    """Spark's Thrift JDBC/ODBC server (HiveThriftServer2, shipped in pyspark's jars) in local mode, on a
    free port of 127.0.0.1, its metastore and warehouse in a temporary folder; stopped at the end."""
    if importlib.util.find_spec("pyspark") is None or importlib.util.find_spec("pyhive") is None:
        raise ServerUnavailable("pyspark and PyHive are not installed: pip install -e '.[spark]'")
    if shutil.which("java") is None:
        raise ServerUnavailable("no Java on PATH (Spark needs Java 17)")
    spark_home = Path(importlib.util.find_spec("pyspark").origin).parent
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="hemi-spark-thrift-"))
    log = folder / "server.log"
    command = [
        str(spark_home / "bin" / "spark-submit"),
        "--class", "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
        "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        "--conf", f"spark.sql.warehouse.dir={folder / 'warehouse'}",
        "--conf", f"spark.driver.extraJavaOptions=-Dderby.system.home={folder}",
        "--conf", "spark.sql.shuffle.partitions=4",
        "--conf", "spark.sql.session.timeZone=UTC",
        "--hiveconf", f"hive.server2.thrift.port={port}",
        "--hiveconf", "hive.server2.thrift.bind.host=127.0.0.1",
        "spark-internal",
    ]  # fmt: skip
    environment = {**os.environ, "SPARK_HOME": str(spark_home), "SPARK_LOCAL_IP": "127.0.0.1"}
    with log.open("w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=folder, env=environment)
    try:
        deadline = time.monotonic() + SPARK_THRIFT_START_TIMEOUT_S
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5):
                    break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise ServerUnavailable(
                        f"Spark's Thrift server did not start: {exc}; {log.read_text()[-800:]}"
                    ) from exc
                time.sleep(1)
        yield SparkThriftServer("127.0.0.1", port)
    finally:
        stop(server, timeout_s=STOP_TIMEOUT_S)
        shutil.rmtree(folder, ignore_errors=True)
