"""The warehouse as a DuckLake: its catalog in PostgreSQL, its data files in a folder or on S3.

Chosen by configuration (docs/deploy.md)::

    HEMI_WAREHOUSE=ducklake:postgres:dbname=hemi host=db.internal port=5432 user=hemi
    HEMI_LAKE_DATA_PATH=s3://bucket/hemisphere/      # or an absolute folder: /srv/hemisphere/lake

Unset, empty or ``duckdb`` keeps the embedded file, HEMI_HOME/hemisphere.duckdb (the default).

A refresh still builds and gates in its private build file (orchestration/warehouse.py); publishing
copies the published schemas into the lake in ONE transaction, which DuckLake commits as one snapshot:
a reader sees the snapshot before or the one after, never a mix. The snapshot's commit message names the
run and its extra info carries the refresh's vintages (``hemi status`` lists them). One writer across
machines: a PostgreSQL advisory lock on the catalog, held on a connection for the whole refresh; the
server drops it when the holder's connection goes, so a killed refresh leaves no stale lock.

The catalog string is libpq's: keep the password out of it (PGPASSWORD or ~/.pgpass, libpq's own ways).
Any password in it is masked wherever the string is shown.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import socket
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

TARGET_ENV = "HEMI_WAREHOUSE"
DATA_PATH_ENV = "HEMI_LAKE_DATA_PATH"
# An S3-compatible server other than AWS (MinIO, moto, R2): host:port, and whether it speaks TLS.
S3_ENDPOINT_ENV = "HEMI_S3_ENDPOINT"
S3_USE_SSL_ENV = "HEMI_S3_USE_SSL"
LAKE_PREFIX = "ducklake:postgres:"
# The name the lake is attached under: the published file's too (hemisphere.duckdb), so SQL that names
# its database reads the same on either.
ALIAS = "hemisphere"
# What readers read. dbt's staging and intermediate views are its own steps, rebuilt from raw by every build.
PUBLISHED_SCHEMAS = ("raw", "marts", "meta")
AUTHOR = "hemi refresh"
# Every wait on the catalog is bounded: libpq's connect, and the statements of the lock's connection.
CONNECT_TIMEOUT_S = 10
# A number of our own for pg_advisory_lock: 'HEMI' in ASCII. Any other use of the same number in the
# catalog database would be taken for a refresh.
LOCK_KEY = 0x48454D49
EXTENSIONS = {"ducklake": "ducklake", "postgres_scanner": "postgres", "httpfs": "httpfs"}


class LakeConfigError(ValueError):
    """HEMI_WAREHOUSE or HEMI_LAKE_DATA_PATH is not usable; the message says what to set."""


class LakeUnavailableError(RuntimeError):
    """The lake's catalog or storage cannot be reached; the message names which and why."""


class SnapshotNotFoundError(LookupError):
    """``--as-of`` names no snapshot of the lake."""


@dataclass(frozen=True)
class LakeTarget:
    catalog: str  # libpq connection string of the catalog database
    data_path: str  # s3://bucket/prefix/ or an absolute folder, always ending in '/'

    @property
    def on_s3(self) -> bool:
        return self.data_path.startswith("s3://")

    def describe(self) -> str:
        """Where the lake is, for messages: the catalog with any password masked, and the data path."""
        return f"DuckLake (catalog postgres:{redact(self.catalog)}, data {self.data_path})"


def redact(conninfo: str) -> str:
    """``conninfo`` with a password (key=value or URI form) replaced by ***."""
    masked = re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", conninfo, flags=re.IGNORECASE)
    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", masked)


def lake_target() -> LakeTarget | None:
    """The configured lake, or None for the embedded file (HEMI_WAREHOUSE unset, empty or ``duckdb``)."""
    value = os.environ.get(TARGET_ENV, "").strip()
    if value in ("", "duckdb"):
        return None
    if not value.startswith(LAKE_PREFIX) or not value[len(LAKE_PREFIX) :].strip():
        raise LakeConfigError(
            f"{TARGET_ENV} must be unset, 'duckdb' (the file in HEMI_HOME) or "
            f"'{LAKE_PREFIX}dbname=... host=... port=... user=...', not {redact(value)!r}"
        )
    catalog = value[len(LAKE_PREFIX) :].strip()
    data_path = os.environ.get(DATA_PATH_ENV, "").strip()
    if not data_path:
        raise LakeConfigError(
            f"{TARGET_ENV} names a DuckLake; set {DATA_PATH_ENV} to where its data files go: "
            "s3://bucket/prefix/ or an absolute folder"
        )
    if not data_path.startswith("s3://"):
        if "://" in data_path or not Path(data_path).is_absolute():
            raise LakeConfigError(
                f"{DATA_PATH_ENV} must be s3://bucket/prefix/ or an absolute folder, not {data_path!r}"
            )
        Path(data_path).mkdir(parents=True, exist_ok=True)
    if "connect_timeout" not in catalog:
        catalog = f"{catalog} connect_timeout={CONNECT_TIMEOUT_S}"
    return LakeTarget(catalog=catalog, data_path=data_path.rstrip("/") + "/")


