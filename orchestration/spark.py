"""The dbt step on Apache Spark: what crosses between the DuckDB build and Spark, as Parquet.

With ``HEMI_DBT_TARGET`` naming a Spark output of profiles.yml (``spark``: Spark inside dbt's
process; ``spark_thrift``: a Spark Thrift server), the refresh still lands, checks and publishes
with DuckDB; only the models and dbt tests run on Spark:

1. dbt loads the seeds into the DuckDB build (``dbt seed --target build``).
2. :func:`write_sources` copies every dbt source and seed of the build as Parquet to
   ``<sources>/<schema>/<table>/``; the project's on-run-start hook on Spark registers each as a table
   (the folders reach dbt as the vars ``spark_sources`` and ``spark_export``).
3. ``dbt build`` on Spark builds every model and runs every test (asset checks, as on DuckDB); its
   on-run-end hook writes each marts and intermediate table it built to ``<export>/<schema>/<table>/``.
4. :func:`load_exported` loads those into the DuckDB build, which the refresh gates and publishes.

Both folders must be paths that this machine and Spark's executors see alike (the same machine, or a
shared file system mounted at the same path). bench/spark_build.py uses the same functions.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import yaml

from orchestration.paths import DBT_PROJECT_DIR

TARGET_VARIABLE = "HEMI_DBT_TARGET"
# Spark's results that the warehouse keeps: the marts readers query, and the intermediate tables
# that the marts' tests and the comparison with DuckDB read.
EXPORTED_SCHEMAS = ("marts", "intermediate")


class SparkExchangeError(RuntimeError):
    """Spark's results could not be moved into the DuckDB build."""


def dbt_target() -> str | None:
    """The profiles.yml output the refresh's dbt step uses; None for the profile's default."""
    return os.environ.get(TARGET_VARIABLE) or None


def target_type(target: str | None, profiles_dir: Path = DBT_PROJECT_DIR) -> str:
    """The adapter type (``duckdb``, ``spark``) of a profiles.yml output, read without rendering."""
    profile = yaml.safe_load((profiles_dir / "profiles.yml").read_text())["hemisphere"]
    name = target or profile["target"]
    outputs = profile["outputs"]
    if name not in outputs:
        raise ValueError(f"{TARGET_VARIABLE}={name}: profiles.yml has no such output (it has {', '.join(outputs)})")
    return outputs[name]["type"]


def is_spark(target: str | None) -> bool:
    return target_type(target) == "spark"


@dataclass(frozen=True)
class Exchange:
    """The two Parquet folders of one Spark build."""

    sources: Path
    export: Path

    @classmethod
    def under(cls, folder: Path) -> Exchange:
        """Both under ``folder``, unless HEMI_SPARK_SOURCES / HEMI_SPARK_EXPORT name shared paths."""
        return cls(
            sources=Path(os.environ.get("HEMI_SPARK_SOURCES") or folder / "sources"),
            export=Path(os.environ.get("HEMI_SPARK_EXPORT") or folder / "export"),
        )

    def dbt_vars(self) -> dict[str, str]:
        """The vars the dbt hooks read (macros/spark/)."""
        return {"spark_sources": str(self.sources), "spark_export": str(self.export)}

    def clear(self) -> None:
        # A previous build's files would be read as this one's.
        for folder in (self.sources, self.export):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)


def source_tables(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(schema, table) of every dbt source and seed of a parsed manifest (manifest.json as a dict)."""
    sources = {(source["schema"], source["identifier"]) for source in manifest["sources"].values()}
    seeds = {(node["schema"], node["alias"]) for node in manifest["nodes"].values() if node["resource_type"] == "seed"}
    return sorted(sources | seeds)


def write_sources(con: duckdb.DuckDBPyConnection, tables: list[tuple[str, str]], root: Path) -> int:
    """Each table as ``root/<schema>/<table>/part-0.parquet``; JSON columns as text (Spark reads JSON
    with get_json_object from a string). Returns the rows written."""
    rows = 0
    for schema, table in tables:
        described = con.execute(f'describe "{schema}"."{table}"').fetchall()
        columns = ", ".join(
            f'cast("{name}" as varchar) as "{name}"' if column_type == "JSON" else f'"{name}"'
            for name, column_type, *_ in described
        )
        # A Spark table's location is a folder.
        folder = root / schema / table
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "part-0.parquet"
        con.execute(f"copy (select {columns} from \"{schema}\".\"{table}\") to '{path}' (format parquet)")
        rows += con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
    return rows


def exported_tables(root: Path) -> list[tuple[str, str]]:
    """(schema, table) of every folder Spark's on-run-end hook wrote under ``root``."""
    return [
        (schema, folder.name)
        for schema in EXPORTED_SCHEMAS
        if (root / schema).is_dir()
        for folder in sorted((root / schema).iterdir())
        if folder.is_dir()
    ]


def load_exported(con: duckdb.DuckDBPyConnection, root: Path) -> list[str]:
    """Spark's tables, replacing the build's relations of the same names; returns their names.

    DuckDB keeps the types Spark wrote (the marts' contract types on both engines); DuckDB's NOT NULL
    constraints and column comments, which dbt-duckdb adds, are not carried over."""
    loaded = []
    for schema, table in exported_tables(root):
        files = sorted((root / schema / table).glob("*.parquet"))
        if not files:
            raise SparkExchangeError(f"Spark wrote no Parquet file for {schema}.{table} under {root / schema / table}")
        con.execute(f'create schema if not exists "{schema}"')
        kind = con.execute(
            "select table_type from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()
        if kind and kind[0] == "VIEW":
            con.execute(f'drop view "{schema}"."{table}"')
        con.execute(
            f'create or replace table "{schema}"."{table}" as select * from read_parquet(?)',
            [[str(path) for path in files]],
        )
        loaded.append(f"{schema}.{table}")
    return loaded
