"""HemisphereDbtCli skips the dbt adapter dagster-dbt opens in-process: guard the hook it overrides."""

import inspect

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
