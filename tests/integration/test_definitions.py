import ast
import os
import subprocess
import sys
from pathlib import Path

from dagster import AssetKey, Definitions

from orchestration.catalog import SOURCES

REPO = Path(__file__).resolve().parents[2]


def test_definitions_load_and_validate():
    from orchestration.definitions import defs

    Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    for spec in SOURCES:
        assert f"landing/{spec.name}" in keys
        for table in spec.raw_tables:
            assert f"raw/{table.name}" in keys
    assert {"marts/dim_country", "marts/dim_indicator", "marts/fct_indicator_values", "published_warehouse"} <= keys


def test_every_job_and_schedule_resolves():
    from orchestration.definitions import defs

    for job in ("land", "refresh", "freshness"):
        assert defs.resolve_job_def(job) is not None
    for spec in SOURCES:
        schedule = defs.resolve_schedule_def(f"{spec.name}_release")
        assert schedule.job_name == "land" and schedule.cron_schedule


def test_the_project_has_one_definitions_object():
    built = []
    for path in sorted((REPO / "orchestration").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Definitions":
                built.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert len(built) == 1 and built[0].startswith("orchestration/definitions.py:"), built


def test_importing_the_definitions_creates_nothing_and_sets_no_environment(tmp_path: Path):
    # Sensors first: they must not need the definitions (no import cycle).
    script = """
import os, sys
before = dict(os.environ)
import orchestration.sensors
assert "orchestration.definitions" not in sys.modules, "sensors import the definitions"
from orchestration.definitions import defs
defs.resolve_asset_graph()
changed = sorted(k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k))
assert not changed, changed
"""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "GX_ANALYTICS_ENABLED")}
    env["HEMI_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert not home.exists(), sorted(str(p) for p in home.rglob("*"))


def test_raw_assets_carry_their_parsers_code_version():
    from orchestration.definitions import defs
    from orchestration.versions import source_code_version

    graph = defs.resolve_asset_graph()
    for spec in SOURCES:
        for table in spec.raw_tables:
            assert graph.get(AssetKey(["raw", table.name])).code_version == source_code_version(spec)


def test_raw_gates_are_blocking_and_dbt_tests_are_checks_on_marts():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    check_keys = graph.asset_check_keys
    gate = next(k for k in check_keys if k.asset_key == AssetKey(["raw", "wdi_values"]) and k.name == "expectations")
    # Every suite is reported by one blocking step after the loads; the load step itself carries the
    # revision share, which warns, and the history check, which blocks.
    suites = next(c for c in defs.asset_checks if gate in c.check_keys)
    assert suites.node_def.name == "raw_expectations" and all(spec.blocking for spec in suites.check_specs)
    loader = graph.assets_def_for_key(AssetKey(["raw", "wdi_values"]))
    blocking = {spec.name: spec.blocking for spec in loader.check_specs if spec.asset_key == gate.asset_key}
    assert blocking == {"revision_share": False, "history": True}
    codes = next(c for c in defs.asset_checks if any(k.name == "country_codes_known" for k in c.check_keys))
    assert all(spec.blocking for spec in codes.check_specs)
    # Each generic dbt test is a check on the model it guards, even when it reads another model
    # (relationships), named for its rule, model and column; singular tests are checks of their own.
    mart_checks = {k.name for k in check_keys if k.asset_key == AssetKey(["marts", "fct_indicator_values"])}
    assert "relationships_fct_indicator_values_country_iso3" in mart_checks
    assert "assert_indicator_values_within_registry_bounds" in mart_checks
    generic = [k for k in check_keys if k.name.startswith(("not_null_", "unique_", "accepted_", "relationships_"))]
    assert all(k.asset_key.path[-1] in k.name for k in generic)
    assert len({k.asset_key for k in generic}) >= 60


def test_published_warehouse_waits_for_every_model():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    upstream = graph.get(AssetKey(["published_warehouse"])).parent_keys
    assert AssetKey(["marts", "fct_indicator_values"]) in upstream
    assert AssetKey(["marts", "dim_country"]) in upstream
