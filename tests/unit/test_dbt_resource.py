"""HemisphereDbtCli skips three start-up costs of dagster-dbt's resource: guard the hooks it overrides."""

import importlib.metadata
import inspect
import json
import os
import subprocess

import dagster_dbt.core.dbt_cli_invocation as dbt_cli_invocation
from dagster_dbt import DbtCliResource

from orchestration import dbt_standby
from orchestration.assets.dbt import HemisphereDbtCli
from orchestration.paths import DBT_PROJECT_DIR, dbt_executable


def test_the_overridden_hook_still_exists_and_is_what_cli_calls():
    # If dagster-dbt renames or stops calling this method, the override silently stops saving time.
    assert hasattr(DbtCliResource, "_initialize_dbt_core_adapter")
    assert "self._initialize_dbt_core_adapter(" in inspect.getsource(DbtCliResource.cli)


def test_no_adapter_is_opened_in_dagsters_process():
    resource = HemisphereDbtCli(project_dir="dbt_project", dbt_executable=dbt_executable())
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_the_version_without_a_subprocess_is_the_executables():
    resource = HemisphereDbtCli(project_dir="dbt_project", dbt_executable=dbt_executable())
    printed = subprocess.run([dbt_executable(), "--version"], capture_output=True, text=True, check=True).stdout
    assert f"installed: {resource._cli_version}" in printed
    assert "_cli_version" in inspect.getsource(DbtCliResource.cli)


def test_the_standby_is_dbt_with_the_command_line_it_is_sent():
    standby = dbt_standby.start()
    request = {"args": ["--version"], "env": dict(os.environ), "cwd": str(DBT_PROJECT_DIR)}
    printed, _ = standby.communicate(json.dumps(request).encode() + b"\n", timeout=120)
    assert standby.returncode == 0
    assert f"installed: {importlib.metadata.version('dbt-core')}" in printed.decode()


def test_a_standby_never_used_exits_cleanly():
    standby = dbt_standby.start()
    standby.communicate(b"", timeout=120)
    assert standby.returncode == 0


def test_dagster_dbt_still_starts_dbt_through_the_module_the_standby_replaces():
    # _popen_is swaps `subprocess` in this module while dagster-dbt builds and starts the process;
    # if dagster-dbt starts it some other way, every run would silently pay for a fresh dbt again.
    assert "subprocess.Popen(" in inspect.getsource(dbt_cli_invocation.DbtCliInvocation.run)
    assert dbt_cli_invocation.subprocess is subprocess


def test_a_dbt_command_goes_to_the_standby(tmp_path):
    resource = HemisphereDbtCli(project_dir=os.fspath(DBT_PROJECT_DIR), dbt_executable=dbt_executable())
    standby = dbt_standby.start()
    resource._standby = standby
    invocation = resource.cli(["--version"], target_path=tmp_path)
    assert invocation.process is standby
    invocation.wait()
    assert invocation.is_successful()
