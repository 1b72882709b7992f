"""HemisphereDbtCli skips two start-up costs of dagster-dbt's resource: guard the hooks it overrides."""

import inspect
import subprocess

from dagster_dbt import DbtCliResource

from orchestration.assets.dbt import HemisphereDbtCli
from orchestration.paths import dbt_executable


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
