"""The floor: what DuckDB alone needs to turn the same raw files into the same marts.

No Dagster, no landing zone, no Great Expectations, no dbt at run time. The dbt project is
compiled once beforehand (outside the timed region); then, against a fresh DuckDB file:

1. **load**: every source's files go into ``raw.*`` tables with the columns the dbt sources expect.
   WDI's data CSVs, the bulk of every scale (23.7 million values at 100x), are read by DuckDB's own
   CSV reader with declared columns and unpivoted in SQL (``bench/native_wdi.py``), unchecked. The
   other sources, and WDI's Excel and metadata files, go through the project's own parse functions
   (``sources/<publisher>/parse.py``; python-calamine for Excel): DuckDB's excel extension must be
   downloaded from its extension repository, which these machines cannot reach, and those CSVs need
   the parsers' reshaping (CBP's FYTD rows, UNCTAD's unquoted commas). That Python counts in the
   floor, which makes the floor higher and the refresh/floor ratio kinder than a pure-DuckDB floor.
2. **models**: the compiled SQL of every dbt model runs in dependency order, as ``create view``
   for staging and intermediate models and ``create table`` for marts, as dbt_project.yml sets.

Run ``python bench/floor.py --snapshot ../shared/data`` (or ``--sample DIR`` for a folder a sample
writer filled); it prints timings and the marts' row counts as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.native_wdi import load_wdi  # noqa: E402
from orchestration.catalog import SOURCES  # noqa: E402
from orchestration.paths import DBT_PROJECT_DIR, dbt_executable  # noqa: E402
from sources._common.landing import LandedFile  # noqa: E402
from sources._common.snapshot import find_snapshot_files  # noqa: E402
from sources._common.spec import SourceSpec  # noqa: E402

REVISIONS_DDL = """
    create table raw."{name}" (
        entity_key json, old_vintage varchar, new_vintage varchar, old_value double, new_value double,
        run_id varchar, detected_at timestamp with time zone
    )
"""


def compile_dbt(target_path: Path, home: Path) -> dict:
    """``dbt compile`` into a private target folder (the checkout's is shared); returns the manifest."""
    env = {**os.environ, "HEMI_HOME": str(home), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    (home / "build").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [dbt_executable(), "compile", "--profiles-dir", str(DBT_PROJECT_DIR), "--project-dir", str(DBT_PROJECT_DIR),
         "--target-path", str(target_path), "--quiet"],
        check=True, env=env, cwd=DBT_PROJECT_DIR,
    )  # fmt: skip
    return json.loads((target_path / "manifest.json").read_text())


def landed_in_place(spec: SourceSpec, folder: Path, origin: str) -> list[LandedFile]:
    """The records a landing would write, for files read where they are (lineage needs the sha256)."""
    records = []
    for dataset, path in find_snapshot_files(spec, folder):
        data = path.read_bytes()
        vintage = "sample" if origin == "sample" else spec.read_vintage(path)
        records.append(
            LandedFile(
                source=spec.name, dataset=dataset, path=str(path), original_name=path.name,
                sha256=hashlib.sha256(data).hexdigest(), size=len(data), url=path.as_uri(),
                retrieved_at=datetime.now(UTC).isoformat(), vintage=vintage, origin=origin,
            )
        )  # fmt: skip
    return records


def load_raw(con: duckdb.DuckDBPyConnection, folder: Path, origin: str) -> dict[str, int]:
    con.execute("create schema if not exists raw")
    rows = {}
    for spec in SOURCES:
        landed = landed_in_place(spec, folder, origin)
        if spec.name == "wdi":
            rows.update(load_wdi(con, spec, landed))
            for table in spec.raw_tables:
                if table.revisions_table:
                    con.execute(REVISIONS_DDL.format(name=table.revisions_table))
            continue
        tables = spec.load(landed)
        for table in spec.raw_tables:
            frame = tables[table.name]
            con.register("incoming_frame", frame)
            con.execute(f'create or replace table raw."{table.name}" as select * from incoming_frame')
            con.unregister("incoming_frame")
            rows[table.name] = len(frame)
            if table.revisions_table:
                con.execute(REVISIONS_DDL.format(name=table.revisions_table))
    return rows


def model_order(manifest: dict) -> list[dict]:
    """Seeds and models, every node after the nodes it depends on."""
    nodes = {
        uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] in ("model", "seed")
    }
    ordered: list[dict] = []
    done: set[str] = set()

    def visit(uid: str) -> None:
        if uid in done or uid not in nodes:
            return
        done.add(uid)
        for parent in nodes[uid]["depends_on"].get("nodes", []):
            visit(parent)
        ordered.append(nodes[uid])

    for uid in sorted(nodes):
        visit(uid)
    return ordered


def run_models(con: duckdb.DuckDBPyConnection, nodes: Iterable[dict]) -> None:
    for node in nodes:
        schema, name = node["schema"], node.get("alias") or node["name"]
        con.execute(f'create schema if not exists "{schema}"')
        if node["resource_type"] == "seed":
            seed = DBT_PROJECT_DIR / node["original_file_path"]
            con.execute(f"create or replace table \"{schema}\".\"{name}\" as select * from read_csv('{seed}')")
            continue
        kind = "view" if node["config"]["materialized"] == "view" else "table"
        con.execute(f'create or replace {kind} "{schema}"."{name}" as {node["compiled_code"]}')


def run_floor(folder: Path, origin: str, manifest: dict, database: Path) -> dict:
    """Load and build into ``database``; returns the seconds of each part and the marts' row counts."""
    # The compiled SQL names the catalog after the warehouse file: it must be called hemisphere.duckdb.
    database.parent.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    with duckdb.connect(str(database)) as con:
        raw_rows = load_raw(con, folder, origin)
        loaded = time.perf_counter()
        run_models(con, model_order(manifest))
        con.execute("checkpoint")
        built = time.perf_counter()
        marts = {
            name: con.execute(f'select count(*) from marts."{name}"').fetchone()[0]
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
            ).fetchall()
        }
    return {
        # This process's peak so far (the floor runs in its own process, one per bench figure).
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average": round(os.getloadavg()[0], 2),
        "load_s": round(loaded - started, 3),
        "models_s": round(built - loaded, 3),
        "total_s": round(built - started, 3),
        "raw_rows": raw_rows,
        "mart_rows": marts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--snapshot", type=Path, help="a folder laid out like shared/data")
    where.add_argument("--sample", type=Path, help="a folder a sample writer filled (rows marked sample)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--reuse-compiled", action="store_true", help="use the workdir's compiled dbt project")
    parser.add_argument("--workdir", type=Path, default=None, help="where the DuckDB file and compiled dbt go")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hemi_bench_floor_"))
    workdir.mkdir(parents=True, exist_ok=True)
    compiled = workdir / "dbt_target" / "manifest.json"
    if args.reuse_compiled and compiled.exists():
        manifest = json.loads(compiled.read_text())
    else:
        manifest = compile_dbt(workdir / "dbt_target", workdir / "dbt_home")
    folder, origin = (args.snapshot, "snapshot") if args.snapshot else (args.sample, "sample")
    database = workdir / "floor" / "hemisphere.duckdb"
    runs = [run_floor(folder.resolve(), origin, manifest, database) for _ in range(args.repeat)]
    print(json.dumps({"runs": runs}, indent=1))


if __name__ == "__main__":
    main()
