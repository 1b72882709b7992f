"""`hemi export`: every mart as a Parquet or CSV file, described by a Frictionless Data Package.

The published warehouse is opened read-only, so an export runs beside readers and a refresh, and
always sees one complete warehouse. DuckDB's own COPY writes one file per ``marts`` table;
``datapackage.json`` (Data Package v1) describes each file with Table Schema field types, the
descriptions dbt persists into the warehouse as comments, the table's key from its dbt tests, the
publishers and licences behind it (from each source's ``SOURCE`` spec, reached through dbt's
lineage) and the vintages it was built from.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from orchestration import lake, reader
from orchestration.catalog import SOURCES
from orchestration.paths import DBT_PROJECT_DIR, dbt_executable, hemi_home
from orchestration.warehouse import WarehouseFiles
from sources._common.spec import SourceSpec

ExportFormat = Literal["parquet", "csv"]
DESCRIPTOR_NAME = "datapackage.json"
SAMPLE_VINTAGE = "sample"

# Parquet has had an IANA media type since 2024; CSV's is text/csv (RFC 4180).
MEDIA_TYPES = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv"}

# DuckDB base type -> Table Schema type (https://specs.frictionlessdata.io/table-schema/#types-and-formats).
_TABLE_SCHEMA_TYPES = {
    "BOOLEAN": "boolean",
    **dict.fromkeys(
        (
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "UHUGEINT",
        ),
        "integer",
    ),
    **dict.fromkeys(("FLOAT", "DOUBLE", "DECIMAL"), "number"),
    **dict.fromkeys(("VARCHAR", "UUID", "ENUM"), "string"),
    "DATE": "date",
    "TIME": "time",
    **dict.fromkeys(
        ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"), "datetime"
    ),
}

# Open licences a source spec may name in words -> (Open Definition / SPDX id, the licence's own page).
_OPEN_LICENCE = re.compile(r"CC BY (?P<version>\d\.\d)(?P<igo> IGO)?|public domain", re.IGNORECASE)


class NoPublishedWarehouseError(RuntimeError):
    """There is no published warehouse to export."""


@dataclass(frozen=True)
class ExportedTable:
    name: str
    path: Path
    rows: int


@dataclass(frozen=True)
class ExportResult:
    descriptor: Path
    tables: tuple[ExportedTable, ...]
    contains_sample_data: bool


@dataclass(frozen=True)
class _Column:
    name: str
    duckdb_type: str
    description: str
    nullable: bool


def export_marts(
    warehouse: Path | None, out_dir: Path, fmt: ExportFormat, manifest: dict[str, Any] | None = None
) -> ExportResult:
    """Write every ``marts`` table of ``warehouse`` to ``out_dir`` as ``fmt``, plus ``datapackage.json``.

    ``manifest`` is dbt's manifest (read from dbt_project/target when not given); it supplies the
    keys, the lineage to sources, and descriptions for a warehouse built before dbt persisted them.
    """
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"format must be one of {sorted(MEDIA_TYPES)}, not {fmt!r}")
    if warehouse is not None and not warehouse.exists():
        raise NoPublishedWarehouseError(
            f"no published warehouse at {warehouse}; run `hemi refresh` first (or set HEMI_HOME)"
        )
    manifest = manifest if manifest is not None else load_manifest()
    models = _mart_models(manifest)
    con = _open(warehouse)
    out_dir.mkdir(parents=True, exist_ok=True)
    with con:
        # Timestamps in CSV are written in UTC, the zone Table Schema's default datetime format names.
        con.execute("set TimeZone = 'UTC'")
        refresh = _last_refresh(con)
        loads = _source_loads(con)
        resources, exported = [], []
        for table, comment in con.execute(
            "select table_name, comment from duckdb_tables() "
            "where database_name = current_database() and schema_name = 'marts' order by table_name"
        ).fetchall():
            model = models.get(table, {})
            columns = _columns(con, table, model)
            primary_key = _primary_key(model, manifest)
            if not set(primary_key) <= {c.name for c in columns}:
                primary_key = []  # the manifest is newer than the warehouse; a partial key is no key
            path = out_dir / f"{table}.{fmt}"
            _copy(con, table, columns, primary_key, path, fmt)
            if fmt == "csv":
                columns = _empty_text_not_required(con, table, columns)
            rows = con.execute(f'select count(*) from marts."{table}"').fetchone()[0]
            specs = _upstream_sources(model, manifest)
            vintages = _vintages(con, table, columns, model, manifest, loads)
            resources.append(
                _resource(
                    table,
                    (comment or model.get("description") or "").strip(),
                    path,
                    fmt,
                    columns,
                    primary_key,
                    specs,
                    vintages,
                )
            )
            exported.append(ExportedTable(table, path, rows))
    if not resources:
        raise NoPublishedWarehouseError(
            f"the warehouse at {warehouse or reader.describe()} has no marts tables to export"
        )
    descriptor = _package(resources, fmt, refresh)
    descriptor_path = out_dir / DESCRIPTOR_NAME
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return ExportResult(descriptor_path, tuple(exported), descriptor["contains_sample_data"])


def _open(warehouse: Path | None) -> duckdb.DuckDBPyConnection:
    """``warehouse`` read-only; None: the published warehouse, the file or the lake (orchestration/reader.py)."""
    if warehouse is not None:
        return duckdb.connect(str(warehouse), read_only=True)
    try:
        return reader.open_published()
    except reader.NotPublishedError as exc:
        raise NoPublishedWarehouseError(str(exc)) from None


def build_docs_site(home: Path | None = None) -> Path:
    """dbt's documentation site for the published warehouse, as one self-contained HTML file.

    dbt reads the published file through the read-only ``published`` target of profiles.yml: no
    copy, no wait for a running refresh's writer lock, and the published file stays byte-identical.
    The site goes to HEMI_HOME/dbt_docs, beside Great Expectations' Data Docs and away from the
    checkout's dbt_project/target, which a concurrent refresh reads.
    """
    home = home or hemi_home()
    env = {**os.environ, "HEMI_HOME": str(home)}
    target = lake.lake_target()
    if target is not None:
        # dbt reads a DuckDB file: the lake's current snapshot, copied to one that only this command uses.
        warehouse = home / "dbt_docs_lake" / "hemisphere.duckdb"
        shutil.rmtree(warehouse.parent, ignore_errors=True)
        warehouse.parent.mkdir(parents=True)
        if lake.pull(target, warehouse) is None:
            raise NoPublishedWarehouseError(f"nothing published yet to {target.describe()}; run `hemi refresh` first")
        env["HEMI_PUBLISHED_PATH"] = str(warehouse)
    else:
        warehouse = WarehouseFiles(home).published
    if not warehouse.exists():
        raise NoPublishedWarehouseError(f"no published warehouse at {warehouse}; run `hemi refresh` first")
    site = home / "dbt_docs"
    project = str(DBT_PROJECT_DIR)
    completed = subprocess.run(
        [
            dbt_executable(),
            "docs",
            "generate",
            "--static",
            "--target",
            "published",
            "--project-dir",
            project,
            "--profiles-dir",
            project,
            "--target-path",
            str(site),
            "--log-path",
            str(home / "logs"),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    static_page = site / "static_index.html"
    if completed.returncode != 0 or not static_page.exists():
        raise RuntimeError(f"dbt docs generate failed (exit {completed.returncode}):\n{completed.stdout[-4000:]}")
    return static_page


def load_manifest(project_dir: Path = DBT_PROJECT_DIR) -> dict[str, Any]:
    """dbt's manifest; a checkout that has never run dbt gets one from `dbt parse` (no warehouse needed)."""
    path = project_dir / "target" / "manifest.json"
    if not path.exists():
        project = str(project_dir)
        subprocess.run(
            [dbt_executable(), "parse", "--quiet", "--project-dir", project, "--profiles-dir", project],
            check=True,
            capture_output=True,
        )
    return json.loads(path.read_text())


