"""The dbt project as Dagster assets; dbt tests become asset checks on the models they guard.

dagster-dbt as documented: a ``DbtProject``, ``@dbt_assets`` over its manifest, a translator that
overrides public methods only, and ``DbtCliResource.cli(["build"], context=context).stream()``.
"""

import json
import time
from collections.abc import Iterator, Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from dagster import AssetCheckResult, AssetExecutionContext, AssetKey, Config
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from pydantic import Field

from orchestration import meta, spark
from orchestration.assets.dbt_checks import explain_failure, with_check_descriptions
from orchestration.assets.sources import WAREHOUSE_POOL
from orchestration.checks.gx_runner import build_pending_data_docs
from orchestration.paths import DBT_PROJECT_DIR, dbt_executable
from orchestration.resources import Warehouse
from orchestration.versions import DBT_INPUTS, dbt_version

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_resource(target: str | None = None) -> DbtCliResource:
    """The dbt CLI resource: the dbt installed beside this interpreter, on this project, with the
    profiles.yml output HEMI_DBT_TARGET names (the profile's default, the DuckDB build, when unset)."""
    return DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=dbt_executable(), target=target or spark.dbt_target())


def dbt_resource_config(target: str) -> dict[str, str]:
    """Run config for the `dbt` resource with another profiles.yml output (a run's config replaces the
    resource's whole config, so it names the project too)."""
    resource = dbt_resource(target)
    return {
        "project_dir": resource.project_dir,
        "profiles_dir": resource.profiles_dir,
        "dbt_executable": resource.dbt_executable,
        "target": target,
    }


def ensure_manifest(project: DbtProject = DBT_PROJECT) -> Path:
    """Parse the dbt project when its manifest is missing or older than any project file.

    dagster-dbt reads the manifest at import time; parsing here (with dbt's partial parsing)
    means a fresh checkout, `make dev` and the tests all see the models as they are on disk.
    """
    manifest = project.manifest_path
    # Only the folders dbt reads: walking target/ and logs/ too took over a second at every start.
    # Folders count too: deleting a file changes only its folder's time.
    roots = [Path(project.project_dir) / name for name in DBT_INPUTS]
    inputs = [
        p
        for root in roots
        if root.exists()
        for p in ([root] if root.is_file() else [root, *root.rglob("*")])
        if p.is_dir() or p.suffix in {".sql", ".yml", ".yaml", ".csv"}
    ]
    newest = max(p.stat().st_mtime for p in inputs)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        dbt_resource().cli(["parse"], target_path=project.target_path).wait()
    return manifest


class HemisphereTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        # Sources are the raw tables the Python assets write: the same keys, so lineage joins up.
        if dbt_resource_props["resource_type"] == "source":
            return AssetKey(["raw", dbt_resource_props["name"]])
        return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        layer = fqn[1] if len(fqn) > 2 else "models"
        if layer == "staging":
            return fqn[2]  # beside the source's landing and raw assets
        if layer == "marts":
            return f"marts_{fqn[2]}"
        return layer


class DbtBuildError(RuntimeError):
    """dbt could not build a model or run a test (not a test that ran and failed: that is a check)."""


class DbtBuildConfig(Config):
    vars: dict[str, str] = Field(
        default_factory=dict,
        description="dbt vars for this run, e.g. {'tariff_rate': '0.25'} (strings; models cast them)",
    )


# Each test's description is the rule it checks (orchestration/assets/dbt_checks.py), set where
# dagster-dbt reads an asset check's description from: the test's meta.description.
DBT_MANIFEST = with_check_descriptions(json.loads(ensure_manifest().read_text()))


