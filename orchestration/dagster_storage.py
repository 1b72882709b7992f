"""Make Dagster's SQLite storage cheap to write: reuse connections, and no fsync per event.

A refresh records over a thousand events (one per dbt test planned and evaluated). Dagster's
SQLite event log storage builds a new SQLAlchemy engine for every event, opens a connection,
commits and disposes of both. Each new engine starts with an empty statement cache, so every
insert is compiled afresh, and each new connection re-reads the schema; closing it checkpoints the
WAL, which fsyncs. Two changes, both measured on this machine (README, Performance):

- ``PooledSqliteEventLogStorage`` keeps one engine, with its pooled connection and its compiled
  statements, per shard (a run's file, or the cross-run index) for the few shards in use. SQLite's
  own file locks still serialise writers across processes (the webserver, the daemon, a CLI run),
  exactly as with a connection per event.
- ``synchronous=OFF`` on the SQLite files under DAGSTER_HOME. The trade: an operating system crash
  or power cut can lose or corrupt Dagster's run history (a process killed with SIGKILL cannot).
  That history is operational metadata; the warehouse itself is fsynced and swapped atomically by
  ``warehouse.py`` and never depends on it. Delete ``HEMI_HOME/dagster/history`` to start a fresh
  history if it ever happens.

``dagster.yaml`` selects ``HemisphereSqliteStorage``: Dagster's SQLite storage, same folders and
schema, with the pooled event log.
"""

from __future__ import annotations

import os
import sqlite3
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import SingletonThreadPool

# A refresh writes to its run's shard and the index; a daemon or webserver moves on from run to
# run. Keeping a few engines bounds the open files of a long-lived process.
_ENGINES_KEPT = 8

_installed = False


def relax_dagster_sqlite_sync() -> None:
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _no_fsync_under_dagster_home)
        _installed = True


def _no_fsync_under_dagster_home(dbapi_connection, _record) -> None:
    home = os.environ.get("DAGSTER_HOME")
    if not home or not isinstance(dbapi_connection, sqlite3.Connection):
        return
    files = [row[2] for row in dbapi_connection.execute("pragma database_list").fetchall()]
    if any(path and os.path.realpath(path).startswith(os.path.realpath(home) + os.sep) for path in files):
        dbapi_connection.execute("pragma synchronous = off")


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's per-run SQLite event log, with one long-lived engine per shard instead of one per event."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._tables_found: set[str] = set()
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                # One connection per thread, kept open: the storage's lock already serialises its users.
                poolclass=SingletonThreadPool,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
        self._engines[shard] = engine  # most recently used last
        while len(self._engines) > _ENGINES_KEPT:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def has_table(self, table_name: str) -> bool:
        # Asked before storing every asset check event, through a new engine each time (1.4 s a
        # refresh). Tables are only ever added by migrations, so a table once found stays found.
        if table_name in self._tables_found:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables_found.add(table_name)
        return found

    def _dispose_engines(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._dispose_engines()  # wiping deletes the run files our connections hold open
        super().wipe()

    def dispose(self) -> None:
        self._dispose_engines()
        super().dispose()


class HemisphereSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage (same folders under base_dir) with the pooled event log."""

    def __init__(self, base_dir: str, inst_data=None):
        super().__init__(base_dir, inst_data=inst_data)
        self._event_log_storage = PooledSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls.from_local(inst_data=inst_data, **config_value)