def extension_directory() -> Path:
    """Where the extensions from the duckdb-extension-* wheels are installed for DuckDB to load.

    DuckDB would download them from its own site, unreachable here; the wheels carry the binaries for
    the pinned DuckDB. Installed per user and DuckDB version, beside DuckDB's default folder.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hemisphere" / "duckdb_extensions"


def load_extensions(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> None:
    folder = extension_directory()
    con.execute(f"set extension_directory = '{_sql(str(folder))}'")
    con.execute("set autoinstall_known_extensions = false")
    for name in names:
        try:
            con.execute(f"load {name}")
            continue
        except duckdb.Error:
            pass
        wheel = EXTENSIONS[name]
        spec = importlib.util.find_spec(f"duckdb_extension_{wheel}")
        binary = (
            Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}" / f"{wheel}.duckdb_extension"
            if spec and spec.origin
            else None
        )
        if binary is None or not binary.exists():
            raise LakeUnavailableError(
                f"the DuckDB extension {name} for DuckDB {duckdb.__version__} is not installed: "
                f"pip install duckdb-extension-{wheel}=={duckdb.__version__} (pyproject.toml lists it)"
            )
        folder.mkdir(parents=True, exist_ok=True)
        con.execute(f"force install '{_sql(str(binary))}'")
        con.execute(f"load {name}")


def _s3_secret(con: duckdb.DuckDBPyConnection) -> None:
    """S3 credentials from the standard AWS variables, as a temporary secret of this connection only."""
    key_id, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not key_id or not secret:
        raise LakeConfigError(
            f"{DATA_PATH_ENV} is on S3: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            f"(and AWS_REGION; {S3_ENDPOINT_ENV}=host:port for an S3-compatible server)"
        )
    options = {
        "KEY_ID": key_id,
        "SECRET": secret,
        "REGION": os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
    }
    if os.environ.get("AWS_SESSION_TOKEN"):
        options["SESSION_TOKEN"] = os.environ["AWS_SESSION_TOKEN"]
    endpoint = os.environ.get(S3_ENDPOINT_ENV, "").strip()
    if endpoint:
        options["ENDPOINT"] = endpoint
        options["URL_STYLE"] = "path"
    sql_options = ", ".join(f"{key} '{_sql(value)}'" for key, value in options.items())
    use_ssl = os.environ.get(S3_USE_SSL_ENV, "true" if not endpoint else "false").lower() in ("1", "true", "yes")
    con.execute(f"create or replace temporary secret hemi_s3 (type s3, {sql_options}, use_ssl {str(use_ssl).lower()})")


def connect(
    target: LakeTarget, *, read_only: bool = True, as_of: str | None = None, sandboxed: bool = False
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached (and in use) as ``hemisphere``.

    ``as_of``: a snapshot id, or a timestamp the lake is read as of. ``sandboxed``: no file or URL but
    the lake's own can be read afterwards, and SQL cannot change that (what `hemi query` runs under).
    """
    con = duckdb.connect(":memory:")
    try:
        load_extensions(con, ["postgres_scanner", "ducklake", *(["httpfs"] if target.on_s3 else [])])
        if target.on_s3:
            _s3_secret(con)
        options = [f"data_path '{_sql(target.data_path)}'"]
        if read_only:
            options.append("read_only")
        if as_of:
            options.append(_as_of_option(as_of))
        try:
            con.execute(f"attach '{_sql('ducklake:postgres:' + target.catalog)}' as {ALIAS} ({', '.join(options)})")
        except duckdb.Error as exc:
            raise _unavailable(target, "attach", exc, as_of) from None
        con.execute(f"use {ALIAS}")
        if sandboxed:
            # The catalog stays reachable through the attached database; files only under the data path.
            con.execute(f"set allowed_directories = ['{_sql(target.data_path)}']")
            con.execute("set enable_external_access = false")
            con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _as_of_option(as_of: str) -> str:
    text = as_of.strip()
    if text.isdigit():
        return f"snapshot_version {int(text)}"
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise LakeConfigError(
            f"--as-of takes a snapshot id (hemi status lists them) or a timestamp such as "
            f"2026-01-31T12:00:00+00:00, not {as_of!r}"
        ) from None
    return f"snapshot_time '{_sql(text)}'"