def table_schema_type(duckdb_type: str) -> str:
    """The Table Schema type of a DuckDB column type ('DECIMAL(18,3)' -> 'number', 'INTEGER[]' -> 'array')."""
    if duckdb_type.endswith("]"):
        return "array"
    base = duckdb_type.split("(", 1)[0].strip().upper()
    if base in ("STRUCT", "MAP"):
        return "object"
    return _TABLE_SCHEMA_TYPES.get(base, "any")


def _mart_models(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        node["name"]: node
        for node in manifest.get("nodes", {}).values()
        if node.get("resource_type") == "model" and node.get("schema") == "marts"
    }


def _columns(con: duckdb.DuckDBPyConnection, table: str, model: dict[str, Any]) -> list[_Column]:
    documented = {name: col.get("description", "") for name, col in model.get("columns", {}).items()}
    return [
        _Column(name, data_type, (comment or documented.get(name) or "").strip(), nullable)
        for name, data_type, comment, nullable in con.execute(
            "select column_name, data_type, comment, is_nullable from duckdb_columns() "
            "where database_name = current_database() and schema_name = 'marts' and table_name = ? "
            "order by column_index",
            [table],
        ).fetchall()
    ]


def _primary_key(model: dict[str, Any], manifest: dict[str, Any]) -> list[str]:
    """The key a model's dbt tests guard: its shortest unfiltered key test, else dbt's inference.

    The models declare their keys as ``unique`` (column_name) and ``unique_combination_of_columns``
    (dbt_project/tests/generic/) tests. A test with a ``where`` guards only some rows, so it is no
    key. dbt's own ``primary_key`` comes second: it takes any column of a unique combination that
    also has a not_null test for a key of its own, and ignores ``where``.
    """
    uid = model.get("unique_id")
    candidates = []
    for node in manifest.get("nodes", {}).values():
        meta = node.get("test_metadata") or {}
        if node.get("attached_node") != uid or node["config"].get("where"):
            continue
        kwargs = meta.get("kwargs") or {}
        if meta.get("name") == "unique" and kwargs.get("column_name"):
            candidates.append([kwargs["column_name"]])
        elif meta.get("name") == "unique_combination_of_columns":
            candidates.append(list(kwargs["combination_of_columns"]))
    if candidates:
        return min(candidates, key=len)
    return list(model.get("primary_key") or [])


