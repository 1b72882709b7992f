from dagster import AssetKey, Definitions

from orchestration.catalog import SOURCES


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

    assert defs.resolve_job_def("refresh") is not None
    for spec in SOURCES:
        assert defs.resolve_job_def(f"refresh_{spec.name}") is not None
    schedule = defs.resolve_schedule_def("wdi_release")
    assert schedule.job_name == "refresh_wdi"
    assert schedule.cron_schedule


def test_raw_gates_are_blocking_and_dbt_tests_are_checks_on_marts():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    check_keys = graph.asset_check_keys
    gate = next(k for k in check_keys if k.asset_key == AssetKey(["raw", "wdi_values"]) and k.name == "expectations")
    checks_def = next(c for c in defs.asset_checks if gate in c.check_keys)
    assert checks_def.check_specs_by_output_name and all(
        spec.blocking for spec in checks_def.check_specs_by_output_name.values()
    )
    mart_checks = {k.name for k in check_keys if k.asset_key == AssetKey(["marts", "fct_indicator_values"])}
    assert any("unique_combination" in name for name in mart_checks)


def test_published_warehouse_waits_for_every_model():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    upstream = graph.get(AssetKey(["published_warehouse"])).parent_keys
    assert AssetKey(["marts", "fct_indicator_values"]) in upstream
    assert AssetKey(["marts", "dim_country"]) in upstream
