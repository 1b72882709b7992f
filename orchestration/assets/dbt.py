"""The dbt project as Dagster assets; dbt tests become asset checks on the models they guard."""

import contextlib
import importlib.metadata
import json
import subprocess
import sys
import types
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import dagster_dbt.core.dbt_cli_invocation as dbt_cli_invocation
from dagster import AssetExecutionContext, AssetKey, Config, InitResourceContext
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from packaging import version
from pydantic import Field, PrivateAttr

from orchestration import dbt_standby, meta
from orchestration.assets.sources import WAREHOUSE_POOL
from orchestration.checks.gx_runner import build_pending_data_docs
from orchestration.paths import DBT_PROJECT_DIR, dbt_executable
from orchestration.resources import Warehouse
from orchestration.versions import DBT_INPUTS, dbt_version

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class HemisphereDbtCli(DbtCliResource):
    """dagster-dbt's dbt CLI resource, minus three start-up costs paid before dbt itself starts.

    - dagster-dbt runs ``dbt --version`` in a subprocess to tell dbt Core from dbt Fusion: 1.5-2.3 s
      at every refresh, for dbt to import itself. The dbt it runs (``paths.dbt_executable``) is the
      dbt-core installed beside this interpreter, so its version is this environment's dbt-core.
    - It loads the profile and project and registers a dbt adapter in Dagster's own process, only for
      ``fetch_row_counts`` and ``fetch_column_metadata``, which Hemisphere does not use (the raw
      tables' row counts come from their own step): 1.7 s. dagster-dbt logs and carries on when that
      handle cannot be made, so no adapter is a state it supports.

    - dbt imports itself (about 1.7 s) before it does anything. Each run starts a standby dbt
      (orchestration/dbt_standby.py) when it sets up this resource, so the import overlaps the
      landing, parsing and raw checks on the other core; the run's first dbt command goes to it.

    tests/unit/test_dbt_resource.py fails if the hooks these rely on go away or change meaning.
    """

    _standby: subprocess.Popen | None = PrivateAttr(default=None)

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None

    def setup_for_execution(self, context: InitResourceContext) -> None:
        super().setup_for_execution(context)
        # The standby imports the dbt-core of this interpreter: stand in only for the dbt beside it.
        if Path(self.dbt_executable).parent == Path(sys.executable).parent:
            self._standby = dbt_standby.start()

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        standby, self._standby = self._standby, None
        if standby is not None:  # the run never reached dbt
            standby.kill()
            standby.wait()
            for stream in (standby.stdin, standby.stdout):
                stream.close()

    def cli(self, args, **kwargs):
        standby, self._standby = self._standby, None
        if standby is None or standby.poll() is not None:
            return super().cli(args, **kwargs)
        with _popen_is(standby):
            return super().cli(args, **kwargs)


@contextlib.contextmanager
def _popen_is(standby: subprocess.Popen) -> Iterator[None]:
    """While dagster-dbt starts its dbt process, hand its command line to ``standby`` instead.

    dagster-dbt builds the command line, the environment and the selection, then calls
    ``subprocess.Popen`` and streams that process's output; it offers no hook between the two, so
    the module it calls Popen through sees this stand-in for as long as ``cli`` runs.
    """

    def popen(args, *, env, cwd, **_pipes):
        request = {"args": [str(a) for a in args[1:]], "env": dict(env), "cwd": str(cwd)}
        standby.stdin.write(json.dumps(request).encode() + b"\n")
        standby.stdin.close()
        standby.args = args  # what dagster-dbt logs as the command it ran
        return standby

    stand_in = types.SimpleNamespace(Popen=popen, PIPE=subprocess.PIPE, STDOUT=subprocess.STDOUT)
    real = dbt_cli_invocation.subprocess
    dbt_cli_invocation.subprocess = stand_in
    try:
        yield
    finally:
        dbt_cli_invocation.subprocess = real


def ensure_manifest(project: DbtProject = DBT_PROJECT) -> Path:
    """Parse the dbt project when its manifest is missing or older than any project file.

    dagster-dbt reads the manifest at import time; parsing here (with dbt's partial parsing)
    means a fresh checkout, `make dev` and the tests all see the models as they are on disk.
    """
    manifest = project.manifest_path
    # Only the folders dbt reads: walking target/ and logs/ too took over a second at every start.
    roots = [Path(project.project_dir) / name for name in DBT_INPUTS]
    sources = [
        p
        for root in roots
        for p in ([root] if root.is_file() else root.rglob("*"))
        if p.is_file() and p.suffix in {".sql", ".yml", ".yaml", ".csv"}
    ]
    newest = max(p.stat().st_mtime for p in sources)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        dbt = HemisphereDbtCli(project_dir=project, dbt_executable=dbt_executable())
        dbt.cli(["parse"], target_path=project.target_path).wait()
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


class DbtBuildConfig(Config):
    vars: dict[str, str] = Field(
        default_factory=dict,
        description="dbt vars for this run, e.g. {'tariff_rate': '0.25'} (strings; models cast them)",
    )


@dbt_assets(
    manifest=ensure_manifest(),
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
    warehouse.files.prepare_build(context.run_id)
    # dbt's file log defaults to debug, every statement it runs: 10 MB a build and about 3 s of a
    # 15 s build on this machine. At info it still names every node and error; the compiled SQL is
    # in the target folder.
    args = ["build", "--log-level-file", "info"]
    if config.vars:
        args += ["--vars", json.dumps(config.vars)]
    # One target folder per runtime home, reused run after run: dbt's partial parsing then skips
    # re-parsing an unchanged project (dagster-dbt's default, a new folder per run, parses it afresh
    # every time and leaves every run's artifacts behind in dbt_project/target).
    yield from dbt.cli(args, context=context, target_path=warehouse.home_path / "dbt_target").stream()
    if set(context.selected_asset_keys) >= set(context.assets_def.keys):
        # Only a build of every model is a version of the whole project: a subset leaves the other
        # models as they were, so the recorded version stays the one they were built from.
        with warehouse.connect_build(context.run_id) as con:
            meta.record_fingerprint(con, context.run_id, "dbt", "project", dbt_version(config.vars), "")