def _upstream(model: dict[str, Any], manifest: dict[str, Any]) -> set[str]:
    """Every node the model is built from, through staging and intermediate models."""
    parent_map = manifest.get("parent_map", {})
    seen: set[str] = set()
    stack = list(parent_map.get(model.get("unique_id", ""), []))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(parent_map.get(node, []))
    return seen


def _raw_tables_upstream(model: dict[str, Any], manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """(source name, raw table) for each dbt source the model reads, directly or not."""
    sources = manifest.get("sources", {})
    found = {
        (sources[uid]["source_name"], sources[uid].get("identifier") or sources[uid]["name"])
        for uid in _upstream(model, manifest)
        if uid in sources
    }
    return sorted(found)


def _upstream_sources(model: dict[str, Any], manifest: dict[str, Any]) -> list[SourceSpec]:
    by_name = {spec.name: spec for spec in SOURCES}
    by_raw_table = {raw.name: spec for spec in SOURCES for raw in spec.raw_tables}
    specs = {}
    for source_name, raw_table in _raw_tables_upstream(model, manifest):
        spec = by_name.get(source_name) or by_raw_table.get(raw_table)
        if spec is not None:
            specs[spec.name] = spec
    return [specs[name] for name in sorted(specs)]


def _source_loads(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[str]]:
    try:
        rows = con.execute("select source, table_name, vintages from meta.source_loads").fetchall()
    except duckdb.CatalogException:
        return {}
    return {(source, table): [v for v in (vintages or "").split(",") if v] for source, table, vintages in rows}


def _last_refresh(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        row = con.execute(
            "select run_id, mode, published_at from meta.refreshes order by published_at desc limit 1"
        ).fetchone()
    except duckdb.CatalogException:
        return {}
    if row is None:
        return {}
    run_id, mode, published_at = row
    return {"run_id": run_id, "mode": mode, "published_at": published_at.astimezone(UTC).isoformat()}


def _vintages(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[_Column],
    model: dict[str, Any],
    manifest: dict[str, Any],
    loads: dict[tuple[str, str], list[str]],
) -> list[str]:
    """The vintages in the table's own ``source_vintage`` column, else those of the raw tables it reads."""
    if any(c.name == "source_vintage" for c in columns):
        rows = con.execute(
            f'select distinct source_vintage from marts."{table}" where source_vintage is not null order by 1'
        ).fetchall()
        return [vintage for (vintage,) in rows]
    upstream = set(_raw_tables_upstream(model, manifest))
    return sorted({v for key, vintages in loads.items() if key in upstream for v in vintages})


def _copy(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[_Column],
    primary_key: list[str],
    path: Path,
    fmt: ExportFormat,
) -> None:
    if fmt == "parquet":
        select = "*"
        options = "format parquet"
    else:
        select = ", ".join(_csv_expression(c) for c in columns)
        # DuckDB writes a null as an empty field and quotes an empty string, matching missingValues [""].
        options = "format csv, header true, delimiter ',', quote '\"', escape '\"'"
    # Rows in key order, so that two exports of the same warehouse are byte-identical.
    order = f" order by {', '.join(_quoted(c) for c in primary_key)}" if primary_key else ""
    target = str(path).replace("'", "''")
    con.execute(f"copy (select {select} from marts.\"{table}\"{order}) to '{target}' ({options})")


def _csv_expression(column: _Column) -> str:
    """A column as Table Schema reads it in CSV: ISO 8601 UTC datetimes, JSON for arrays and objects."""
    name = _quoted(column.name)
    kind = table_schema_type(column.duckdb_type)
    if kind == "datetime":
        return f"strftime({name}, '%Y-%m-%dT%H:%M:%S.%fZ') as {name}"
    if kind in ("array", "object"):
        return f"to_json({name}) as {name}"
    return name


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _empty_text_not_required(con: duckdb.DuckDBPyConnection, table: str, columns: list[_Column]) -> list[_Column]:
    """CSV cannot tell empty text from a missing value: a NOT NULL text column holding '' is not
    declared required in a CSV package (its description says why); Parquet keeps the constraint."""
    checked = []
    for column in columns:
        if not column.nullable and column.duckdb_type == "VARCHAR":
            empty_text = f"select count(*) from marts.\"{table}\" where {_quoted(column.name)} = ''"
            (empty,) = con.execute(empty_text).fetchone()
            if empty:
                note = "In this CSV an empty cell is empty text (never missing in the warehouse)."
                column = replace(column, nullable=True, description=f"{column.description} {note}".strip())
        checked.append(column)
    return checked


def _field(column: _Column) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "type": table_schema_type(column.duckdb_type),
        "description": column.description,
    }
    if field["type"] == "datetime":
        field["format"] = "%Y-%m-%dT%H:%M:%S.%fZ"
    if not column.nullable:
        field["constraints"] = {"required": True}
    return field


def _licence(spec: SourceSpec) -> dict[str, str]:
    """The spec's licence in its own words, with the open licence's id and page when it names exactly one.

    A spec naming several (reference data from three publishers) or only terms of use gets the
    publisher's page as its path: Data Package v1 needs a name or a path, and that page states the terms.
    """
    named = {_licence_id(match) for match in _OPEN_LICENCE.finditer(spec.licence)}
    title = f"{spec.publisher}: {spec.licence}"
    if len(named) == 1:
        name, path = named.pop()
        return {"name": name, "path": path, "title": title}
    return {"path": spec.homepage, "title": title}


def _licence_id(match: re.Match[str]) -> tuple[str, str]:
    if not match.group("version"):
        return "other-pd", "https://opendefinition.org/licenses/other-pd/"
    version = match.group("version")
    if match.group("igo"):
        return f"CC-BY-{version}-IGO", f"https://creativecommons.org/licenses/by/{version}/igo/"
    return f"CC-BY-{version}", f"https://creativecommons.org/licenses/by/{version}/"


def _source(spec: SourceSpec) -> dict[str, str]:
    return {"title": f"{spec.publisher}: {spec.title}", "path": spec.homepage}


def _resource(
    table: str,
    description: str,
    path: Path,
    fmt: ExportFormat,
    columns: list[_Column],
    primary_key: list[str],
    specs: list[SourceSpec],
    vintages: list[str],
) -> dict[str, Any]:
    is_sample = SAMPLE_VINTAGE in vintages
    if is_sample:
        description = (
            "SYNTHETIC SAMPLE DATA, not the publishers' figures: built from the bundled sample "
            f"(source_vintage = 'sample'). {description}"
        )
    schema: dict[str, Any] = {"fields": [_field(c) for c in columns], "missingValues": [""]}
    if primary_key:
        schema["primaryKey"] = primary_key
    resource: dict[str, Any] = {
        # Table Schema and Data Package v1 define tabular resources as CSV; Parquet is a data resource with a schema.
        "profile": "tabular-data-resource" if fmt == "csv" else "data-resource",
        "name": table,
        "path": path.name,
        "format": fmt,
        "mediatype": MEDIA_TYPES[fmt],
        "bytes": path.stat().st_size,
        "hash": f"sha256:{_sha256(path)}",
        "description": description,
        "schema": schema,
        "sources": [_source(spec) for spec in specs],
        "licenses": _unique(_licence(spec) for spec in specs),
        "vintages": vintages,
        "is_sample": is_sample,
    }
    if fmt == "csv":
        resource["encoding"] = "utf-8"
        resource["dialect"] = {"delimiter": ",", "doubleQuote": True, "header": True, "quoteChar": '"'}
    return resource


def _package(resources: list[dict[str, Any]], fmt: ExportFormat, refresh: dict[str, str]) -> dict[str, Any]:
    sample_tables = [r["name"] for r in resources if r["is_sample"]]
    title = "Hemisphere: Western Hemisphere economic indicators (marts)"
    description = (
        "Every table of the marts schema of the Hemisphere warehouse: US goods trade with Latin American "
        "partners, tariff exposure, nearshoring, FDI, remittances, migration and governance, by plan point "
        "of the papers 'Reengaging with Latin American Partners' and 'What should Trump do next on trade'. "
        "Money is in US dollars; every column states its unit."
    )
    if sample_tables:
        everything = len(sample_tables) == sum(1 for r in resources if r["vintages"])
        title += " - SYNTHETIC SAMPLE" if everything else " - PARTLY SYNTHETIC SAMPLE"
        description = (
            f"SYNTHETIC SAMPLE DATA in {len(sample_tables)} of {len(resources)} tables (source_vintage = "
            "'sample', is_sample = true): generated by the project's own code in each publisher's file "
            "format to exercise the pipeline; its figures are not the publishers'. " + description
        )
    package: dict[str, Any] = {
        "profile": "tabular-data-package" if fmt == "csv" else "data-package",
        "name": "hemisphere-marts",
        "title": title,
        "description": description,
        "created": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "keywords": ["latin america", "trade", "tariffs", "fdi", "remittances", "migration", "world bank"],
        "sources": _unique(s for r in resources for s in r["sources"]),
        "licenses": _unique(lic for r in resources for lic in r["licenses"]),
        "contains_sample_data": bool(sample_tables),
        "resources": resources,
    }
    if refresh:
        package["warehouse"] = refresh
    return package


def _unique(items: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    seen, unique = set(), []
    for item in items:
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return sorted(unique, key=lambda d: d.get("title", ""))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