@dbt_assets(
    manifest=DBT_MANIFEST,
    project=DBT_PROJECT,
    dagster_dbt_translator=HemisphereTranslator(settings=DagsterDbtTranslatorSettings(enable_code_references=False)),
    pool=WAREHOUSE_POOL,
)
def hemisphere_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse, config: DbtBuildConfig
):
    # Every raw check upstream has run by now: write the Data Docs pages of the suites that passed.
    build_pending_data_docs(warehouse.home_path / "data_docs")
    # dbt writes into this run's build copy, which profiles.yml locates through HEMI_HOME.
    warehouse.files.prepare_build(context.run.run_id)
    # dbt's file log defaults to debug, every statement it runs: 10 MB a build and about 3 s of a
    # 15 s build on this machine. At info it still names every node and error; the compiled SQL is
    # in the target folder.
    args = ["build", "--log-level-file", "info"]
    target_path = warehouse.home_path / "dbt_target"
    on_spark = spark.is_spark(dbt.target)
    exchange = spark.Exchange.under(warehouse.files.build_dir / "spark")
    # The Spark hooks (macros/spark/) read where the Parquet files are from two vars of their own.
    dbt_vars = {**config.vars, **(exchange.dbt_vars() if on_spark else {})}
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    # One target folder per runtime home, reused run after run: dbt's partial parsing then skips
    # re-parsing an unchanged project (dagster-dbt's default, a new folder per run, parses it afresh
    # every time and leaves every run's artifacts behind in dbt_project/target).
    if on_spark:
        yield from _seed_and_share_with_spark(context, warehouse, exchange, target_path)
        # The seeds are Spark tables over the DuckDB build's (the on-run-start hook). "empty": excluding
        # a seed must not exclude its tests, which dagster-dbt's selection names with the models'.
        args += ["--exclude", "resource_type:seed", "--indirect-selection", "empty"]
    started = time.time()
    invocation = dbt.cli(args, context=context, target_path=target_path, raise_on_error=False)
    failed: list[AssetCheckResult] = []
    for event in invocation.stream():
        # A failed check waits for dbt to finish: its rows are read from the build copy, which
        # DuckDB lets only one process open for writing.
        if isinstance(event, AssetCheckResult) and not event.passed:
            failed.append(event)
        else:
            yield event
    results = _run_results(invocation, since=started)
    if on_spark:
        with warehouse.connect_build(context.run.run_id) as con:
            loaded = spark.load_exported(con, exchange.export)
        context.log.info(f"loaded {len(loaded)} tables Spark built into the DuckDB build from {exchange.export}")
    # On Spark a failing test's SQL is Spark's: its rows are not sampled into the check's metadata.
    yield from _explained(failed, results, warehouse, context.run.run_id, sample=not on_spark)
    if not invocation.is_successful():
        errors = [r for r in results.values() if r.get("status") == "error"]
        if errors or not failed:
            # A model or test that could not run (SQL error, contract violation), or dbt itself.
            raise DbtBuildError(_error_summary(errors, invocation))
        return  # only checks failed: Dagster fails the step on the blocking ones, as reported above
    if set(context.selected_asset_keys) >= set(context.assets_def.keys):
        # Only a build of every model is a version of the whole project: a subset leaves the other
        # models as they were, so the recorded version stays the one they were built from.
        with warehouse.connect_build(context.run.run_id) as con:
            meta.record_fingerprint(con, context.run.run_id, "dbt", "project", dbt_version(config.vars), "")


def _seed_and_share_with_spark(
    context: AssetExecutionContext, warehouse: Warehouse, exchange: spark.Exchange, target_path: Path
) -> Iterator:
    """The seeds into the DuckDB build (their materializations are this step's), then every source and
    seed of the build as Parquet for Spark (orchestration/spark.py)."""
    seeding = dbt_resource(target="build").cli(
        ["seed", "--log-level-file", "info"], context=context, target_path=target_path, raise_on_error=False
    )
    yield from seeding.stream()
    if not seeding.is_successful():
        error = _first_line(str(seeding.get_error()))
        raise DbtBuildError(f"dbt seed on the DuckDB build failed before the Spark build: {error}")
    exchange.clear()
    with warehouse.connect_build(context.run.run_id) as con:
        rows = spark.write_sources(con, spark.source_tables(DBT_MANIFEST), exchange.sources)
    context.log.info(f"{rows} rows of every source and seed written as Parquet for Spark to {exchange.sources}")


def _run_results(invocation, since: float) -> dict[str, Mapping[str, Any]]:
    """This build's run_results.json by node; nothing when dbt ended before writing one (the target
    folder is reused, so an older file may be a previous run's)."""
    path = Path(invocation.target_path) / "run_results.json"
    if not path.exists() or path.stat().st_mtime < since:
        return {}
    return {result["unique_id"]: result for result in invocation.get_artifact("run_results.json")["results"]}


def _explained(
    failed: list[AssetCheckResult],
    results: Mapping[str, Mapping[str, Any]],
    warehouse: Warehouse,
    run_id: str,
    sample: bool = True,
) -> Iterator[AssetCheckResult]:
    if not failed:
        return
    with warehouse.connect_build(run_id) if sample else nullcontext() as con:
        for result in failed:
            unique_id = result.metadata.get("unique_id")
            node = DBT_MANIFEST["nodes"].get(getattr(unique_id, "value", unique_id))
            if node is None:  # not a test of this manifest: pass dagster-dbt's result on as it is
                yield result
                continue
            yield explain_failure(result, node, results.get(node["unique_id"]), con)


def _error_summary(errors: list[Mapping[str, Any]], invocation) -> str:
    if errors:
        parts = [f"{r['unique_id'].split('.')[2]}: {_first_line(r.get('message')) or 'error'}" for r in errors]
        return f"dbt build failed on {len(errors)} node(s): " + "; ".join(parts[:5])
    error = _first_line(str(invocation.get_error() or "")) or "see the dbt log"
    return f"dbt build failed before running any node: {error}"


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""