def _unavailable(target: LakeTarget, action: str, exc: Exception, as_of: str | None = None) -> Exception:
    message = redact(str(exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if as_of and "snapshot" in message.lower():
        return SnapshotNotFoundError(
            f"no snapshot of {target.describe()} as of {as_of!r}: {message}. `hemi status` lists the snapshots"
        )
    if action == "attach":
        return LakeUnavailableError(
            f"could not attach {target.describe()}: {message}. Check that the catalog database is up and "
            f"reachable from here, and that {DATA_PATH_ENV} and the S3 credentials are right (docs/deploy.md)"
        )
    return LakeUnavailableError(
        f"could not {action} {target.describe()}: {message}. Nothing was committed: the lake's previous "
        "snapshot is still the current one"
    )


@dataclass(frozen=True)
class Snapshot:
    snapshot_id: int
    committed_at: datetime
    message: str | None
    info: dict

    @property
    def vintages(self) -> dict[str, list[str]]:
        return self.info.get("vintages", {})


def snapshots(con: duckdb.DuckDBPyConnection) -> list[Snapshot]:
    """The lake's snapshots that a refresh published (with a commit message), newest first."""
    rows = con.execute(
        f"select snapshot_id, snapshot_time, commit_message, commit_extra_info from {ALIAS}.snapshots() "
        "where author = ? order by snapshot_id desc",
        [AUTHOR],
    ).fetchall()
    out = []
    for snapshot_id, at, message, extra in rows:
        try:
            info = json.loads(extra) if extra else {}
        except ValueError:
            info = {}
        out.append(Snapshot(snapshot_id, at, message, info))
    return out


def publish(target: LakeTarget, build: Path, run_id: str, info: dict) -> int:
    """Copy the published schemas of the build file into the lake as ONE snapshot; return its id.

    Every table is replaced whole (the build is the complete warehouse), tables and views the build no
    longer has are dropped, and the commit carries ``info`` (the run's vintages). Nothing is visible to
    readers until the commit; a failure, or the process dying, before it leaves the previous snapshot.
    """
    with contextlib.closing(connect(target, read_only=False)) as con:
        con.execute(f"attach '{_sql(str(build))}' as build (read_only)")
        try:
            con.execute("begin transaction")
            _copy_schemas(con, "build", ALIAS)
            message = f"refresh run {run_id}"
            con.execute(
                f"call {ALIAS}.set_commit_message(?, ?, extra_info => ?)",
                [AUTHOR, message, json.dumps(info, sort_keys=True, default=str)],
            )
            con.execute("commit")
        except duckdb.Error as exc:
            with contextlib.suppress(duckdb.Error):
                con.execute("rollback")
            raise _unavailable(target, "publish to", exc) from None
        return con.execute(f"select id from {ALIAS}.current_snapshot()").fetchone()[0]


def pull(target: LakeTarget, destination: Path) -> int | None:
    """Write the lake's current snapshot to a new DuckDB file at ``destination``; its id (None: empty lake).

    The file is a warehouse a refresh can build from, less dbt's views; its dbt fingerprint is dropped so
    the next refresh rebuilds them.
    """
    with contextlib.closing(connect(target, read_only=True)) as con:
        if not snapshots(con):
            return None
        snapshot_id = con.execute(f"select id from {ALIAS}.current_snapshot()").fetchone()[0]
        con.execute(f"attach '{_sql(str(destination))}' as local_copy")
        con.execute("begin transaction")
        _copy_schemas(con, ALIAS, "local_copy")
        # The lake has no staging or intermediate views: the next refresh must rebuild every dbt model.
        con.execute("delete from local_copy.meta.fingerprints where kind = 'dbt'")
        con.execute("commit")
        con.execute("detach local_copy")
    return snapshot_id


def current_snapshot(target: LakeTarget, read_only: bool = True) -> int | None:
    """The id of the newest snapshot a refresh published, None when none has.

    A writer passes ``read_only=False``: the first attach of an empty catalog creates the lake's tables.
    """
    with contextlib.closing(connect(target, read_only=read_only)) as con:
        found = snapshots(con)
    return found[0].snapshot_id if found else None


def _copy_schemas(con: duckdb.DuckDBPyConnection, source: str, dest: str) -> None:
    """Make ``dest``'s published schemas hold exactly ``source``'s relations, inside the caller's
    transaction. Columns keep their types, NOT NULL and comments (`hemi export` reads them).

    A view is copied as a table of its rows: its text, as DuckDB serializes it, does not always bind
    again (a CROSS JOIN of CTEs came back as a correlated join DuckDB 1.5 refuses). dbt's staging and
    intermediate views are not published at all (PUBLISHED_SCHEMAS): they are dbt's own steps, rebuilt
    from raw by every build.
    """
    schemas = [s for s in PUBLISHED_SCHEMAS if _schema_exists(con, source, s)]
    relations = con.execute(
        """
        select schema_name, table_name, comment from duckdb_tables()
        where database_name = $1 and schema_name in (select unnest($2::varchar[]))
        union all
        select schema_name, view_name, comment from duckdb_views()
        where database_name = $1 and not internal and schema_name in (select unnest($2::varchar[]))
        order by all
        """,
        [source, schemas],
    ).fetchall()
    kept = {(schema, name) for schema, name, _ in relations}
    for schema, name in con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ? "
        "and schema_name in (select unnest(?::varchar[]))",
        [dest, list(PUBLISHED_SCHEMAS)],
    ).fetchall():
        if (schema, name) not in kept:
            con.execute(f"drop table {dest}.{_ident(schema)}.{_ident(name)}")
    for schema in schemas:
        con.execute(f"create schema if not exists {dest}.{_ident(schema)}")
    for schema, name, comment in relations:
        qualified = f"{dest}.{_ident(schema)}.{_ident(name)}"
        columns = con.execute(
            "select column_name, data_type, is_nullable, comment from duckdb_columns() "
            "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
            [source, schema, name],
        ).fetchall()
        definition = ", ".join(
            f"{_ident(column)} {data_type}{'' if nullable else ' not null'}"
            for column, data_type, nullable, _ in columns
        )
        con.execute(f"create or replace table {qualified} ({definition})")
        con.execute(f"insert into {qualified} select * from {source}.{_ident(schema)}.{_ident(name)}")
        if comment:
            con.execute(f"comment on table {qualified} is '{_sql(comment)}'")
        for column, _, _, column_comment in columns:
            if column_comment:
                con.execute(f"comment on column {qualified}.{_ident(column)} is '{_sql(column_comment)}'")


def _schema_exists(con: duckdb.DuckDBPyConnection, database: str, schema: str) -> bool:
    return bool(
        con.execute(
            "select 1 from duckdb_schemas() where database_name = ? and schema_name = ?", [database, schema]
        ).fetchall()
    )


@contextlib.contextmanager
def catalog_lock(target: LakeTarget, holder: str, wait_s: float = 0.0) -> Iterator[None]:
    """The single writer across machines: a PostgreSQL advisory lock on the lake's catalog.

    Held on a connection of its own for the whole refresh. The holder is named in the connection's
    application_name, which a refused writer reads back from pg_stat_activity. The server releases
    the lock when the connection ends, including when the holding process is killed.
    """
    import psycopg2

    name = f"hemi: {holder} on {socket.gethostname()} pid {os.getpid()}"[:63]  # PostgreSQL's limit
    try:
        con = psycopg2.connect(
            target.catalog,
            application_name=name,
            connect_timeout=30,  # an unreachable catalog fails the refresh instead of waiting on TCP retries
            # A dead peer is noticed within a minute, so a lock held by a vanished machine is freed.
            keepalives=1, keepalives_idle=20, keepalives_interval=10, keepalives_count=3,
        )  # fmt: skip
    except psycopg2.Error as exc:
        raise LakeUnavailableError(
            f"could not connect to the catalog of {target.describe()} for the writer lock: "
            f"{redact(str(exc)).strip()}"
        ) from None
    con.autocommit = True
    deadline = time.monotonic() + wait_s
    try:
        with con.cursor() as cursor:
            cursor.execute("set statement_timeout = '30s'")
            while True:
                cursor.execute("select pg_try_advisory_lock(%s)", [LOCK_KEY])
                if cursor.fetchone()[0]:
                    break
                if time.monotonic() >= deadline:
                    from orchestration.warehouse import RefreshBusyError

                    raise RefreshBusyError(
                        f"another refresh is writing the lake ({_lock_holder(cursor)}); wait for it to finish"
                    )
                time.sleep(0.5)
        yield
    finally:
        # Closing the connection releases the lock (and an unlock on a dead connection would fail).
        con.close()


def _lock_holder(cursor) -> str:
    cursor.execute(
        """
        select a.application_name, a.client_addr, a.backend_start
        from pg_locks l join pg_stat_activity a using (pid)
        where l.locktype = 'advisory' and l.granted and l.objid = %s
        """,
        [LOCK_KEY & 0xFFFFFFFF],
    )
    found = cursor.fetchone()
    if not found:
        return "holder unknown: it may just have finished"
    name, address, since = found
    return f"{name or 'unnamed client'} from {address or 'a local socket'}, since {since:%Y-%m-%d %H:%M:%S %Z}"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql(text: str) -> str:
    return text.replace("'", "''")
