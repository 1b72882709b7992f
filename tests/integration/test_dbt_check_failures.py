"""A dbt test that fails during a refresh says which rule failed, on which model, declared in which
file, on how many rows, and shows the rows (issue 18, item 3: it used to print `failed:` and nothing).

A private copy of the sample warehouse's home gets one impossible WGI estimate in its raw table;
a refresh with a new dbt var then rebuilds every model from that raw table, through the same
Dagster job and dbt asset as any refresh, and must refuse to publish.
"""

from __future__ import annotations

import shutil

import duckdb

from orchestration.warehouse import WarehouseFiles
from tests.integration.conftest import refresh, runtime_home, sha256_of


def test_a_failing_dbt_check_names_its_rule_model_file_and_rows(sample_warehouse, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_warehouse.home, home, ignore=shutil.ignore_patterns("build", "refresh.lock"))
    published = WarehouseFiles(home).published
    with duckdb.connect(str(published)) as con:
        (row,) = con.execute(
            "update raw.wgi_estimates set estimate = 9.75 "
            "where rowid = (select min(rowid) from raw.wgi_estimates where estimate is not null) "
            "returning upper(country_code), year, lower(indicator)"
        ).fetchall()
    before = sha256_of(published)

    with runtime_home(home):
        # Nothing landed is new, but the dbt var is: every model is rebuilt from the raw tables as they are.
        outcome = refresh(mode="sample", dbt_vars={"tariff_rate": "0.11"})

    assert not outcome.published
    assert sha256_of(published) == before
    lines = [part for part in outcome.failure.split("; check ") if "staging/stg_wgi__estimates" in part]
    assert len(lines) == 1, outcome.failure
    (line,) = lines
    # The rule (dbt's test and its words), the model, the file that declares it and the count.
    assert "estimate is between -5 and 5" in line or "accepted_range" in line, line
    assert "1 failing row in staging/stg_wgi__estimates" in line, line
    assert "(dbt_project/models/staging/wgi/" in line, line
    # A sample of the failing rows: the corrupted one.
    samples = [sample for sample in outcome.failing_rows if "9.75" in sample]
    assert samples, outcome.failing_rows
    if "accepted_range_stg_wgi__estimates_estimate" in line:  # dbt's own tests return the whole row
        wgi_code, _, indicator = row
        assert wgi_code in samples[0] and indicator in samples[0]
    # No standing "step failed" noise for a check that failed as a check.
    assert "step hemisphere_dbt_models failed" not in outcome.failure
