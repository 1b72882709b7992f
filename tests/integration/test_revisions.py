"""Publishers revise history: a new vintage's changes are kept, and a large revision warns."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from orchestration.catalog import SOURCES
from orchestration.cli import main
from orchestration.warehouse import WarehouseFiles
from tests.integration.conftest import refresh


def _write_release(folder: Path) -> Path:
    """Files in the publishers' formats, replayed as a real snapshot (not flagged as the sample)."""
    for spec in SOURCES:
        spec.write_sample(folder)
    return folder


def _revise(snapshot: Path, indicator: str, factor: float, countries: set[str] | None, vintage: str) -> int:
    """Scale values of one WDI file and restamp its Last Updated Date, as a new release would."""
    path = next((snapshot / "wdi" / indicator).glob("API_*.csv"))
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    changed = 0
    out = []
    for number, line in enumerate(lines):
        if line.startswith('"Last Updated Date"'):
            line = f'"Last Updated Date","{vintage}",'
        elif number > 4 and line:
            cells = next(csv.reader([line]))
            if countries is None or cells[1] in countries:
                for i in range(4, len(cells) - 1):
                    if cells[i]:
                        cells[i] = repr(float(cells[i]) * factor)
                        changed += 1
                line = ",".join(f'"{cell}"' for cell in cells[:-1]) + ","
        out.append(line)
    path.write_text("\ufeff" + "\r\n".join(out) + "\r\n", encoding="utf-8")
    return changed


@pytest.fixture(scope="module")
def first_release(hemi_home: Path, tmp_path_factory):
    snapshot = _write_release(tmp_path_factory.mktemp("release1"))
    outcome = refresh(mode="snapshot", snapshot_dir=str(snapshot))
    assert outcome.published, outcome.failure
    return snapshot


def _con(home: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(WarehouseFiles(home).published), read_only=True)


def test_a_new_vintage_records_each_revised_value_with_both_vintages(first_release, hemi_home, tmp_path):
    snapshot = tmp_path / "release2"
    shutil.copytree(first_release, snapshot)
    changed = _revise(snapshot, "SP.POP.TOTL", 1.02, {"MEX"}, "2025-06-30")
    outcome = refresh(mode="snapshot", snapshot_dir=str(snapshot), only=("wdi",))
    assert outcome.published, outcome.failure
    with _con(hemi_home) as con:
        rows = con.execute(
            """
            select country_code, old_vintage, new_vintage, old_value, new_value
            from marts.fct_indicator_revisions where indicator_code = 'SP.POP.TOTL' and new_vintage = '2025-06-30'
            """
        ).fetchall()
    assert len(rows) == changed
    assert {r[0] for r in rows} == {"MEX"}
    assert all(r[1] == "2025-01-01" and abs(r[4] / r[3] - 1.02) < 1e-9 for r in rows)


def test_revising_a_large_share_of_history_warns_but_publishes(first_release, hemi_home, tmp_path):
    snapshot = tmp_path / "release3"
    shutil.copytree(first_release, snapshot)
    for indicator in ("SP.POP.TOTL", "NY.GDP.MKTP.CD", "NY.GDP.PCAP.CD"):
        _revise(snapshot, indicator, 1.05, None, "2025-09-30")
    outcome = refresh(mode="snapshot", snapshot_dir=str(snapshot), only=("wdi",))
    assert outcome.published, outcome.failure
    with _con(hemi_home) as con:
        warning = con.execute(
            """
            select passed, severity, summary from meta.check_results
            where table_name = 'wdi_values' and check_name = 'revision_share'
            """
        ).fetchall()[0]
    assert warning[0] is False and warning[1] == "WARN"
    status = CliRunner().invoke(main, ["status"])
    assert "warning" in status.output and "historical values revised" in status.output


def test_the_sample_never_counts_as_a_revision_of_real_data(first_release, hemi_home):
    before = _count_revisions(hemi_home)
    # Asked for explicitly: the sample over real data is refused otherwise (test_launchpad_gates.py).
    outcome = refresh(mode="sample", only=("wdi",), allow_sample_over_real=True)
    assert outcome.published, outcome.failure
    assert _count_revisions(hemi_home) == before


def _count_revisions(home: Path) -> int:
    with _con(home) as con:
        return con.execute("select count(*) from marts.fct_indicator_revisions").fetchall()[0][0]
