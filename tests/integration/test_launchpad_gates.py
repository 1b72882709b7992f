"""The UI cannot publish the sample over real data by default (issue 18, item 10).

The launchpad's source mode defaults to the published warehouse's; the publish step refuses the
synthetic sample over a warehouse holding real (snapshot or live) loads unless asked; and a run that
materializes a few assets without publish says that it publishes nothing.
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from dagster import AssetKey, DagsterInstance

from orchestration import meta
from orchestration.cli import main
from orchestration.resources import default_resources
from orchestration.warehouse import WarehouseFiles
from sources.cbp_encounters import SOURCE as CBP
from tests.integration.conftest import refresh, runtime_home, sha256_of


def _publish_meta(home: Path, mode: str) -> None:
    """A published file whose only content is its refresh record: what the launchpad default reads."""
    home.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(WarehouseFiles(home).published)) as con:
        meta.ensure_meta(con)
        con.execute("insert into meta.refreshes values ('r1', ?, 'wdi', now())", [mode])


def test_the_launchpad_defaults_to_the_published_warehouses_mode(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("HEMI_SOURCE_MODE", raising=False)
    with runtime_home(tmp_path / "none"):
        assert default_resources()["source_settings"].mode == "sample"  # nothing published yet
    with runtime_home(tmp_path / "real") as home:
        _publish_meta(home, "snapshot")
        assert default_resources()["source_settings"].mode == "snapshot"
    monkeypatch.setenv("HEMI_SOURCE_MODE", "live")  # an operator's explicit choice wins
    with runtime_home(tmp_path / "real"):
        assert default_resources()["source_settings"].mode == "live"


def _cbp_release(folder: Path) -> Path:
    """The sample's CBP file, changed, in a snapshot folder: a load whose origin is real files."""
    (path,) = CBP.write_sample(folder)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][-1] = str(int(rows[1][-1]) + 3)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def real_home(hemi_home: Path, tmp_path_factory) -> Path:
    assert refresh(mode="sample").published
    snapshot = _cbp_release(tmp_path_factory.mktemp("cbp_release"))
    outcome = refresh(mode="snapshot", snapshot_dir=str(snapshot), only=("cbp_encounters",))
    assert outcome.published, outcome.failure
    return hemi_home


def test_the_sample_over_real_data_is_refused_naming_both(real_home: Path) -> None:
    published = WarehouseFiles(real_home).published
    before = sha256_of(published)
    outcome = refresh(mode="sample", only=("cbp_encounters",), force=True)
    assert not outcome.published
    assert "refusing to publish the synthetic sample (cbp_encounters)" in outcome.failure
    assert f"over {published}" in outcome.failure and "cbp_encounters: snapshot" in outcome.failure
    assert "--allow-sample-over-real" in outcome.failure
    assert sha256_of(published) == before


def test_a_run_that_does_not_publish_says_so(real_home: Path) -> None:
    from orchestration.definitions import defs

    before = sha256_of(WarehouseFiles(real_home).published)
    seen: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = seen.append  # the project's console logger (orchestration/console.py) logs here
    logging.getLogger("hemisphere").addHandler(handler)
    try:
        result = defs.resolve_job_def("refresh").execute_in_process(
            instance=DagsterInstance.ephemeral(),
            # The code location's console logger, which the UI's event log receives the same messages as.
            run_config={"loggers": {"console": {}}},
            asset_selection=[AssetKey(["raw", "cbp_encounters"]), AssetKey(["raw", "cbp_encounters_revisions"])],
            raise_on_error=False,
        )
    finally:
        logging.getLogger("hemisphere").removeHandler(handler)
    assert result.success
    said = [r.getMessage() for r in seen if r.levelno == logging.WARNING and "publishes nothing" in r.getMessage()]
    assert said and "raw/cbp_encounters" in said[0] and "build" in said[0], [r.getMessage() for r in seen][-5:]
    assert sha256_of(WarehouseFiles(real_home).published) == before


def test_the_sample_over_real_data_publishes_when_asked(real_home: Path) -> None:
    result = CliRunner().invoke(
        main, ["refresh", "--sample", "--only", "cbp_encounters", "--force", "--allow-sample-over-real"]
    )
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(WarehouseFiles(real_home).published), read_only=True) as con:
        origins = con.execute(
            "select distinct origin from meta.source_loads where source = 'cbp_encounters'"
        ).fetchall()
    assert origins == [("sample",)]
